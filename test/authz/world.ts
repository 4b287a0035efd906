import { challengeIn, createChallenge } from '../factories/challenges';
import { createEvent } from '../factories/events';
import { addMember, createOrganization, createProposal } from '../factories/proposals';
import { createUser, departmentId, TestUser } from '../factories/users';
import type { TestApp } from '../support/test-app';
import type { Actor } from './permissions';

const API = '/api/v1';
const RATIONALE = 'The matrix needs a decision with a reason.';

type ChallengeState = 'draft' | 'published' | 'closed' | 'archived';
export type EventState = 'draft' | 'published' | 'cancelled';
type ProposalState = 'draft' | 'submitted' | 'withdrawn' | 'accepted' | 'rejected';
/** How far the evaluation of a submitted proposal has gone when the builder is done. */
type Evaluation = 'none' | 'undeclared' | 'review draft' | 'review submitted';

export interface MadeProposal {
  id: string;
  /** evaluatorAssigned's assignment (declared unless 'undeclared'). */
  assignmentId?: string;
  /** evaluatorRecused's assignment (recused). */
  recusedAssignmentId?: string;
  pilotId?: string;
}

export interface MadePilot {
  id: string;
  version: number;
  goalId: string;
}

export interface MadeOrganization {
  id: string;
  /** Its sole owner. */
  owner: TestUser;
  /** Someone who is already a member of it. */
  member: TestUser;
}

/**
 * The world every case of the matrix is tried in, built through the API (the factories) the way
 * the product builds it. One department (Vård- och omsorgsförvaltningen, "owning") owns every
 * challenge and pilot; every proposal is on one published, blind-review challenge, led by organisation L
 * (owner: a setup user; plain member: leadMember) with partner organisations P (owned by
 * partnerMember, confirmed) and Q (owned by a setup user; still invited in the draft);
 * evaluatorAssigned and evaluatorRecused are assigned to every submitted proposal, the latter
 * recused. Objects that an allowed call would change for good are also made fresh on demand
 * (`challenge`, `proposal`, `pilot`, `undeclaredAssignment`).
 */
export class World {
  readonly users = {} as Record<Exclude<Actor, 'anonymous'>, TestUser>;
  /** Setup users, not actors of the matrix. */
  leadOwner!: TestUser;
  invitedOwner!: TestUser;
  spareEvaluator!: TestUser;
  userTarget!: TestUser;
  loginUser!: TestUser;
  owningDepartment!: string;
  otherDepartment!: string;
  /** Q: a partner organisation whose owner is a setup user (still invited in the draft). */
  invitedOrganization!: string;
  orgs = {} as Record<'lead org' | 'partner org' | 'unrelated org', MadeOrganization>;
  /** The published challenge every proposal is made on, and its criteria ids. */
  openChallenge!: { id: string; criteria: string[] };
  challenges = {} as Record<ChallengeState, string>;
  proposals = {} as Record<ProposalState, MadeProposal>;
  assignments = {} as Record<
    'undeclared' | 'review draft' | 'review submitted' | 'recused',
    { id: string; proposalId: string }
  >;
  pilots = {} as Record<'active' | 'discontinued', MadePilot>;
  /** Events of the owning department (kind demo_day), and leadOwner's registration at each that takes them. */
  events = {} as Record<EventState, { id: string; registrationId: string }>;
  /** Each actor's own notification (the disabled one's too), and one of a setup user. */
  notifications = {} as Record<Exclude<Actor, 'anonymous'>, string>;
  someoneElsesNotification!: string;
  /** Each actor's own open invitation to an organisation, and one addressed to a setup user. */
  invitations = {} as Record<Exclude<Actor, 'anonymous'>, string>;
  someoneElsesInvitation!: string;
  private counter = 0;

  private constructor(readonly t: TestApp) {}

