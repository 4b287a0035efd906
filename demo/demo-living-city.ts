import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../src/common/auth.decorators';
import { EvaluationService } from '../src/evaluation/evaluation.service';
import type { Gate, GateOutcome } from '../src/pilots/gate-rules';
import { PilotsService } from '../src/pilots/pilots.service';
import { ProposalsService } from '../src/proposals/proposals.service';
import { UsersService } from '../src/users/users.service';

/** Where a demo proposal ends up. A pilot fate lists the gate decisions that bring it there. */
type Fate = 'draft' | 'submitted' | 'withdrawn' | 'rejected' | { pilot: [Gate, GateOutcome][]; monthsAgo: number };

type DemoGoal = { name: string; unit: string; baseline: number; target: number; direction: 'increase' | 'decrease' };

/** A value measured, with a note when the value needs explaining (as a project lead writes one). */
type Measured = number | [value: number, note: string];

/**
 * A pilot's effect goals and what was measured: `measured` in order, the first `firstAfterDays`
 * after the money decision, then one every `everyDays` (monthly, quarterly, or weekly for a
 * weekend patrol). The dates fall in the pilot's own (aged) history, none after its last decision
 * when that put it on hold.
 */
interface PilotGoals {
  firstAfterDays: number;
  everyDays: number;
  goals: { goal: DemoGoal; measured: Measured[] }[];
}

/**
 * Effect goals as a real city's pilots have them: each pilot its own, fitting what it tests, one to
 * three, increasing and decreasing, in different units and scales. A pilot gets them when it
 * reaches explore_setup (they are designed there, before money is granted) and is measured from
 * the money decision on: some values move towards the target, some stall or move away (the pilot
 * put on hold, the mentorships broken off), one goal is passed. The two pilots still in
 * explore_idea have none yet; the two that never got money have goals but no measurements.
 */
