import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChallengesService } from '../src/challenges/challenges.service';
import { ConsortiumService } from '../src/proposals/consortium.service';
import { ProposalsService } from '../src/proposals/proposals.service';
import { DEMO_CHALLENGES } from './demo-challenges';
import { seedEvaluation } from './demo-evaluation';
import { seedEvents } from './demo-events';
import { seedLivingCity } from './demo-living-city';
import { luhnCheckDigit } from '../src/partners/org-number';
import type { OrganizationKind } from '../src/partners/org-number';
import { PartnersService } from '../src/partners/partners.service';
import type { Role } from '../src/users/role';
import { UsersService } from '../src/users/users.service';

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
  name: string;
  departmentSlug?: string;
}

/** Well-known demo credentials: loaded only on demand or on the embedded development database. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: 'admin', email: 'admin@demo.testbed.se', password: 'demo-admin-2026', name: 'Astrid Admin' },
  { role: 'director', email: 'director@demo.testbed.se', password: 'demo-director-2026', name: 'Dag Direktör' },
  {
    role: 'department',
    email: 'department@demo.testbed.se',
    password: 'demo-department-2026',
    name: 'Disa Förvaltning',
    departmentSlug: 'vard-och-omsorgsforvaltningen',
  },
  { role: 'evaluator', email: 'evaluator@demo.testbed.se', password: 'demo-evaluator-2026', name: 'Elsa Bedömare' },
  // Two more evaluators, so that the demo shows disagreement, a recusal and anonymised reviews.
  { role: 'evaluator', email: 'evaluator2@demo.testbed.se', password: 'demo-evaluator2-2026', name: 'Erik Granskare' },
  { role: 'evaluator', email: 'evaluator3@demo.testbed.se', password: 'demo-evaluator3-2026', name: 'Fatima Prövare' },
  { role: 'partner', email: 'partner@demo.testbed.se', password: 'demo-partner-2026', name: 'Per Partner' },
];

/** A valid (fictional) organisationsnummer from nine digits: the Luhn check digit is appended. */
const orgNumber = (nine: string): string => `${nine.slice(0, 6)}-${nine.slice(6)}${luhnCheckDigit(nine)}`;

/** One organisation of every kind, all owned by the demo partner. */
export const DEMO_ORGANIZATIONS: {
  name: string;
  kind: OrganizationKind;
  orgNumber?: string;
  website?: string;
  description: string;
}[] = [
  {
    name: 'Öresund Mobility AB',
    kind: 'company',
    orgNumber: orgNumber('559100001'),
    website: 'https://oresund-mobility.example.se',
    description: 'Självkörande shuttlebussar för kollektivtrafikens första och sista kilometer.',
  },
  {
    name: 'Trygga Gator Startup AB',
    kind: 'startup',
    orgNumber: orgNumber('559200002'),
    description: 'Smart street lighting that adapts to pedestrians and reports vandalism.',
  },
  {
    name: 'Föreningen Äldrekraft',
    kind: 'association',
    orgNumber: orgNumber('802400003'),
    description: 'Ideell förening som motverkar ofrivillig ensamhet bland äldre i Helsingborg.',
  },
  {
    name: 'Lunds universitet, Institutionen för designvetenskaper',
    kind: 'academia',
    website: 'https://www.design.lth.se',
    description: 'Forskning om tjänstedesign och användarcentrerad innovation i offentlig sektor.',
  },
  {
    name: 'Boende på Drottninghög',
    kind: 'resident',
    description: 'Residents who want safer courtyards and more meeting places in their neighbourhood.',
  },
  {
    name: 'Region Skåne Innovation',
    kind: 'public_sector',
    orgNumber: orgNumber('232100025'),
    description: 'Regional innovation support for health and social care.',
  },
];