  /** A name no other call of this world has used. */
  unique(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}x${Math.random().toString(36).slice(2, 8)}`;
  }

  async call(
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    who: TestUser,
    body?: object,
    expected = method === 'post' ? [200, 201] : [200],
  ): Promise<Record<string, unknown>> {
    const req = this.t.http()[method](`${API}${path}`).set('Authorization', who.auth);
    const res = await (body === undefined ? req : req.send(body));
    if (!expected.includes(res.status)) {
      throw new Error(`world: ${method.toUpperCase()} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body as Record<string, unknown>;
  }

  static async build(t: TestApp): Promise<World> {
    const w = new World(t);
    w.owningDepartment = await departmentId(t);
    w.otherDepartment = await departmentId(t, 'socialforvaltningen');
    const partner = (name: string) => createUser(t, { roles: ['partner'], name });
    const evaluator = (name: string) => createUser(t, { roles: ['evaluator'], name });
    // Independent steps run side by side: the embedded database boots slowly enough already.
    const [
      [
        otherPartner,
        leadMember,
        partnerMember,
        evaluatorNotAssigned,
        evaluatorAssigned,
        evaluatorRecused,
        departmentOther,
        departmentOwn,
        director,
        admin,
        disabled,
      ],
      [leadOwner, invitedOwner, spareEvaluator, userTarget, loginUser],
    ] = await Promise.all([
      Promise.all([
        partner('Other Partner'),
        partner('Lead Member'),
        partner('Partner Member'),
        evaluator('Evaluator Not Assigned'),
        evaluator('Evaluator Assigned'),
        evaluator('Evaluator Recused'),
        createUser(t, { roles: ['department'], departmentId: w.otherDepartment, name: 'Department Other' }),
        createUser(t, { roles: ['department'], departmentId: w.owningDepartment, name: 'Department Own' }),
        createUser(t, { roles: ['director'], name: 'Director' }),
        createUser(t, { roles: ['admin'], name: 'Admin' }),
        createUser(t, { roles: ['admin'], name: 'Disabled Admin' }),
      ]),
      Promise.all([
        partner('Lead Owner'),
        partner('Invited Owner'),
        evaluator('Spare Evaluator'),
        partner('User Target'),
        partner('Login User'),
      ]),
    ]);
    Object.assign(w.users, {
      otherPartner,
      leadMember,
      partnerMember,
      evaluatorNotAssigned,
      evaluatorAssigned,
      evaluatorRecused,
      departmentOther,
      departmentOwn,
      director,
      admin,
      disabled,
    });
    Object.assign(w, { leadOwner, invitedOwner, spareEvaluator, userTarget, loginUser });

    const [lead, partnerOrg, invited, unrelated, open, draft, closed, archived] = await Promise.all([
      createOrganization(t, leadOwner, { name: 'Ledande förening' }),
      createOrganization(t, partnerMember, { name: 'Bekräftad partner' }),
      createOrganization(t, invitedOwner, { name: 'Inbjuden partner' }),
      createOrganization(t, otherPartner, { name: 'Orelaterad organisation' }),
      // Blind review (the default, named here because rules depend on it): evaluators never see the consortium.
      challengeIn(t, departmentOwn, 'published', { title: 'Matrisens öppna utmaning', blindReview: true }),
      w.challenge('draft'),
      w.challenge('closed'),
      w.challenge('archived'),
    ]);
    await addMember(t, lead.id, leadOwner, leadMember);
    w.orgs = {
      'lead org': { id: lead.id, owner: leadOwner, member: leadMember },
      'partner org': { id: partnerOrg.id, owner: partnerMember, member: partnerMember },
      'unrelated org': { id: unrelated.id, owner: otherPartner, member: otherPartner },
    };
    w.invitedOrganization = invited.id;
    w.openChallenge = { id: open.id, criteria: (open.criteria as { id: string }[]).map((c) => c.id) };
    w.challenges = { draft, published: open.id, closed, archived };

    const [proposalDraft, submitted, withdrawn, accepted, rejected, undeclared, reviewed, active, discontinued] =
      await Promise.all([
        w.proposal('draft'),
        w.proposal('submitted'),
        w.proposal('withdrawn'),
        w.proposal('accepted'),
        w.proposal('rejected'),
        w.undeclaredAssignment(),
        w.proposal('submitted', 'review submitted'),
        w.pilot('active'),
        w.pilot('discontinued'),
      ]);
    w.proposals = { draft: proposalDraft, submitted, withdrawn, accepted, rejected };
    w.assignments = {
      undeclared,
      'review draft': { id: submitted.assignmentId!, proposalId: submitted.id },
      'review submitted': { id: reviewed.assignmentId!, proposalId: reviewed.id },
      recused: { id: submitted.recusedAssignmentId!, proposalId: submitted.id },
    };
    w.pilots = { active, discontinued };
    const [eventDraft, eventPublished, eventCancelled] = await Promise.all([
      w.event('draft'),
      w.event('published'),
      w.event('cancelled'),
    ]);
    w.events = { draft: eventDraft, published: eventPublished, cancelled: eventCancelled };

    // Notifications are written by the API as side effects that do not reach every role (an
    // evaluator without assignments, a director, an admin get none): each actor gets one row here.
    for (const [actor, user] of Object.entries(w.users) as [Exclude<Actor, 'anonymous'>, TestUser][]) {
      w.notifications[actor] = await w.notification(user);
    }
    w.someoneElsesNotification = await w.notification(leadOwner);
    // Invitations to the invited organisation, which is in no probe's way: accepting one (fresh,
    // see `invitation`) joins an organisation of the call's own instead.
    for (const [actor, user] of Object.entries(w.users) as [Exclude<Actor, 'anonymous'>, TestUser][]) {
      w.invitations[actor] = await w.invitation(user, invited.id);
    }
    w.someoneElsesInvitation = await w.invitation(spareEvaluator, invited.id);
    // Last: from here on the disabled admin's token must be refused everywhere.
    await w.call('patch', `/users/${disabled.id}`, admin, { disabled: true });
    return w;
  }

  /** A challenge of the owning department, brought to `state` through the API. */
  async challenge(state: ChallengeState): Promise<string> {
    const by = this.users.departmentOwn;
    if (state === 'draft') return (await createChallenge(this.t, by, { title: this.unique('Utkast ') })).id;
    return (await challengeIn(this.t, by, state, { title: this.unique('Utmaning ') })).id;
  }

  /**
   * A consortium proposal on the open challenge, brought to `state`. Submitted ones (whatever came
   * after) are evaluated as far as `evaluation` says: evaluatorAssigned declared no conflict and
   * has a draft (or submitted) review, evaluatorRecused declared a conflict.
   */
  async proposal(state: ProposalState, evaluation?: Evaluation): Promise<MadeProposal> {
    const { partnerMember, evaluatorAssigned, evaluatorRecused, departmentOwn } = this.users;
    const steps = evaluation ?? (state === 'accepted' ? 'review submitted' : 'review draft');
    const { id } = await createProposal(this.t, this.leadOwner, this.openChallenge.id, this.orgs['lead org'].id, {
      title: this.unique('Förslag '),
      partnerOrganizationIds: [this.orgs['partner org'].id, this.invitedOrganization],
    });
    await this.call('post', `/proposals/${id}/partners/${this.orgs['partner org'].id}/confirm`, partnerMember);
    const made: MadeProposal = { id };
    if (state === 'draft') return made;
    await this.call('post', `/proposals/${id}/partners/${this.invitedOrganization}/confirm`, this.invitedOwner);
    await this.call('post', `/proposals/${id}/submit`, this.leadOwner);
    if (steps !== 'none') {
      const assign = async (evaluator: TestUser) =>
        String(
          (await this.call('post', `/proposals/${id}/assignments`, departmentOwn, { evaluatorId: evaluator.id })).id,
        );
      made.assignmentId = await assign(evaluatorAssigned);
      if (steps !== 'undeclared') {
        await this.call('post', `/assignments/${made.assignmentId}/declaration`, evaluatorAssigned, {
          conflict: false,
        });
        await this.call('put', `/assignments/${made.assignmentId}/review`, evaluatorAssigned, {
          scores: this.openChallenge.criteria.map((criterionId) => ({ criterionId, score: 4 })),
          recommendation: 'yes',
          submit: steps === 'review submitted',
        });
        made.recusedAssignmentId = await assign(evaluatorRecused);
        await this.call('post', `/assignments/${made.recusedAssignmentId}/declaration`, evaluatorRecused, {
          conflict: true,
          reason: 'I advise the lead organisation.',
        });
      }
    }
    if (state === 'withdrawn') await this.call('post', `/proposals/${id}/withdraw`, this.leadOwner);
    if (state === 'accepted' || state === 'rejected') {
      const decision = await this.call('post', `/proposals/${id}/decision`, departmentOwn, {
        outcome: state,
        reason: 'The matrix decides this proposal.',
      });
      if (state === 'accepted') made.pilotId = String(decision.pilotId);
    }
    return made;
  }

  /** evaluatorAssigned's assignment to a submitted proposal, not declared yet. */
  async undeclaredAssignment(): Promise<{ id: string; proposalId: string }> {
    const made = await this.proposal('submitted', 'undeclared');
    return { id: made.assignmentId!, proposalId: made.id };
  }

  /**
   * An event of the owning department in `state` (kind demo_day, so the list probes find the
   * world's). Published and cancelled ones have leadOwner registered (before the cancellation);
   * `registrant` is registered too when given (a fresh event to cancel one's registration at).
   */
  async event(state: EventState, registrant?: TestUser): Promise<{ id: string; registrationId: string }> {
    const by = this.users.departmentOwn;
    const made = await createEvent(this.t, by, null, { kind: 'demo_day', title: this.unique('Evenemang ') }, false);
    let registrationId = '00000000-0000-4000-8000-000000000000';
    if (state !== 'draft') {
      await this.call('post', `/events/${made.id}/publish`, by);
      registrationId = String((await this.call('post', `/events/${made.id}/registrations`, this.leadOwner, {})).id);
      if (registrant) await this.call('post', `/events/${made.id}/registrations`, registrant, {});
    }
    if (state === 'cancelled') await this.call('post', `/events/${made.id}/cancel`, by);
    return { id: made.id, registrationId };
  }

  /** A pilot of an accepted proposal with one effect goal; 'discontinued' is stopped at the time gate. */
  async pilot(state: 'active' | 'discontinued'): Promise<MadePilot> {
    const { departmentOwn } = this.users;
    const { pilotId } = await this.proposal('accepted');
    const id = pilotId!;
    const goal = await this.call('post', `/pilots/${id}/effect-goals`, departmentOwn, {
      name: 'Andel som känner sig ensamma',
      unit: '%',
      baseline: 40,
      target: 20,
      direction: 'decrease',
    });
    const pilot: MadePilot = { id, version: 1, goalId: String(goal.id) };
    if (state === 'discontinued') {
      await this.call('post', `/pilots/${id}/gate-decisions`, departmentOwn, {
        gate: 'time',
        outcome: 'stop',
        rationale: RATIONALE,
        version: 1,
      });
      pilot.version = 2;
    }
    return pilot;
  }

  /**
   * An open invitation of `user`'s address to `organizationId`, or (without it) to a new
   * organisation of its own, so that accepting it changes nothing anyone else looks at.
   */
  async invitation(user: Pick<TestUser, 'email'>, organizationId?: string): Promise<string> {
    const org =
      organizationId ?? (await createOrganization(this.t, this.leadOwner, { name: this.unique('Inbjudan ') })).id;
    const [row] = await this.t.db.query<{ id: string }[]>(
      `INSERT INTO organization_invitations (organization_id, email, role, invited_by, expires_at)
       VALUES ($1, $2, 'member', $3, now() + interval '1 day') RETURNING id`,
      [org, user.email, this.leadOwner.id],
    );
    return row.id;
  }

  private async notification(recipient: TestUser): Promise<string> {
    const [row] = await this.t.db.query<{ id: string }[]>(
      `INSERT INTO notifications (recipient_id, kind, entity_type, entity_id, message)
       VALUES ($1, 'proposal.decided', 'proposal', $2, 'A notification of the authorization matrix.') RETURNING id`,
      [recipient.id, this.proposals.accepted.id],
    );
    return row.id;
  }
}