const PILOT_GOALS: Record<string, PilotGoals> = {
  // explore_setup, active: goals designed, money not yet asked for.
  'Anropsstyrd minibuss till mötesplatser': {
    firstAfterDays: 14,
    everyDays: 30,
    goals: [
      {
        goal: {
          name: 'Brukare i hemtjänsten som deltar i en aktivitet varje vecka',
          unit: '%',
          baseline: 18,
          target: 35,
          direction: 'increase',
        },
        measured: [],
      },
      {
        goal: {
          name: 'Brukare som ofta känner sig ensamma (enkät)',
          unit: '%',
          baseline: 42,
          target: 30,
          direction: 'decrease',
        },
        measured: [],
      },
    ],
  },
  // Stopped at the money gate: goals set, never measured.
  'Fast-track validation for nurses': {
    firstAfterDays: 14,
    everyDays: 30,
    goals: [
      {
        goal: {
          name: 'Tid från ansökan till legitimation',
          unit: 'månader',
          baseline: 14,
          target: 4,
          direction: 'decrease',
        },
        measured: [],
      },
      {
        goal: {
          name: 'Validerade sjuksköterskor anställda i staden',
          unit: 'personer',
          baseline: 0,
          target: 25,
          direction: 'increase',
        },
        measured: [],
      },
    ],
  },
  // develop_pilot, active: monthly readings since the money decision.
  'Ljusstyrning med närvarosensorer vid Knutpunkten': {
    firstAfterDays: 14,
    everyDays: 30,
    goals: [
      {
        goal: {
          name: 'Elanvändning för belysningen kring Knutpunkten',
          unit: 'MWh/månad',
          baseline: 38,
          target: 24,
          direction: 'decrease',
        },
        measured: [35.2, 31.8, 29.5, 27.9, 26.4],
      },
      {
        goal: {
          name: 'Invånare som känner sig trygga kvällstid (enkät)',
          unit: '%',
          baseline: 46,
          target: 65,
          direction: 'increase',
        },
        measured: [49, [47, 'Mätt under en vecka med två inbrott i området.'], 52, 55, 57],
      },
      {
        goal: {
          name: 'Tid från fel till lagad armatur',
          unit: 'dagar',
          baseline: 21,
          target: 3,
          direction: 'decrease',
        },
        measured: [9, 4, [6, 'Reservdelar saknades en vecka.'], 5, 3],
      },
    ],
  },
  // develop_pilot, on hold at the scale gate: weekly readings that went the wrong way.
  'Kvällsvärdar från grannskapet': {
    firstAfterDays: 3,
    everyDays: 7,
    goals: [
      {
        goal: {
          name: 'Anmälda ordningsstörningar vid stationen',
          unit: 'per helg',
          baseline: 12,
          target: 6,
          direction: 'decrease',
        },
        measured: [11, 13, 14, [15, 'Färre värdar ute än planerat.']],
      },
      {
        goal: { name: 'Bemannade värdpass', unit: '% av passen', baseline: 0, target: 90, direction: 'increase' },
        measured: [82, 64, 47, [38, 'Flera värdar har slutat efter sommaren.']],
      },
    ],
  },
  // scale, active: every other month since the money decision; one goal moving away.
  'Mentorer med lång yrkeserfarenhet': {
    firstAfterDays: 14,
    everyDays: 60,
    goals: [
      {
        goal: {
          name: 'Unga i arbete eller studier sex månader efter start',
          unit: '%',
          baseline: 31,
          target: 50,
          direction: 'increase',
        },
        measured: [33, 37, 41, 44, 46, 48],
      },
      {
        goal: {
          name: 'Mentorskap som avbryts i förtid',
          unit: '% av paren',
          baseline: 25,
          target: 10,
          direction: 'decrease',
        },
        measured: [22, 24, 27, 26, [29, 'Svårt att matcha mentorer utanför centrum.'], 28],
      },
    ],
  },
  // implemented: quarterly follow-up, continued after it became ordinary operations.
  'Sommarjobb i trygghetsarbete': {
    firstAfterDays: 14,
    everyDays: 90,
    goals: [
      {
        goal: {
          name: 'Sommarjobbare som fullföljer hela perioden',
          unit: '%',
          baseline: 70,
          target: 90,
          direction: 'increase',
        },
        measured: [78, 84, 88, 91, 92, 93],
      },
      {
        goal: {
          name: 'Anmälda otrygga platser åtgärdade inom 30 dagar',
          unit: '%',
          baseline: 40,
          target: 80,
          direction: 'increase',
        },
        measured: [48, 55, 63, 71, 76, 82],
      },
      {
        goal: {
          name: 'Anmäld skadegörelse i stadsdelarna',
          unit: 'anmälningar/månad',
          baseline: 85,
          target: 60,
          direction: 'decrease',
        },
        measured: [80, 74, [77, 'Fler anmälningar efter en kampanj om att anmäla.'], 69, 64, 66],
      },
    ],
  },
};

const ENSAMHET = 'Minskad ofrivillig ensamhet inom äldreomsorgen';
const KNUTPUNKTEN = 'Tryggare stadsmiljö kring Knutpunkten kvällstid';
const UNGA = 'Vägar till arbete för unga som varken arbetar eller studerar';
const SKILLS = 'Skills matching for newly arrived professionals';
const LEVERANSER = 'Fossilfria leveranser i city';
const HEAT = 'Cooling the city: heat resilience for vulnerable residents';