/** Creates whichever demo accounts, organisations and challenges are missing; returns how many accounts it created. Idempotent. */
export async function seedDemo(app: INestApplicationContext): Promise<number> {
  const db = app.get(DataSource);
  const users = app.get(UsersService);
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    if (await users.findByEmail(account.email)) continue;
    const [department] = account.departmentSlug
      ? await db.query<{ id: string }[]>(`SELECT id FROM departments WHERE slug = $1`, [account.departmentSlug])
      : [];
    const departmentId = department?.id;
    await users.createUser(null, { ...account, roles: [account.role], departmentId }, 'user.demo-seeded');
    created += 1;
  }
  const partner = await users.findActiveByEmail('partner@demo.testbed.se');
  const partners = app.get(PartnersService);
  for (const organization of DEMO_ORGANIZATIONS) {
    const [exists] = await db.query<unknown[]>(`SELECT 1 FROM organizations WHERE name = $1`, [organization.name]);
    if (exists || !partner) continue;
    await partners.create(partner, organization);
  }
  await seedChallenges(app);
  await seedProposals(app);
  await seedEvaluation(app);
  await seedLivingCity(app);
  await seedEvents(app);
  return created;
}

/** Demo proposals in the states reachable before evaluation exists: draft, submitted, withdrawn; with consortia. */
const DEMO_PROPOSALS: {
  title: string;
  challenge: string;
  lead: string;
  partners: { name: string; confirmed: boolean }[];
  steps: ('submit' | 'withdraw')[];
  requestedBudgetSek: number;
  durationMonths: number;
  trl?: number;
  summary: string;
  description: string;
}[] = [
  {
    title: 'Samlastning med eldrivna lastcyklar i stadskärnan',
    challenge: 'Fossilfria leveranser i city',
    lead: 'Öresund Mobility AB',
    partners: [{ name: 'Lunds universitet, Institutionen för designvetenskaper', confirmed: true }],
    steps: ['submit'],
    requestedBudgetSek: 850_000,
    durationMonths: 12,
    trl: 6,
    summary: 'En mikrohubb vid Knutpunkten där leveranser samlastas och körs ut med eldrivna lastcyklar.',
    description:
      'Vi testar en mikrohubb för samlastning i tolv månader tillsammans med handlare i centrum. Lunds ' +
      'universitet följer upp effekterna på utsläpp, buller och trafiksäkerhet.',
  },
  {
    title: 'Fikavänner: digitala och fysiska mötesplatser för äldre',
    challenge: 'Minskad ofrivillig ensamhet inom äldreomsorgen',
    lead: 'Föreningen Äldrekraft',
    partners: [{ name: 'Region Skåne Innovation', confirmed: false }],
    steps: [],
    requestedBudgetSek: 400_000,
    durationMonths: 18,
    summary: 'Volunteers and video calls connect older residents who live at home with home care.',
    description:
      'Frivilliga fikavänner besöker och ringer äldre med hemtjänst, och lokala mötesplatser öppnar ' +
      'varje vecka. Region Skåne är inbjuden att följa upp hälsoeffekterna.',
  },
  {
    title: 'Adaptive street lighting around Knutpunkten',
    challenge: 'Tryggare stadsmiljö kring Knutpunkten kvällstid',
    lead: 'Trygga Gator Startup AB',
    partners: [],
    steps: ['submit', 'withdraw'],
    requestedBudgetSek: 600_000,
    durationMonths: 9,
    trl: 7,
    summary: 'Lighting that brightens for pedestrians and reports broken lamps automatically.',
    description: 'Sensors adapt the light to people walking by; the city gets reports of vandalism within minutes.',
  },
  {
    title: 'Trygghetsvandringar med grannar på Drottninghög',
    challenge: 'Tryggare stadsmiljö kring Knutpunkten kvällstid',
    lead: 'Boende på Drottninghög',
    partners: [],
    steps: ['submit'],
    requestedBudgetSek: 60_000,
    durationMonths: 6,
    summary: 'Residents walk the area together every week and report what feels unsafe.',
    description: 'Boende bjuder in grannar, polis och fastighetsägare till veckovisa trygghetsvandringar med appstöd.',
  },
  {
    title: 'Regional kameraövervakning av Knutpunkten',
    challenge: 'Tryggare stadsmiljö kring Knutpunkten kvällstid',
    lead: 'Region Skåne Innovation',
    partners: [],
    steps: ['submit'],
    requestedBudgetSek: 700_000,
    durationMonths: 24,
    trl: 8,
    summary: 'More cameras and a regional operations centre watching the station area at night.',
    description: 'Fler kameror kopplade till en regional ledningscentral som bevakar Knutpunkten nattetid.',
  },
];

