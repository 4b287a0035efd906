import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ChallengesService } from '../src/challenges/challenges.service';
import { challengeIn } from './factories/challenges';
import { createPilot } from './factories/pilots';
import { addMember as joinOrganization, createOrganization, createProposal } from './factories/proposals';
import { createUser, departmentId, TestUser } from './factories/users';
import { auditEvents, expectProblem } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const REASON = 'Strong fit with the challenge and a credible plan.';
const RATIONALE = 'The evidence so far supports this decision.';

type Body = Record<string, unknown>;
type Who = TestUser | 'anonymous';
interface Org {
  id: string;
  name: string;
}
interface Challenge {
  id: string;
  title: string;
  criteria: { id: string }[];
}
interface NotificationItem {
  id: string;
  kind: string;
  entityType: string;
  entityId: string;
  message: string;
  data: Record<string, string>;
  readAt: string | null;
  createdAt: string;
}
interface AuditItem {
  id: string;
  occurredAt: string;
  actor: { id: string; name: string } | null;
  action: string;
  entityType: string;
  entityId: string;
  before: Body | null;
  after: Body | null;
  requestId: string | null;
}
/** A notification row written by some action, as stored. */
interface Written {
  recipient: string;
  kind: string;
  entityType: string;
  entityId: string;
}