/** [challenge, lead organisation, title, summary, requested SEK, fate] */
const IDEAS: [string, string, string, string, number, Fate][] = [
  [
    ENSAMHET,
    'Föreningen Äldrekraft',
    'Generationsmöten på biblioteken',
    'Unga och äldre träffas varje vecka på stadens bibliotek för samtal och spel.',
    250_000,
    { pilot: [['time', 'hold']], monthsAgo: 5 },
  ],
  [
    ENSAMHET,
    'Öresund Mobility AB',
    'Anropsstyrd minibuss till mötesplatser',
    'On-demand minibuses take residents with home care to meeting places.',
    550_000,
    { pilot: [['time', 'go']], monthsAgo: 4 },
  ],
  [
    ENSAMHET,
    'Lunds universitet, Institutionen för designvetenskaper',
    'Co-designed loneliness check-ins',
    'Home-care staff use a short co-designed conversation guide to spot loneliness early.',
    300_000,
    'submitted',
  ],
  [
    ENSAMHET,
    'Region Skåne Innovation',
    'Digital vårdcentral för hemtjänstens brukare',
    'Videobesök med distriktssköterska som också fångar upp ensamhet.',
    500_000,
    'rejected',
  ],
  [
    KNUTPUNKTEN,
    'Trygga Gator Startup AB',
    'Ljusstyrning med närvarosensorer vid Knutpunkten',
    'Belysningen höjs där människor rör sig och rapporterar trasiga armaturer automatiskt.',
    700_000,
    {
      pilot: [
        ['time', 'go'],
        ['money', 'go'],
      ],
      monthsAgo: 7,
    },
  ],
  [
    KNUTPUNKTEN,
    'Boende på Drottninghög',
    'Kvällsvärdar från grannskapet',
    'Residents trained as evening hosts walk the station area on weekends.',
    90_000,
    {
      pilot: [
        ['time', 'go'],
        ['money', 'go'],
        ['scale', 'hold'],
      ],
      monthsAgo: 10,
    },
  ],
  [
    KNUTPUNKTEN,
    'Lunds universitet, Institutionen för designvetenskaper',
    'Trygghetskartan: invånarnas egna platser',
    'An app where residents mark places that feel unsafe, shared with the city every week.',
    200_000,
    'draft',
  ],
  [
    KNUTPUNKTEN,
    'Öresund Mobility AB',
    'Trygga nattbussar till Knutpunkten',
    'Night buses with hosts on board from the station to the suburbs.',
    650_000,
    'withdrawn',
  ],
  [
    UNGA,
    'Föreningen Äldrekraft',
    'Mentorer med lång yrkeserfarenhet',
    'Pensionärer blir mentorer för unga som söker sitt första jobb.',
    350_000,
    {
      pilot: [
        ['time', 'go'],
        ['money', 'go'],
        ['scale', 'go'],
      ],
      monthsAgo: 14,
    },
  ],
  [
    UNGA,
    'Trygga Gator Startup AB',
    'Sommarjobb i trygghetsarbete',
    'Young people are paid to work as safety hosts in their own neighbourhoods.',
    900_000,
    {
      pilot: [
        ['time', 'go'],
        ['money', 'go'],
        ['scale', 'go'],
        ['implement', 'go'],
      ],
      monthsAgo: 20,
    },
  ],
  [
    UNGA,
    'Region Skåne Innovation',
    'Regional matchningsplattform för unga',
    'En gemensam plattform där regionens arbetsgivare möter unga arbetssökande.',
    1_100_000,
    'submitted',
  ],
  [
    UNGA,
    'Boende på Drottninghög',
    'Jobbcafé i stadsdelen',
    'A weekly job café in the neighbourhood run by residents and the employment office.',
    120_000,
    'submitted',
  ],
  [
    UNGA,
    'Lunds universitet, Institutionen för designvetenskaper',
    'Unga designar sin egen väg till jobb',
    'Designworkshops där unga själva formar stadens stöd.',
    400_000,
    'draft',
  ],
  [
    SKILLS,
    'Region Skåne Innovation',
    'Fast-track validation for nurses',
    'Validate the skills of newly arrived nurses in weeks instead of a year.',
    600_000,
    {
      pilot: [
        ['time', 'go'],
        ['money', 'stop'],
      ],
      monthsAgo: 9,
    },
  ],
  [
    SKILLS,
    'Lunds universitet, Institutionen för designvetenskaper',
    'Kompetenskartläggning med AI-stöd',
    'En intervjuguide med AI-stöd kartlägger nyanländas kompetens på modersmålet.',
    450_000,
    'submitted',
  ],
  [
    SKILLS,
    'Öresund Mobility AB',
    'Engineers on the move',
    'Newly arrived engineers trial-work in mobility projects with a mentor.',
    700_000,
    'rejected',
  ],
  [
    SKILLS,
    'Föreningen Äldrekraft',
    'Språkvänner på arbetsplatsen',
    'Pensionerade lärare blir språkvänner på arbetsplatser som anställer nyanlända.',
    150_000,
    'withdrawn',
  ],
  [
    LEVERANSER,
    'Trygga Gator Startup AB',
    'Nattleveranser med tysta elbilar',
    'Quiet electric vans deliver to shops at night, when the streets are empty.',
    800_000,
    'submitted',
  ],
  [
    LEVERANSER,
    'Region Skåne Innovation',
    'Gemensam leveranskalender för handlare',
    'Handlarna bokar leveranser i en gemensam kalender så att bilarna kan samlastas.',
    300_000,
    'draft',
  ],
  [
    LEVERANSER,
    'Boende på Drottninghög',
    'Paketskåp i bostadsområdet',
    'Parcel lockers in the neighbourhood replace dozens of home deliveries a day.',
    180_000,
    'rejected',
  ],
  [
    HEAT,
    'Lunds universitet, Institutionen för designvetenskaper',
    'Svalare rum på äldreboenden',
    'Passiv kylning och solskydd testas på två äldreboenden under en sommar.',
    650_000,
    'submitted',
  ],
  [
    HEAT,
    'Öresund Mobility AB',
    'Cooling buses on heatwave days',
    'Air-conditioned buses stop at care homes and meeting places on the hottest days.',
    400_000,
    'submitted',
  ],
  [
    HEAT,
    'Föreningen Äldrekraft',
    'Värmeböljevänner',
    'Frivilliga ringer äldre som bor ensamma under värmeböljor.',
    100_000,
    'submitted',
  ],
  [
    HEAT,
    'Region Skåne Innovation',
    'Varningssystem för värmeböljor',
    'Heat warnings reach home-care staff and residents by text message a day ahead.',
    350_000,
    'draft',
  ],
  [
    HEAT,
    'Trygga Gator Startup AB',
    'Skuggande gatumöbler',
    'Movable shade structures on the squares older residents use most.',
    250_000,
    'rejected',
  ],
];