/** Demo proposals through the real service, owned by the demo partner (who owns every demo organisation). */
async function seedProposals(app: INestApplicationContext): Promise<void> {
  const db = app.get(DataSource);
  const users = app.get(UsersService);
  const proposals = app.get(ProposalsService);
  const consortia = app.get(ConsortiumService);
  const partner = await users.findActiveByEmail('partner@demo.testbed.se');
  if (!partner) return;
  const idOf = async (table: 'organizations' | 'challenges', column: 'name' | 'title', value: string) => {
    const [row] = await db.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE ${column} = $1`, [value]);
    return row?.id;
  };
  for (const demo of DEMO_PROPOSALS) {
    const [exists] = await db.query<unknown[]>(`SELECT 1 FROM proposals WHERE title = $1`, [demo.title]);
    if (exists) continue;
    const challengeId = await idOf('challenges', 'title', demo.challenge);
    const leadOrganizationId = await idOf('organizations', 'name', demo.lead);
    const partnerIds = await Promise.all(demo.partners.map((p) => idOf('organizations', 'name', p.name)));
    if (!challengeId || !leadOrganizationId || partnerIds.some((id) => !id)) continue;
    const proposal = await proposals.create(partner, challengeId, {
      leadOrganizationId,
      title: demo.title,
      summary: demo.summary,
      description: demo.description,
      requestedBudgetSek: demo.requestedBudgetSek,
      durationMonths: demo.durationMonths,
      trl: demo.trl,
      partnerOrganizationIds: partnerIds,
    });
    for (const [i, p] of demo.partners.entries()) {
      if (p.confirmed) await consortia.confirmPartner(partner, proposal.id, partnerIds[i]);
    }
    for (const step of demo.steps) await proposals.transition(partner, proposal.id, step);
  }
}

/** Demo challenges through the real service, so they are audited and searchable like any other. */
async function seedChallenges(app: INestApplicationContext): Promise<void> {
  const db = app.get(DataSource);
  const users = app.get(UsersService);
  const challenges = app.get(ChallengesService);
  const admin = await users.findActiveByEmail('admin@demo.testbed.se');
  const staff = await users.findActiveByEmail('department@demo.testbed.se');
  if (!admin || !staff) return;
  for (const demo of DEMO_CHALLENGES) {
    const [exists] = await db.query<unknown[]>(`SELECT 1 FROM challenges WHERE title = $1`, [demo.title]);
    if (exists) continue;
    const [department] = await db.query<{ id: string }[]>(`SELECT id FROM departments WHERE slug = $1`, [
      demo.departmentSlug,
    ]);
    if (!department) continue;
    // The demo department user writes for their own department; the admin for the others.
    const actor = department.id === staff.departmentId ? staff : admin;
    const { status, deadlineInDays, ...fields } = demo;
    const challenge = await challenges.create(actor, {
      title: fields.title,
      summary: fields.summary,
      description: fields.description,
      welfareArea: fields.welfareArea,
      budgetSek: fields.budgetSek,
      testbedSite: fields.testbedSite,
      expectedEffects: fields.expectedEffects,
      sdgs: fields.sdgs,
      tags: fields.tags,
      criteria: fields.criteria,
      departmentId: department.id,
      submissionDeadline: new Date(Date.now() + deadlineInDays * 86_400_000).toISOString(),
    });
    if (status === 'draft') continue;
    await challenges.transition(actor, challenge.id, 'publish');
    if (status === 'closed') await challenges.transition(actor, challenge.id, 'close');
  }
}

export function describeDemoAccounts(baseUrl: string): string {
  const rows = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(11)} ${a.email.padEnd(29)} ${a.password}`);
  return [`Demo accounts (POST ${baseUrl}/api/v1/auth/login):`, ...rows].join('\n');
}