/** base64url of any JSON: a cursor of the right alphabet but the wrong content. */
const forgedCursor = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('notifications and the audit read API', () => {
  let t: TestApp;
  let care: string;
  let social: string;
  let admin: TestUser;
  let director: TestUser;
  /** Department staff of Vård- och omsorgsförvaltningen (the department of every challenge here). */
  let staff: TestUser;
  let staff2: TestUser;
  /** Department staff of the same department who also owns an organisation (dualOrg). */
  let dual: TestUser;
  /** Department staff of the same department, disabled: never notified. */
  let disabledStaff: TestUser;
  /** Department staff of Socialförvaltningen. */
  let otherStaff: TestUser;
  let eva: TestUser;
  let olle: TestUser;
  let stina: TestUser;
  /** An evaluator whose inbox the list tests read. */
  let inbox: TestUser;
  /** Owner and plain member of the lead organisation. */
  let leadOwner: TestUser;
  let leadMember: TestUser;
  /** Two owners and a plain member of the partner organisation. */
  let partnerOwner: TestUser;
  let partnerCoOwner: TestUser;
  let partnerMember: TestUser;
  /** Owns sharedOrg, of which leadOwner is a co-owner. */
  let outsider: TestUser;
  let everyone: TestUser[];
  let leadOrg: Org;
  let partnerOrg: Org;
  let sharedOrg: Org;
  let dualOrg: Org;
  let challenge: Challenge;
  const names = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000', CHALLENGE_CLOSE_INTERVAL_SECONDS: '60' });
    care = await departmentId(t);
    social = await departmentId(t, 'socialforvaltningen');
    [
      admin,
      director,
      staff,
      staff2,
      dual,
      disabledStaff,
      otherStaff,
      eva,
      olle,
      stina,
      inbox,
      leadOwner,
      leadMember,
      partnerOwner,
      partnerCoOwner,
      partnerMember,
      outsider,
    ] = await Promise.all([
      createUser(t, { roles: ['admin'], name: 'Agda Admin' }),
      createUser(t, { roles: ['director'], name: 'Dora Direktör' }),
      createUser(t, { roles: ['department'], departmentId: care, name: 'Sixten Care' }),
      createUser(t, { roles: ['department'], departmentId: care, name: 'Selma Care' }),
      createUser(t, { roles: ['department'], departmentId: care, name: 'Dag Dubbelroll' }),
      createUser(t, { roles: ['department'], departmentId: care, name: 'Disa Disabled' }),
      createUser(t, { roles: ['department'], departmentId: social, name: 'Otto Social' }),
      createUser(t, { roles: ['evaluator'], name: 'Eva Ek' }),
      createUser(t, { roles: ['evaluator'], name: 'Olle Berg' }),
      createUser(t, { roles: ['evaluator'], name: 'Stina Lund' }),
      createUser(t, { roles: ['evaluator'], name: 'Ines Inkorg' }),
      createUser(t, { name: 'Lea Lead' }),
      createUser(t, { name: 'Leo Member' }),
      createUser(t, { name: 'Per Partner' }),
      createUser(t, { name: 'Pia Partner' }),
      createUser(t, { name: 'Pelle Plain' }),
      createUser(t, { name: 'Ulla Outsider' }),
    ]);
    everyone = [
      admin,
      director,
      staff,
      staff2,
      dual,
      disabledStaff,
      otherStaff,
      eva,
      olle,
      stina,
      inbox,
      leadOwner,
      leadMember,
      partnerOwner,
      partnerCoOwner,
      partnerMember,
      outsider,
    ];
    for (const u of everyone) names.set(u.id, u.name);
    await t.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [disabledStaff.id]);

    [leadOrg, partnerOrg, sharedOrg, dualOrg] = await Promise.all([
      createOrganization(t, leadOwner, { name: 'Lead Omsorg' }),
      createOrganization(t, partnerOwner, { name: 'Partner Teknik' }),
      createOrganization(t, outsider, { name: 'Delad Förening' }),
      createOrganization(t, dual, { name: 'Dubbel Ideell' }),
    ]);
    const addMember = (org: Org, owner: TestUser, user: TestUser, role: 'owner' | 'member') =>
      joinOrganization(t, org.id, owner, user, role);
    await addMember(leadOrg, leadOwner, leadMember, 'member');
    await addMember(partnerOrg, partnerOwner, partnerCoOwner, 'owner');
    await addMember(partnerOrg, partnerOwner, partnerMember, 'member');
    await addMember(sharedOrg, outsider, leadOwner, 'owner');
    challenge = (await challengeIn(t, staff, 'published', {
      title: 'Aviseringar och spårbarhet',
    })) as unknown as Challenge;
  });
  afterAll(() => t.close());

  function call(method: 'get' | 'post' | 'put' | 'patch', path: string, who: Who, body?: object) {
    const req = t.http()[method](`${API}${path}`);
    if (who !== 'anonymous') req.set('Authorization', who.auth);
    return body === undefined ? req : req.send(body);
  }
  function ok(res: Response, status = 200): Body {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Body;
  }

  // ---- the product's own steps -------------------------------------------------------------

  /** A draft led by `org` (created by `owner`), optionally inviting partner organisations. */
  async function draft(title: string, options: { owner?: TestUser; org?: Org; partners?: Org[] } = {}) {
    const owner = options.owner ?? leadOwner;
    const org = options.org ?? leadOrg;
    const overrides: Body = { title };
    if (options.partners) overrides.partnerOrganizationIds = options.partners.map((p) => p.id);
    const { id } = await createProposal(t, owner, challenge.id, org.id, overrides);
    return id;
  }
  const submit = (proposalId: string, who: TestUser = leadOwner) =>
    call('post', `/proposals/${proposalId}/submit`, who);
  async function submitted(title: string, options: { owner?: TestUser; org?: Org } = {}): Promise<string> {
    const id = await draft(title, options);
    ok(await submit(id, options.owner));
    return id;
  }
  const assignCall = (proposalId: string, evaluator: TestUser, by: TestUser = staff) =>
    call('post', `/proposals/${proposalId}/assignments`, by, { evaluatorId: evaluator.id });
  async function assign(proposalId: string, evaluator: TestUser, by: TestUser = staff): Promise<string> {
    return ok(await assignCall(proposalId, evaluator, by), 201).id as string;
  }
  async function declare(assignmentId: string, evaluator: TestUser, conflict = false): Promise<void> {
    const body = conflict ? { conflict, reason: 'My sister works for the lead organisation.' } : { conflict };
    ok(await call('post', `/assignments/${assignmentId}/declaration`, evaluator, body));
  }
  const reviewCall = (assignmentId: string, evaluator: TestUser, submitIt = true, scores = [4, 4, 4]) =>
    call('put', `/assignments/${assignmentId}/review`, evaluator, {
      scores: scores.map((score, i) => ({ criterionId: challenge.criteria[i].id, score })),
      recommendation: 'yes',
      submit: submitIt,
    });
  async function review(assignmentId: string, evaluator: TestUser, submitIt = true): Promise<void> {
    ok(await reviewCall(assignmentId, evaluator, submitIt));
  }
  /** Assigned, declared no conflict, review submitted. */
  async function reviewed(proposalId: string, evaluator: TestUser): Promise<string> {
    const id = await assign(proposalId, evaluator);
    await declare(id, evaluator);
    await review(id, evaluator);
    return id;
  }
  const decide = (proposalId: string, who: TestUser, outcome: 'accepted' | 'rejected') =>
    call('post', `/proposals/${proposalId}/decision`, who, { outcome, reason: REASON });
  const gate = (pilotId: string, who: TestUser, body: Body) =>
    call('post', `/pilots/${pilotId}/gate-decisions`, who, { rationale: RATIONALE, ...body });

  // ---- what was written -------------------------------------------------------------------

  /** Every notification row written while `action` ran (tests in a file run one at a time). */
  async function written(action: () => PromiseLike<unknown>): Promise<Written[]> {
    const before = new Set((await t.db.query<{ id: string }[]>(`SELECT id FROM notifications`)).map((r) => r.id));
    await action();
    const rows = await t.db.query<
      { id: string; recipient_id: string; kind: string; entity_type: string; entity_id: string }[]
    >(`SELECT id, recipient_id, kind, entity_type, entity_id FROM notifications`);
    return rows
      .filter((r) => !before.has(r.id))
      .map((r) => ({
        recipient: names.get(r.recipient_id) ?? r.recipient_id,
        kind: r.kind,
        entityType: r.entity_type,
        entityId: r.entity_id,
      }))
      .sort((a, b) => a.recipient.localeCompare(b.recipient));
  }
  /** Exactly one notification of this kind about this entity for each of `people`, and nothing else. */
  function expectNotified(rows: Written[], kind: string, entity: [string, string], people: TestUser[]): void {
    const expected = people
      .map((p) => ({ recipient: p.name, kind, entityType: entity[0], entityId: entity[1] }))
      .sort((a, b) => a.recipient.localeCompare(b.recipient));
    expect(rows).toEqual(expected);
  }
  /** A request that must answer `status`, and the notifications written meanwhile. */
  async function expectStatus(send: () => PromiseLike<Response>, status: number): Promise<Written[]> {
    let res: Response | undefined;
    const rows = await written(async () => {
      res = await send();
    });
    expectProblem(res!, status);
    return rows;
  }
  const careStaff = () => [staff, staff2, dual];
  const leadMembers = () => [leadOwner, leadMember];

  async function notificationsOf(who: TestUser, query = ''): Promise<NotificationItem[]> {
    const items: NotificationItem[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `limit=100${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`;
      const body = ok(await call('get', `/notifications?${q}`, who));
      items.push(...(body.items as NotificationItem[]));
      cursor = body.nextCursor as string | null;
    } while (cursor);
    return items;
  }

  describe('who is notified', () => {
    it("proposal submitted → every enabled department staff member of the challenge's department, nobody else", async () => {
      const id = await draft('Inskickat förslag', { partners: [partnerOrg] });
      // A confirmation tells nobody anything.
      const confirmed = await written(async () =>
        ok(await call('post', `/proposals/${id}/partners/${partnerOrg.id}/confirm`, partnerOwner)),
      );
      expect(confirmed).toEqual([]);

      const rows = await written(async () => ok(await submit(id)));
      // Not Otto (another department), not Disa (disabled), not the submitter or anyone of the
      // consortium, not directors or admins.
      expectNotified(rows, 'proposal.submitted', ['proposal', id], careStaff());

      const [newest] = ok(await call('get', '/notifications?limit=1', staff2)).items as NotificationItem[];
      expect(newest).toEqual({
        id: expect.stringMatching(UUID),
        kind: 'proposal.submitted',
        entityType: 'proposal',
        entityId: id,
        message: expect.stringContaining('Inskickat förslag'),
        data: { title: expect.stringContaining('Inskickat förslag'), challengeTitle: challenge.title },
        readAt: null,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(newest.message).toContain(challenge.title);
      expect(await notificationsOf(otherStaff)).toEqual([]);
    });

    it('the submitter is not notified, even as department staff of that department', async () => {
      const id = await draft('Inskickat av personal', { owner: dual, org: dualOrg });
      const rows = await written(async () => ok(await submit(id, dual)));
      expectNotified(rows, 'proposal.submitted', ['proposal', id], [staff, staff2]);
    });

    it('consortium invitation → the owners of each newly invited organisation, not its plain members', async () => {
      let id = '';
      const created = await written(async () => {
        id = await draft('Konsortium', { partners: [partnerOrg] });
      });
      // Per and Pia own the partner organisation; Pelle is a plain member; the lead is not told.
      expectNotified(created, 'consortium.invited', ['proposal', id], [partnerOwner, partnerCoOwner]);

      // Adding sharedOrg: only its owners other than the inviter (Lea co-owns it), and the
      // already invited partner organisation is not told again.
      const added = await written(async () =>
        ok(
          await call('patch', `/proposals/${id}`, leadOwner, {
            partnerOrganizationIds: [partnerOrg.id, sharedOrg.id],
          }),
        ),
      );
      expectNotified(added, 'consortium.invited', ['proposal', id], [outsider]);

      // A change that invites nobody new notifies nobody.
      const edited = await written(async () =>
        ok(await call('patch', `/proposals/${id}`, leadOwner, { summary: 'A new summary of the consortium.' })),
      );
      expect(edited).toEqual([]);
    });

    it('assignment → the evaluator only', async () => {
      const id = await submitted('Tilldelning');
      let assignmentId = '';
      const rows = await written(async () => {
        assignmentId = await assign(id, eva, staff);
      });
      expectNotified(rows, 'assignment.created', ['assignment', assignmentId], [eva]);

      let second = '';
      const byDirector = await written(async () => {
        second = await assign(id, olle, director);
      });
      expectNotified(byDirector, 'assignment.created', ['assignment', second], [olle]);
      // Declaring tells nobody.
      expect(await written(() => declare(assignmentId, eva))).toEqual([]);
    });

    it('reviews.completed → department staff, only when the LAST pending review is submitted', async () => {
      const id = await submitted('Två granskare');
      const evaA = await assign(id, eva);
      const olleA = await assign(id, olle);
      await declare(evaA, eva);
      await declare(olleA, olle);

      // The first of two: nothing (Olle is still assigned).
      expect(await written(() => review(evaA, eva))).toEqual([]);
      // A saved draft is not a submission.
      expect(await written(() => review(olleA, olle, false))).toEqual([]);
      // The last pending one: the challenge's department staff, not the evaluators, not the consortium.
      const rows = await written(() => review(olleA, olle));
      expectNotified(rows, 'reviews.completed', ['proposal', id], careStaff());
    });

    it('reviews.completed: a recusal counts as not pending', async () => {
      const id = await submitted('Granskare med jäv');
      const evaA = await assign(id, eva);
      const stinaA = await assign(id, stina);
      expect(await written(() => declare(stinaA, stina, true))).toEqual([]);
      await declare(evaA, eva);
      const rows = await written(() => review(evaA, eva));
      expectNotified(rows, 'reviews.completed', ['proposal', id], careStaff());
    });

    it('reviews.completed: sent when the last pending evaluator recuses after the others have submitted', async () => {
      const id = await submitted('Sista granskaren jävig');
      const evaA = await assign(id, eva);
      const stinaA = await assign(id, stina);
      await declare(evaA, eva);
      expect(await written(() => review(evaA, eva))).toEqual([]);
      const rows = await written(() => declare(stinaA, stina, true));
      expectNotified(rows, 'reviews.completed', ['proposal', id], careStaff());
    });

    it('reviews.completed: a recusal with no review in tells nobody (there is nothing to decide on)', async () => {
      const id = await submitted('Bara jäv');
      const stinaA = await assign(id, stina);
      expect(await written(() => declare(stinaA, stina, true))).toEqual([]);
    });

    it('reviews.completed: not while an evaluator who has not even declared is still assigned', async () => {
      const id = await submitted('Odeklarerad granskare');
      const evaA = await assign(id, eva);
      await assign(id, stina); // never declares
      await declare(evaA, eva);
      expect(await written(() => review(evaA, eva))).toEqual([]);
    });

    describe('decisions and gate decisions', () => {
      let pilotId: string;

      it('accepted → every member of the lead organisation; not partners, staff or the decider', async () => {
        const id = await draft('Beviljas', { partners: [partnerOrg] });
        ok(await call('post', `/proposals/${id}/partners/${partnerOrg.id}/confirm`, partnerCoOwner));
        ok(await submit(id));
        await reviewed(id, eva);
        let body: Body = {};
        const rows = await written(async () => {
          body = ok(await decide(id, staff, 'accepted'));
        });
        expectNotified(rows, 'proposal.decided', ['proposal', id], leadMembers());
        pilotId = body.pilotId as string;
        expect(pilotId).toMatch(UUID);
        const [own] = (await notificationsOf(leadMember)).filter((n) => n.entityId === id);
        expect(own.message).toContain('accepted');
        // The facts of the text, for the reader's language: the outcome as a code, the reason.
        expect(own.data).toEqual({ title: expect.any(String), outcome: 'accepted', reason: expect.any(String) });
      });

      it('rejected → every member of the lead organisation', async () => {
        const id = await submitted('Avslås');
        const rows = await written(async () => ok(await decide(id, director, 'rejected')));
        expectNotified(rows, 'proposal.decided', ['proposal', id], leadMembers());
      });

      it("gate decision → the pilot's department staff and lead-organisation members, not the decider", async () => {
        const time = await written(async () =>
          ok(await gate(pilotId, staff, { gate: 'time', outcome: 'go', version: 1 }), 201),
        );
        expectNotified(time, 'pilot.gate-decided', ['pilot', pilotId], [staff2, dual, ...leadMembers()]);
        const [told] = (await notificationsOf(staff2)).filter((n) => n.entityId === pilotId);
        expect(told.data).toEqual({
          title: expect.any(String),
          gate: 'time',
          outcome: 'go',
          stage: 'explore_setup',
          status: 'active',
          reason: expect.any(String),
        });

        const money = await written(async () =>
          ok(await gate(pilotId, director, { gate: 'money', outcome: 'hold', version: 2 }), 201),
        );
        expectNotified(money, 'pilot.gate-decided', ['pilot', pilotId], [...careStaff(), ...leadMembers()]);
      });

      it('a person who is both department staff and a lead-organisation member gets one notification, not two', async () => {
        // Dag is department staff of the pilot's department and owns its lead organisation.
        const made = await createPilot(
          t,
          { staff, partner: dual, evaluator: eva },
          { organization: { name: 'Dags Förening' } },
        );
        const rows = await written(async () =>
          ok(await gate(made.pilotId, staff2, { gate: 'time', outcome: 'go', version: 1 }), 201),
        );
        expectNotified(rows, 'pilot.gate-decided', ['pilot', made.pilotId], [staff, dual]);
      });
    });
  });

  describe('a change that fails writes no notification', () => {
    it('a submit refused for unconfirmed partners: 422, nobody notified, still a draft', async () => {
      const id = await draft('Obekräftad partner', { partners: [partnerOrg] });
      const rows = await expectStatus(() => submit(id), 422);
      expect(rows).toEqual([]);
      const [row] = await t.db.query<{ status: string }[]>(`SELECT status FROM proposals WHERE id = $1`, [id]);
      expect(row.status).toBe('draft');
      const [{ count }] = await t.db.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM notifications WHERE entity_id = $1 AND kind = 'proposal.submitted'`,
        [id],
      );
      expect(count).toBe(0);
    });

    it('a refused assignment, review, acceptance or gate decision notifies nobody', async () => {
      const id = await submitted('Misslyckade ändringar');
      const evaA = await assign(id, eva);
      // The same evaluator again: 409.
      expect(await expectStatus(() => assignCall(id, eva), 409)).toEqual([]);
      // Not an evaluator: 422.
      expect(await expectStatus(() => assignCall(id, leadMember), 422)).toEqual([]);
      await declare(evaA, eva);
      // A review missing scores cannot be submitted: 422 (and it would have been the last one).
      expect(await expectStatus(() => reviewCall(evaA, eva, true, [4]), 422)).toEqual([]);
      // Acceptance while Eva is still assigned: 422.
      expect(await expectStatus(() => decide(id, staff, 'accepted'), 422)).toEqual([]);

      const made = await createPilot(
        t,
        { staff, partner: leadOwner, evaluator: olle },
        { organization: { name: 'Misslyckad' } },
      );
      // A stale version: 409; a gate that does not leave the stage: 422; not the decider's gate: 403.
      expect(
        await expectStatus(() => gate(made.pilotId, staff, { gate: 'time', outcome: 'go', version: 7 }), 409),
      ).toEqual([]);
      expect(
        await expectStatus(() => gate(made.pilotId, director, { gate: 'money', outcome: 'go', version: 1 }), 422),
      ).toEqual([]);
      expect(
        await expectStatus(() => gate(made.pilotId, otherStaff, { gate: 'time', outcome: 'go', version: 1 }), 404),
      ).toEqual([]);
    });
  });

  describe('GET /api/v1/notifications', () => {
    /** Inès's assignments, oldest first: one notification each, in separate transactions. */
    const assignments: string[] = [];

    beforeAll(async () => {
      for (let i = 1; i <= 5; i++) {
        const id = await submitted(`Inkorg ${i}`);
        assignments.push(await assign(id, inbox));
      }
    });

    it('own only, newest first', async () => {
      const res = await call('get', '/notifications', inbox);
      expect(res.status).toBe(200);
      const items = res.body.items as NotificationItem[];
      expect(res.body.nextCursor).toBeNull();
      expect(items.map((n) => n.entityId)).toEqual([...assignments].reverse());
      expect(items.every((n) => n.kind === 'assignment.created' && n.entityType === 'assignment')).toBe(true);
      const times = items.map((n) => Date.parse(n.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));

      const own = await t.db.query<{ id: string }[]>(
        `SELECT id FROM notifications WHERE recipient_id = $1 ORDER BY created_at DESC, id DESC`,
        [inbox.id],
      );
      expect(items.map((n) => n.id)).toEqual(own.map((r) => r.id));

      // Everybody else's list holds only their own, and none of Inès's.
      const inboxIds = new Set(items.map((n) => n.id));
      for (const who of [staff, leadOwner, eva, admin]) {
        const theirs = await notificationsOf(who);
        const stored = await t.db.query<{ id: string }[]>(
          `SELECT id FROM notifications WHERE recipient_id = $1 ORDER BY created_at DESC, id DESC`,
          [who.id],
        );
        expect(theirs.map((n) => n.id)).toEqual(stored.map((r) => r.id));
        expect(theirs.some((n) => inboxIds.has(n.id))).toBe(false);
      }
      expect(await notificationsOf(admin)).toEqual([]);
    });

    it('unread=true lists only unread ones; unread=false all of them', async () => {
      const all = await notificationsOf(inbox);
      const read = all[1];
      ok(await call('post', `/notifications/${read.id}/read`, inbox));
      const unread = await notificationsOf(inbox, 'unread=true');
      expect(unread.map((n) => n.id)).toEqual(all.filter((n) => n.id !== read.id).map((n) => n.id));
      expect(unread.every((n) => n.readAt === null)).toBe(true);
      const everything = await notificationsOf(inbox, 'unread=false');
      expect(everything.map((n) => n.id)).toEqual(all.map((n) => n.id));
      expect(everything[1].readAt).toEqual(expect.stringMatching(ISO_TIMESTAMP));
    });

    it('pages with limit and cursor, without overlap or gaps', async () => {
      const all = (await notificationsOf(inbox)).map((n) => n.id);
      expect(all).toHaveLength(5);
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const body = ok(await call('get', `/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`, inbox));
        pages.push((body.items as NotificationItem[]).map((n) => n.id));
        cursor = body.nextCursor as string | null;
      } while (cursor && pages.length < 10);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual(all);

      // The same with the unread filter (4 unread after the previous test).
      const unreadPages: string[][] = [];
      cursor = null;
      do {
        const body = ok(
          await call('get', `/notifications?unread=true&limit=3${cursor ? `&cursor=${cursor}` : ''}`, inbox),
        );
        unreadPages.push((body.items as NotificationItem[]).map((n) => n.id));
        cursor = body.nextCursor as string | null;
      } while (cursor && unreadPages.length < 10);
      expect(unreadPages.map((p) => p.length)).toEqual([3, 1]);
      expect(unreadPages.flat()).toEqual((await notificationsOf(inbox, 'unread=true')).map((n) => n.id));
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1.5', 'limit'],
      ['unread=yes', 'unread'],
      ['unread=1', 'unread'],
      ['cursor=not%20a%20cursor', 'cursor'],
      [`cursor=${forgedCursor(['yesterday', 'x'])}`, 'cursor'],
      [`cursor=${forgedCursor({ a: 1 })}`, 'cursor'],
    ])('%s: 400', async (query, field) => {
      expectProblem(await call('get', `/notifications?${query}`, inbox), 400, field);
    });

    it('anonymous: 401', async () => {
      expectProblem(await call('get', '/notifications', 'anonymous'), 401);
    });
  });

  describe('POST /api/v1/notifications/:id/read', () => {
    let mine: NotificationItem;

    beforeAll(async () => {
      const id = await submitted('Läskvittens');
      await assign(id, inbox);
      [mine] = await notificationsOf(inbox, 'unread=true');
      expect(mine.entityType).toBe('assignment');
    });

    const readAtOf = async (id: string) =>
      (await t.db.query<{ read_at: Date | null }[]>(`SELECT read_at FROM notifications WHERE id = $1`, [id]))[0]
        .read_at;
    const readEvents = async (id: string) =>
      (await auditEvents(t, 'notification', id)).filter((e) => e.action === 'notification.read');

    it("someone else's: 404, and it stays unread with no audit event", async () => {
      for (const who of [staff, eva, admin, director]) {
        expectProblem(await call('post', `/notifications/${mine.id}/read`, who), 404);
      }
      expect(await readAtOf(mine.id)).toBeNull();
      expect(await auditEvents(t, 'notification', mine.id)).toEqual([]);
    });

    it('anonymous: 401, and it stays unread', async () => {
      expectProblem(await call('post', `/notifications/${mine.id}/read`, 'anonymous'), 401);
      expect(await readAtOf(mine.id)).toBeNull();
    });

    it("own: 200 with readAt, and one 'notification.read' audit event", async () => {
      const res = await call('post', `/notifications/${mine.id}/read`, inbox);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...mine, readAt: expect.stringMatching(ISO_TIMESTAMP) });
      expect(Date.parse(res.body.readAt as string)).toBe((await readAtOf(mine.id))!.getTime());
      const events = await readEvents(mine.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_id: inbox.id, request_id: expect.any(String) });
      expect((await notificationsOf(inbox, 'unread=true')).map((n) => n.id)).not.toContain(mine.id);
    });

    it('again: 200, the first readAt stays and no second audit event is written', async () => {
      const first = (await notificationsOf(inbox)).find((n) => n.id === mine.id)!;
      expect(first.readAt).not.toBeNull();
      const res = await call('post', `/notifications/${mine.id}/read`, inbox);
      expect(res.status).toBe(200);
      expect(res.body.readAt).toBe(first.readAt);
      expect(await readEvents(mine.id)).toHaveLength(1);
      expect(await auditEvents(t, 'notification', mine.id)).toHaveLength(1);
    });

    it('unknown: 404; malformed: 400', async () => {
      expectProblem(await call('post', `/notifications/${randomUUID()}/read`, inbox), 404);
      expectProblem(await call('post', '/notifications/not-a-uuid/read', inbox), 400, 'id');
      expectProblem(await call('post', '/notifications/1/read', inbox), 400, 'id');
    });
  });

  describe('GET /api/v1/notifications/unread-count and POST /api/v1/notifications/read-all', () => {
    const unreadOf = async (who: TestUser) =>
      ok(await call('get', '/notifications/unread-count', who)).unread as number;
    const storedUnread = async (who: TestUser) =>
      (
        await t.db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
          [who.id],
        )
      )[0].n;

    it('the count is the number of own unread ones, and follows a read and a new one', async () => {
      const before = await unreadOf(inbox);
      expect(before).toBe(await storedUnread(inbox));
      expect(before).toBe((await notificationsOf(inbox, 'unread=true')).length);
      const id = await submitted('Räknekvittens');
      await assign(id, inbox);
      expect(await unreadOf(inbox)).toBe(before + 1);
      const [newest] = await notificationsOf(inbox, 'unread=true');
      ok(await call('post', `/notifications/${newest.id}/read`, inbox));
      expect(await unreadOf(inbox)).toBe(before);
      // Someone else's notifications never count.
      expect(await unreadOf(admin)).toBe(0);
    });

    it('read-all marks every own unread one read, audited once with how many; nobody else is touched', async () => {
      const id = await submitted('Allt läst');
      await assign(id, inbox);
      const unread = await storedUnread(inbox);
      expect(unread).toBeGreaterThan(0);
      const othersBefore = await Promise.all([staff, leadOwner, eva].map(storedUnread));

      const res = await call('post', '/notifications/read-all', inbox);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ marked: unread });
      expect(await unreadOf(inbox)).toBe(0);
      expect(await Promise.all([staff, leadOwner, eva].map(storedUnread))).toEqual(othersBefore);
      const events = (await auditEvents(t, 'user', inbox.id)).filter((e) => e.action === 'notification.read-all');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_id: inbox.id, after: { marked: unread } });

      // Again: nothing to mark, and no second audit event.
      expect(ok(await call('post', '/notifications/read-all', inbox))).toEqual({ marked: 0 });
      expect((await auditEvents(t, 'user', inbox.id)).filter((e) => e.action === 'notification.read-all')).toHaveLength(
        1,
      );
    });

    it('anonymous: 401 for both', async () => {
      expectProblem(await call('get', '/notifications/unread-count', 'anonymous'), 401);
      expectProblem(await call('post', '/notifications/read-all', 'anonymous'), 401);
    });
  });

  describe('GET /api/v1/audit', () => {
    /** Aron: an organisation, a proposal created, edited and submitted; Sixten assigns and rejects it. */
    let aron: TestUser;
    let aronOrg: Org;
    let proposalId: string;
    let assignmentId: string;

    const audit = (query: string, who: Who = director) => call('get', `/audit${query ? `?${query}` : ''}`, who);
    /** Every page of a query, with the page sizes seen. */
    async function allPages(query: string, limit = 100): Promise<{ items: AuditItem[]; sizes: number[] }> {
      const items: AuditItem[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const q: string = [query, `limit=${limit}`, cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&');
        const body = ok(await audit(q));
        const page = body.items as AuditItem[];
        items.push(...page);
        sizes.push(page.length);
        cursor = body.nextCursor as string | null;
      } while (cursor && sizes.length < 500);
      return { items, sizes };
    }
    /** The ids the database holds for these filters, newest first. */
    async function stored(filters: { entityType?: string; entityId?: string; actorId?: string }): Promise<string[]> {
      const rows = await t.db.query<{ id: string }[]>(
        `SELECT id FROM audit_events
         WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
           AND ($3::uuid IS NULL OR actor_id = $3)
         ORDER BY occurred_at DESC, id DESC`,
        [filters.entityType ?? null, filters.entityId ?? null, filters.actorId ?? null],
      );
      return rows.map((r) => r.id);
    }
    const newestFirst = (items: AuditItem[]) => {
      const times = items.map((i) => Date.parse(i.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    };

    beforeAll(async () => {
      aron = await createUser(t, { name: 'Aron Audit' });
      names.set(aron.id, aron.name);
      aronOrg = await createOrganization(t, aron, { name: 'Arons Förening' });
      proposalId = (await createProposal(t, aron, challenge.id, aronOrg.id, { title: 'Spårbart förslag' })).id;
      ok(await call('patch', `/proposals/${proposalId}`, aron, { title: 'Spårbart förslag, version 2' }));
      ok(await submit(proposalId, aron));
      assignmentId = await assign(proposalId, eva, staff);
      ok(await decide(proposalId, staff, 'rejected'));
    });

    describe('access', () => {
      it.each([
        ['an admin', () => admin],
        ['a director', () => director],
      ])('%s: 200', async (_, who) => {
        const res = await audit('limit=5', who());
        expect(res.status).toBe(200);
        expect(res.body.items).toHaveLength(5);
      });

      it.each([
        ['department staff', () => staff],
        ['a partner', () => leadOwner],
        ['an evaluator', () => eva],
      ])('%s: 403', async (_, who) => {
        expectProblem(await audit('', who()), 403);
      });

      it('anonymous: 401', async () => {
        expectProblem(await audit('', 'anonymous'), 401);
      });
    });

    it('entityId alone: exactly the events of that object, newest first, with actors by name', async () => {
      const { items } = await allPages(`entityId=${proposalId}`);
      expect(items.map((i) => [i.action, i.actor?.name])).toEqual([
        ['proposal.rejected', 'Sixten Care'],
        ['proposal.submitted', 'Aron Audit'],
        ['proposal.updated', 'Aron Audit'],
        ['proposal.created', 'Aron Audit'],
      ]);
      expect(items.map((i) => i.id)).toEqual(await stored({ entityId: proposalId }));
      newestFirst(items);
      expect(items[0]).toEqual({
        id: expect.stringMatching(UUID),
        occurredAt: expect.stringMatching(ISO_TIMESTAMP),
        actor: { id: staff.id, name: 'Sixten Care' },
        action: 'proposal.rejected',
        entityType: 'proposal',
        entityId: proposalId,
        before: { status: 'submitted' },
        after: { status: 'rejected', reason: REASON },
        requestId: expect.any(String),
      });
    });

    it('actorId alone: exactly that person’s events, of every entity type', async () => {
      const { items } = await allPages(`actorId=${aron.id}`);
      expect(items.map((i) => [i.action, i.entityType, i.entityId])).toEqual([
        ['proposal.submitted', 'proposal', proposalId],
        ['proposal.updated', 'proposal', proposalId],
        ['proposal.created', 'proposal', proposalId],
        ['organization.created', 'organization', aronOrg.id],
        // A user created without an acting person is recorded as created by themself.
        ['user.created', 'user', aron.id],
      ]);
      expect(items.every((i) => i.actor?.id === aron.id)).toBe(true);
      expect(items.map((i) => i.id)).toEqual(await stored({ actorId: aron.id }));
      // Nobody's events: an empty page.
      expect(ok(await audit(`actorId=${randomUUID()}`))).toEqual({ items: [], nextCursor: null });
    });

    it('entityType alone: exactly the events of that type, newest first', async () => {
      for (const entityType of ['organization', 'assignment', 'proposal', 'notification', 'pilot']) {
        const { items } = await allPages(`entityType=${entityType}`);
        expect(items.length).toBeGreaterThan(0);
        expect(items.every((i) => i.entityType === entityType)).toBe(true);
        expect(items.map((i) => i.id)).toEqual(await stored({ entityType }));
        newestFirst(items);
      }
      expect(ok(await audit('entityType=no_such-type'))).toEqual({ items: [], nextCursor: null });
    });

    it('filters combined: each narrows the others', async () => {
      const cases: [string, { entityType?: string; entityId?: string; actorId?: string }, string[]][] = [
        [
          `entityType=organization&actorId=${aron.id}`,
          { entityType: 'organization', actorId: aron.id },
          ['organization.created'],
        ],
        [
          `entityId=${proposalId}&actorId=${staff.id}`,
          { entityId: proposalId, actorId: staff.id },
          ['proposal.rejected'],
        ],
        [
          `entityType=proposal&entityId=${proposalId}&actorId=${aron.id}`,
          { entityType: 'proposal', entityId: proposalId, actorId: aron.id },
          ['proposal.submitted', 'proposal.updated', 'proposal.created'],
        ],
        [
          `entityType=assignment&entityId=${assignmentId}`,
          { entityType: 'assignment', entityId: assignmentId },
          ['assignment.created'],
        ],
        // An id of a proposal under another type, and an actor with none of the object's events: nothing.
        [`entityType=assignment&entityId=${proposalId}`, { entityType: 'assignment', entityId: proposalId }, []],
        [`entityId=${proposalId}&actorId=${eva.id}`, { entityId: proposalId, actorId: eva.id }, []],
        [`entityType=proposal&actorId=${staff.id}`, { entityType: 'proposal', actorId: staff.id }, []],
      ];
      for (const [query, filters, actions] of cases) {
        const { items } = await allPages(query);
        if (query === `entityType=proposal&actorId=${staff.id}`) {
          // Sixten decided several proposals in this file: compare with the database only.
          expect(items.length).toBeGreaterThan(0);
          expect(items.every((i) => i.entityType === 'proposal' && i.actor?.id === staff.id)).toBe(true);
        } else {
          expect({ query, actions: items.map((i) => i.action) }).toEqual({ query, actions });
        }
        expect({ query, ids: items.map((i) => i.id) }).toEqual({ query, ids: await stored(filters) });
        newestFirst(items);
      }
    });

    it('system events have actor null: closing a challenge past its deadline', async () => {
      const expired = await challengeIn(t, staff, 'published', { title: 'Utgången utmaning' });
      const alsoExpired = await challengeIn(t, staff, 'published', { title: 'Också utgången' });
      await t.db.query(
        `UPDATE challenges SET submission_deadline = now() - interval '1 minute' WHERE id = ANY($1::uuid[])`,
        [[expired.id, alsoExpired.id]],
      );
      const closed = await t.app.get(ChallengesService).closeExpired();
      // (The app's own timer may have got there first; either way the system closed them.)
      expect(closed.filter((id) => id !== expired.id && id !== alsoExpired.id)).toEqual([]);
      for (const id of [expired.id, alsoExpired.id]) {
        const { items } = await allPages(`entityType=challenge&entityId=${id}`);
        expect(items.map((i) => [i.action, i.actor])).toEqual([
          ['challenge.closed', null],
          ['challenge.published', { id: staff.id, name: 'Sixten Care' }],
          ['challenge.created', { id: staff.id, name: 'Sixten Care' }],
        ]);
        expect(items[0]).toMatchObject({
          before: { status: 'published' },
          after: { status: 'closed', reason: 'submission deadline passed' },
          requestId: null,
        });
      }
    });

    it('pages without overlap or gaps, whatever the page size', async () => {
      for (const [query, filters, limit] of [
        ['entityType=challenge', { entityType: 'challenge' }, 1],
        ['entityType=proposal', { entityType: 'proposal' }, 7],
        [`actorId=${aron.id}`, { actorId: aron.id }, 3],
        ['', {}, 50],
      ] as const) {
        const expected = await stored(filters);
        const { items, sizes } = await allPages(query, limit);
        const ids = items.map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expected);
        expect(sizes).toEqual(
          Array.from({ length: Math.max(1, Math.ceil(expected.length / limit)) }, (_, i) =>
            Math.min(limit, expected.length - i * limit),
          ),
        );
        newestFirst(items);
      }
    });

    it('from and to: the half-open window of occurrence times, alone and with the other filters', async () => {
      const { items: every } = await allPages(`entityId=${proposalId}`);
      const times = every.map((i) => i.occurredAt).reverse(); // oldest first
      // From the second event on: every event but the first.
      const fromSecond = await allPages(`entityId=${proposalId}&from=${encodeURIComponent(times[1])}`);
      expect(fromSecond.items.map((i) => i.id)).toEqual(every.slice(0, -1).map((i) => i.id));
      // Up to (not including) the last one: every event but the newest.
      const toLast = await allPages(`entityId=${proposalId}&to=${encodeURIComponent(times[times.length - 1])}`);
      expect(toLast.items.map((i) => i.id)).toEqual(every.slice(1).map((i) => i.id));
      // Both: the window in between, newest first.
      const window = await allPages(
        `entityId=${proposalId}&from=${encodeURIComponent(times[1])}&to=${encodeURIComponent(times[times.length - 1])}`,
      );
      expect(window.items.map((i) => i.id)).toEqual(every.slice(1, -1).map((i) => i.id));
      newestFirst(window.items);
      // A window in the future, or one that ends before it begins: nothing.
      expect(ok(await audit(`from=${encodeURIComponent('2999-01-01T00:00:00Z')}`))).toEqual({
        items: [],
        nextCursor: null,
      });
      expect(
        ok(
          await audit(`from=${encodeURIComponent(times[1])}&to=${encodeURIComponent(times[0])}&entityId=${proposalId}`),
        ),
      ).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=%24%24%24', 'cursor'],
      [`cursor=${forgedCursor(['2026-02-30T00:00:00Z', randomUUID()])}`, 'cursor'],
      [`cursor=${forgedCursor([1, 2])}`, 'cursor'],
      ['entityType=Proposal', 'entityType'],
      ['entityType=pro%20posal', 'entityType'],
      ['entityType=proposal1', 'entityType'],
      ['entityType=proposal%27--', 'entityType'],
      [`entityType=${'a'.repeat(51)}`, 'entityType'],
      ['entityType=', 'entityType'],
      ['actorId=nope', 'actorId'],
      ['actorId=123', 'actorId'],
      [`entityId=${'a'.repeat(101)}`, 'entityId'],
      ['from=yesterday', 'from'],
      ['from=2026-01-01', 'from'],
      ['to=2026-01-01T10:00:00', 'to'],
      ['to=2026-02-30T10:00:00Z', 'to'],
    ])('%s: 400', async (query, field) => {
      expectProblem(await audit(query), 400, field);
    });
  });
});