/**
 * A living city for the demo: about 30 proposals over the published challenges, in every state,
 * and eight pilots spread over every stage and status, with effect goals and measurements. The
 * pilots' histories are then moved back by a few months (their timestamps only; the audit trail
 * keeps the real times) so that the pipeline's ages and stalled pilots mean something at once.
 */
export async function seedLivingCity(app: INestApplicationContext): Promise<void> {
  const db = app.get(DataSource);
  const users = app.get(UsersService);
  const proposals = app.get(ProposalsService);
  const evaluation = app.get(EvaluationService);
  const pilots = app.get(PilotsService);
  const [partner, admin, evaluator] = await Promise.all(
    ['partner@demo.testbed.se', 'admin@demo.testbed.se', 'evaluator@demo.testbed.se'].map((email) =>
      users.findActiveByEmail(email),
    ),
  );
  if (!partner || !admin || !evaluator) return;
  const idOf = async (sql: string, value: string) =>
    (await db.query<{ id: string; criteria?: { id: string }[] }[]>(sql, [value]))[0];

  for (const [challengeTitle, lead, title, summary, requestedBudgetSek, fate] of IDEAS) {
    if (await idOf(`SELECT id FROM proposals WHERE title = $1`, title)) continue;
    const challenge = await idOf(
      `SELECT id, criteria FROM challenges WHERE title = $1 AND status = 'published'`,
      challengeTitle,
    );
    const organization = await idOf(`SELECT id FROM organizations WHERE name = $1`, lead);
    if (!challenge || !organization) continue;
    const proposal = await proposals.create(partner, challenge.id, {
      leadOrganizationId: organization.id,
      title,
      summary,
      description: `${summary} ${DESCRIPTION}`,
      requestedBudgetSek,
      durationMonths: 12,
    });
    if (fate === 'draft') continue;
    await proposals.transition(partner, proposal.id, 'submit');
    if (fate === 'submitted') continue;
    if (fate === 'withdrawn') {
      await proposals.transition(partner, proposal.id, 'withdraw');
      continue;
    }
    if (fate === 'rejected') {
      await evaluation.decide(admin, proposal.id, { outcome: 'rejected', reason: REJECTION });
      continue;
    }
    const assignment = await evaluation.assign(admin, proposal.id, { evaluatorId: evaluator.id });
    await evaluation.declare(evaluator, assignment.id, { conflict: false });
    await evaluation.saveReview(evaluator, assignment.id, {
      scores: (challenge.criteria ?? []).map((c) => ({ criterionId: c.id, score: 4 })),
      recommendation: 'yes',
      comment: 'Genomförbart och med tydliga effektmål.',
      submit: true,
    });
    const { pilotId } = await evaluation.decide(admin, proposal.id, { outcome: 'accepted', reason: ACCEPTANCE });
    if (!pilotId) continue;
    await walk(pilots, admin, pilotId, fate, PILOT_GOALS[title]);
    await age(db, pilotId, proposal.id, fate.monthsAgo);
  }
}

const DESCRIPTION =
  'Förslaget testas i liten skala tillsammans med verksamheten och följs upp mot effektmål som sätts innan pengar beviljas.';
const REJECTION = 'Förslaget svarar inte tillräckligt väl mot utmaningens effektmål.';
const ACCEPTANCE = 'Tydlig nytta för invånarna och en realistisk plan: vi testar det i stadens testbädd.';

/**
 * Takes a pilot through its gate decisions with its own effect goals (`plan`, see PILOT_GOALS): set
 * once it reaches explore_setup, measured from the money decision on, on the dates its history will
 * have once `age` has moved it back (acceptance `monthsAgo` ago, then each decision a month apart).
 * Every measurement is recorded before a scale go, which needs one of every goal.
 */
async function walk(
  pilots: PilotsService,
  admin: AuthUser,
  id: string,
  fate: { pilot: [Gate, GateOutcome][]; monthsAgo: number },
  plan: PilotGoals | undefined,
) {
  const day = 86_400_000;
  const acceptedAt = Date.now() - Math.round(fate.monthsAgo * 30) * day;
  const decidedAt = (index: number) => acceptedAt + 30 * (index + 1) * day;
  const money = fate.pilot.findIndex(([gate, outcome]) => gate === 'money' && outcome === 'go');
  const [lastGate, lastOutcome] = fate.pilot[fate.pilot.length - 1];
  const until = lastOutcome === 'hold' || lastOutcome === 'stop' ? decidedAt(fate.pilot.length - 1) : Date.now();
  const goalIds: string[] = [];
  const measure = async () => {
    if (!plan || money < 0) return;
    for (const [i, { measured }] of plan.goals.entries()) {
      for (const [k, reading] of measured.entries()) {
        const at = decidedAt(money) + (plan.firstAfterDays + k * plan.everyDays) * day;
        if (at >= until)
          throw new Error(`Demo measurement ${k} of "${plan.goals[i].goal.name}" after ${lastGate} ${lastOutcome}`);
        const [value, note] = typeof reading === 'number' ? [reading, undefined] : reading;
        await pilots.addMeasurement(admin, id, goalIds[i], { value, measuredAt: new Date(at).toISOString(), note });
      }
    }
  };
  let version = 1;
  let measured = false;
  for (const [gate, outcome] of fate.pilot) {
    if (gate === 'scale' && !measured) {
      await measure();
      measured = true;
    }
    const pilot = await pilots.decideGate(admin, id, {
      gate,
      outcome,
      rationale: `${gate} ${outcome}: beslut i innovationsrådet enligt stadens modell.`,
      version,
      grantedBudgetSek: gate === 'money' && outcome === 'go' ? 400_000 : undefined,
    });
    version = pilot.version;
    if (gate === 'time' && outcome === 'go' && plan) {
      for (const { goal } of plan.goals) goalIds.push((await pilots.addEffectGoal(admin, id, goal)).id);
    }
  }
  if (!measured) await measure();
}

/** Moves a demo pilot's history back in time, keeping its order: acceptance, then each gate a month apart. */
async function age(db: DataSource, pilotId: string, proposalId: string, monthsAgo: number): Promise<void> {
  const shift = `make_interval(days => ${Math.round(monthsAgo * 30)})`;
  await db.query(`UPDATE proposals SET decided_at = decided_at - ${shift} WHERE id = $1`, [proposalId]);
  await db.query(
    `UPDATE gate_decisions g SET decided_at = g.decided_at - ${shift} + make_interval(days => 30 * n.rank::int)
     FROM (SELECT id, row_number() OVER (ORDER BY decided_at, id) AS rank FROM gate_decisions WHERE pilot_id = $1) n
     WHERE g.id = n.id`,
    [pilotId],
  );
  await db.query(
    `UPDATE pilots p SET created_at = p.created_at - ${shift},
            stage_entered_at = coalesce((SELECT max(decided_at) FROM gate_decisions WHERE pilot_id = p.id), p.created_at - ${shift})
     WHERE p.id = $1`,
    [pilotId],
  );
}
