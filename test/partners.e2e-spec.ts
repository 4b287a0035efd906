import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { challengeIn } from './factories/challenges';
import { createProposal } from './factories/proposals';
import { createCast, createUser, departmentId, TestUser } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';
import { MAILS_PER_ADDRESS_PER_HOUR, MAILS_PER_ADDRESS_PER_HOUR_BY_KIND } from '../src/mail/mail-outbox';
import { mailsTo } from './support/mail';

const ORGS = '/api/v1/organizations';
const SUMMARY_KEYS = ['description', 'id', 'kind', 'name', 'website'];
const FULL_KEYS = [...SUMMARY_KEYS, 'contactEmail', 'members', 'myRole', 'orgNumber', 'pendingInvitations'].sort();

type Cast = Awaited<ReturnType<typeof createCast>>;
type Body = Record<string, unknown>;

interface OrgRow {
  name: string;
  kind: string;
  org_number: string | null;
  website: string | null;
  description: string | null;
  contact_email: string | null;
}

interface AuditRow {
  action: string;
  actor_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** An RFC 9457 problem with this status; for 400s optionally naming `field` in `errors`. */
function expectProblem(res: Response, status: number, field?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, detail: expect.any(String), title: expect.any(String) });
  if (field !== undefined) {
    expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
  }
}

/** Standard Luhn over nine digits, doubling every other digit starting from the first. */
function luhn(nine: string): number {
  let sum = 0;
  for (let i = 0; i < nine.length; i += 1) {
    let digit = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

let orgNumberCounter = 0;
/** A valid organisationsnummer, unique within this file (prefix 559: third digit 9 ≥ 2). */
function orgNumber(): string {
  orgNumberCounter += 1;
  const nine = `559${String(orgNumberCounter).padStart(6, '0')}`;
  return `${nine.slice(0, 6)}-${nine.slice(6)}${luhn(nine)}`;
}

function tag(): string {
  return randomBytes(4).toString('hex');
}

describe('organizations', () => {
  let t: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    t = await startTestApp();
    cast = await createCast(t);
  });
  afterAll(() => t.close());

  /** Registers a company (by default) through the API as `owner`; returns the 201 body. */
  async function createOrg(owner: TestUser, overrides: Body = {}): Promise<Body & { id: string }> {
    const res = await t
      .http()
      .post(ORGS)
      .set('Authorization', owner.auth)
      .send({
        name: `Org ${tag()}`,
        kind: 'company',
        orgNumber: orgNumber(),
        contactEmail: `contact-${tag()}@org.example.se`,
        ...overrides,
      });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** An organisation owned by a fresh partner, with a fresh plain member. */
  async function orgWithMember() {
    const owner = await createUser(t);
    const member = await createUser(t);
    const org = await createOrg(owner);
    await t.db.query(`INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'member')`, [
      org.id,
      member.id,
    ]);
    return { owner, member, org };
  }

  async function orgRow(id: string): Promise<OrgRow | undefined> {
    const rows = await t.db.query<OrgRow[]>(
      `SELECT name, kind, org_number, website, description, contact_email FROM organizations WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async function memberRows(id: string): Promise<{ user_id: string; role: string }[]> {
    return t.db.query(`SELECT user_id, role FROM memberships WHERE organization_id = $1 ORDER BY user_id`, [id]);
  }

  async function orgAudit(id: string, action?: string): Promise<AuditRow[]> {
    const rows = await t.db.query<AuditRow[]>(
      `SELECT action, actor_id, before, after FROM audit_events
       WHERE entity_type = 'organization' AND entity_id = $1 ORDER BY occurred_at, id`,
      [id],
    );
    return action === undefined ? rows : rows.filter((row) => row.action === action);
  }

  /** Counts of everything a refused request must not write. */
  async function counts(): Promise<Record<'orgs' | 'memberships' | 'audit' | 'invitations' | 'mails', number>> {
    const [row] = await t.db.query<Record<'orgs' | 'memberships' | 'audit' | 'invitations' | 'mails', number>[]>(
      `SELECT (SELECT count(*)::int FROM organizations) AS orgs,
              (SELECT count(*)::int FROM memberships) AS memberships,
              (SELECT count(*)::int FROM audit_events WHERE entity_type = 'organization') AS audit,
              (SELECT count(*)::int FROM organization_invitations) AS invitations,
              (SELECT count(*)::int FROM outbox_mails) AS mails`,
    );
    return row;
  }

  describe('POST /organizations', () => {
    it('registers an organisation, makes the creator its only owner and audits it', async () => {
      const partner = await createUser(t, { name: 'Creator' });
      const number = orgNumber();
      const res = await t.http().post(ORGS).set('Authorization', partner.auth).send({
        name: '  Helsingborg Hydrogen AB  ',
        kind: 'company',
        orgNumber: number,
        website: 'https://hydrogen.example.se',
        description: 'Fuel cells for city buses.',
        contactEmail: 'Info@Hydrogen.Example.se',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Helsingborg Hydrogen AB',
        kind: 'company',
        website: 'https://hydrogen.example.se',
        description: 'Fuel cells for city buses.',
        orgNumber: number,
        contactEmail: 'info@hydrogen.example.se',
        members: [{ userId: partner.id, name: 'Creator', email: partner.email, role: 'owner' }],
        pendingInvitations: [],
        myRole: 'owner',
      });
      expect(await orgRow(res.body.id)).toEqual({
        name: 'Helsingborg Hydrogen AB',
        kind: 'company',
        org_number: number,
        website: 'https://hydrogen.example.se',
        description: 'Fuel cells for city buses.',
        contact_email: 'info@hydrogen.example.se',
      });
      expect(await memberRows(res.body.id)).toEqual([{ user_id: partner.id, role: 'owner' }]);
      const audit = await orgAudit(res.body.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'organization.created',
        actor_id: partner.id,
        after: expect.objectContaining({ name: 'Helsingborg Hydrogen AB', orgNumber: number }),
      });
    });

    it('lets any signed-in role register one', async () => {
      const body = await createOrg(cast.evaluator);
      expect(body.myRole).toBe('owner');
      expect(body.members).toEqual([expect.objectContaining({ userId: cast.evaluator.id, role: 'owner' })]);
    });

    it.each(['academia', 'public_sector', 'resident'])('accepts kind %s without an orgNumber', async (kind) => {
      const body = await createOrg(await createUser(t), { kind, orgNumber: undefined });
      expect(body).toMatchObject({ kind, orgNumber: null, myRole: 'owner' });
      expect((await orgRow(body.id))?.org_number).toBeNull();
    });

    it.each(['academia', 'public_sector'])('accepts kind %s with an orgNumber', async (kind) => {
      const number = orgNumber();
      const body = await createOrg(await createUser(t), { kind, orgNumber: number });
      expect(body).toMatchObject({ kind, orgNumber: number });
    });

    it.each(['556036-0793', '202100-5489', '556016-0680', '802002-4280'])(
      'accepts the valid orgNumber %s',
      async (number) => {
        const body = await createOrg(await createUser(t), { kind: 'startup', orgNumber: number });
        expect(body.orgNumber).toBe(number);
        expect((await orgRow(body.id))?.org_number).toBe(number);
      },
    );

    it.each(['company', 'startup', 'association'])(
      'is 400 naming orgNumber when kind %s has none, writing nothing',
      async (kind) => {
        const before = await counts();
        const res = await t.http().post(ORGS).set('Authorization', cast.partner.auth).send({ name: 'No Number', kind });
        expectProblem(res, 400, 'orgNumber');
        expect(await counts()).toEqual(before);
      },
    );

    it('is 400 naming orgNumber when a resident gives one, writing nothing', async () => {
      const before = await counts();
      const res = await t
        .http()
        .post(ORGS)
        .set('Authorization', cast.partner.auth)
        .send({ name: 'Anna Andersson', kind: 'resident', orgNumber: orgNumber() });
      expectProblem(res, 400, 'orgNumber');
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['a wrong check digit', '556036-0794'],
      ['a third digit below 2', '551036-0793'],
      ['no dash', '5560360793'],
      ['too few digits', '55603-0793'],
      ['letters', '55603A-0793'],
    ])('is 400 naming orgNumber for %s (%s), writing nothing', async (_why, number) => {
      const before = await counts();
      const res = await t
        .http()
        .post(ORGS)
        .set('Authorization', cast.partner.auth)
        .send({ name: 'Bad Number AB', kind: 'company', orgNumber: number });
      expectProblem(res, 400, 'orgNumber');
      expect(await counts()).toEqual(before);
    });

    it('is 409 for an orgNumber already registered, writing nothing', async () => {
      const number = orgNumber();
      await createOrg(await createUser(t), { orgNumber: number });
      const before = await counts();
      const res = await t
        .http()
        .post(ORGS)
        .set('Authorization', cast.partner.auth)
        .send({ name: 'Copycat AB', kind: 'company', orgNumber: number });
      expectProblem(res, 409);
      expect(await counts()).toEqual(before);
      const [{ count }] = await t.db.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM organizations WHERE org_number = $1`,
        [number],
      );
      expect(count).toBe(1);
    });

    it.each([
      ['kind', 'an unknown kind', { kind: 'government' }],
      ['kind', 'no kind', { kind: undefined }],
      ['name', 'a one-letter name', { name: 'A' }],
      ['name', 'a 201-character name', { name: 'x'.repeat(201) }],
      ['name', 'a blank name', { name: '   ' }],
      ['name', 'no name', { name: undefined }],
      ['website', 'an ftp URL', { website: 'ftp://files.example.se' }],
      ['website', 'not a URL', { website: 'not a url' }],
      ['description', 'a 2001-character description', { description: 'x'.repeat(2001) }],
      ['contactEmail', 'a malformed email', { contactEmail: 'not-an-email' }],
      ['members', 'an unknown field members', { members: [] }],
      ['ownerId', 'an unknown field ownerId', { ownerId: randomUUID() }],
    ])('is 400 naming %s for %s, writing nothing', async (field, _label, override) => {
      const before = await counts();
      const res = await t
        .http()
        .post(ORGS)
        .set('Authorization', cast.partner.auth)
        .send({ name: 'Valid Name AB', kind: 'company', orgNumber: orgNumber(), ...override });
      expectProblem(res, 400, field);
      expect(await counts()).toEqual(before);
    });

    it('accepts the boundary lengths of name and description', async () => {
      const owner = await createUser(t);
      const short = await createOrg(owner, { name: 'AB' });
      expect(short.name).toBe('AB');
      const long = await createOrg(owner, { name: 'N'.repeat(200), description: 'd'.repeat(2000) });
      expect(long.name).toBe('N'.repeat(200));
      expect(long.description).toBe('d'.repeat(2000));
    });

    it('is 401 without a token or with a garbage one, writing nothing', async () => {
      const before = await counts();
      const body = { name: 'Anonymous AB', kind: 'company', orgNumber: orgNumber() };
      expectProblem(await t.http().post(ORGS).send(body), 401);
      expectProblem(await t.http().post(ORGS).set('Authorization', 'Bearer not-a-jwt').send(body), 401);
      expect(await counts()).toEqual(before);
    });
  });

  describe('GET /organizations/:id', () => {
    it('gives an anonymous caller only the public fields', async () => {
      const { owner, member, org } = await orgWithMember();
      const res = await t.http().get(`${ORGS}/${org.id}`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(SUMMARY_KEYS);
      expect(res.body).toEqual({
        id: org.id,
        name: org.name,
        kind: 'company',
        website: null,
        description: null,
      });
      expect(res.text).not.toContain(org.orgNumber as string);
      expect(res.text).not.toContain(org.contactEmail as string);
      expect(res.text).not.toContain(owner.email);
      expect(res.text).not.toContain(member.email);
      expect(res.text).not.toContain(owner.id);
    });

    it('is 401 for an invalid bearer token, even though anonymous callers are served', async () => {
      const org = await createOrg(await createUser(t));
      expectProblem(await t.http().get(`${ORGS}/${org.id}`).set('Authorization', 'Bearer not-a-jwt'), 401);
      expectProblem(await t.http().get(`${ORGS}/${org.id}`).set('Authorization', 'Basic abc'), 401);
    });

    it.each(['partner', 'evaluator'] as const)('gives a non-member %s only the summary', async (role) => {
      const { owner, org } = await orgWithMember();
      const res = await t.http().get(`${ORGS}/${org.id}`).set('Authorization', cast[role].auth);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(SUMMARY_KEYS);
      expect(res.text).not.toContain(org.orgNumber as string);
      expect(res.text).not.toContain(org.contactEmail as string);
      expect(res.text).not.toContain(owner.email);
    });

    it('gives owners and members the full view with their own role', async () => {
      const { owner, member, org } = await orgWithMember();
      for (const [user, role] of [
        [owner, 'owner'],
        [member, 'member'],
      ] as const) {
        const res = await t.http().get(`${ORGS}/${org.id}`).set('Authorization', user.auth);
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual(FULL_KEYS);
        expect(res.body).toMatchObject({
          id: org.id,
          orgNumber: org.orgNumber,
          contactEmail: org.contactEmail,
          myRole: role,
        });
        expect(res.body.members).toHaveLength(2);
        expect(res.body.members).toEqual(
          expect.arrayContaining([
            { userId: owner.id, name: owner.name, email: owner.email, role: 'owner' },
            { userId: member.id, name: member.name, email: member.email, role: 'member' },
          ]),
        );
      }
    });

    it('gives an admin the full view with myRole null', async () => {
      const { owner, member, org } = await orgWithMember();
      const res = await t.http().get(`${ORGS}/${org.id}`).set('Authorization', cast.admin.auth);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(FULL_KEYS);
      expect(res.body).toMatchObject({ orgNumber: org.orgNumber, contactEmail: org.contactEmail, myRole: null });
      expect(res.body.members.map((m: Body) => m.userId).sort()).toEqual([owner.id, member.id].sort());
    });

    describe('issue 15 hole 7b: orgNumber, contact and members’ emails only where there is a need', () => {
      const read = (org: { id: string }, who: TestUser) =>
        t.http().get(`${ORGS}/${org.id}`).set('Authorization', who.auth);
      const expectSummary = (res: Response, org: Body, owner: TestUser) => {
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual(SUMMARY_KEYS);
        expect(res.text).not.toContain(org.orgNumber as string);
        expect(res.text).not.toContain(org.contactEmail as string);
        expect(res.text).not.toContain(owner.email);
      };

      it.each(['department', 'director'] as const)(
        'gives %s only the summary of an organisation without a submitted proposal they see',
        async (role) => {
          const { owner, org } = await orgWithMember();
          expectSummary(await read(org, cast[role]), org, owner);
        },
      );

      it('gives the department and directors the full view once the organisation has a submitted proposal to the department; staff of another department still the summary', async () => {
        const { owner, member, org } = await orgWithMember();
        const challenge = await challengeIn(t, cast.department, 'published');
        const proposal = await createProposal(t, owner, challenge.id, org.id);
        const otherStaff = await createUser(t, {
          roles: ['department'],
          departmentId: await departmentId(t, 'stadsbyggnadsforvaltningen'),
        });
        // A draft is not the city's business yet.
        expectSummary(await read(org, cast.department), org, owner);
        expect(
          (await t.http().post(`/api/v1/proposals/${proposal.id}/submit`).set('Authorization', owner.auth)).status,
        ).toBe(200);
        for (const who of [cast.department, cast.director]) {
          const res = await read(org, who);
          expect(res.status).toBe(200);
          expect(Object.keys(res.body).sort()).toEqual(FULL_KEYS);
          expect(res.body).toMatchObject({ orgNumber: org.orgNumber, contactEmail: org.contactEmail, myRole: null });
          expect(res.body.members.map((m: Body) => m.email).sort()).toEqual([owner.email, member.email].sort());
        }
        expectSummary(await read(org, otherStaff), org, owner);
      });
    });

    it('is 400 naming id for a malformed id, signed in or not', async () => {
      expectProblem(await t.http().get(`${ORGS}/not-a-uuid`), 400, 'id');
      expectProblem(await t.http().get(`${ORGS}/not-a-uuid`).set('Authorization', cast.admin.auth), 400, 'id');
    });

    it('is 404 for an unknown id, signed in or not', async () => {
      expectProblem(await t.http().get(`${ORGS}/${randomUUID()}`), 404);
      expectProblem(await t.http().get(`${ORGS}/${randomUUID()}`).set('Authorization', cast.admin.auth), 404);
    });
  });

  describe('GET /organizations', () => {
    /** Every page for this caller and query, following nextCursor; asserts page sizes. */
    async function listAll(auth: string, query: Record<string, string | number>) {
      const ids: string[] = [];
      const texts: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Response = await t
          .http()
          .get(ORGS)
          .query({ ...query, ...(cursor ? { cursor } : {}) })
          .set('Authorization', auth);
        expect(res.status).toBe(200);
        for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(SUMMARY_KEYS);
        if (res.body.nextCursor !== null && query.limit !== undefined) {
          expect(res.body.items).toHaveLength(Number(query.limit));
        }
        ids.push(...res.body.items.map((item: Body) => item.id as string));
        texts.push(res.text);
        cursor = res.body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThan(200);
      } while (cursor !== null);
      return { ids, texts, pages };
    }

    it('with mine=true lists only the caller’s organisations', async () => {
      const alice = await createUser(t);
      const bob = await createUser(t);
      const a1 = await createOrg(alice);
      const a2 = await createOrg(alice, { kind: 'resident', orgNumber: undefined });
      const b1 = await createOrg(bob);
      // Bob is a plain member of one of Alice's.
      await t.db.query(`INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'member')`, [
        a2.id,
        bob.id,
      ]);

      const mineA = await listAll(alice.auth, { mine: 'true' });
      expect(mineA.ids.sort()).toEqual([a1.id, a2.id].sort());
      const mineB = await listAll(bob.auth, { mine: 'true' });
      expect(mineB.ids.sort()).toEqual([a2.id, b1.id].sort());
      const stranger = await createUser(t);
      expect((await listAll(stranger.auth, { mine: 'true' })).ids).toEqual([]);
      for (const text of mineA.texts) {
        expect(text).not.toContain(a1.orgNumber as string);
        expect(text).not.toContain(a1.contactEmail as string);
      }
    });

    it('pages mine=true with limit=2: each organisation exactly once, in name then id order', async () => {
      const owner = await createUser(t);
      const names = ['Alfa', 'Bravo', 'Charlie', 'Charlie', 'Delta', 'Echo'];
      const created: { id: string; name: string }[] = [];
      for (const name of names) {
        const org = await createOrg(owner, { name: `${name} Paged AB` });
        created.push({ id: org.id, name: org.name as string });
      }
      const { ids, pages } = await listAll(owner.auth, { mine: 'true', limit: 2 });
      expect(pages).toBe(3);
      expect(new Set(ids).size).toBe(ids.length);
      const expected = [...created]
        .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1))
        .map((o) => o.id);
      expect(ids).toEqual(expected);
    });

    it('pages the whole list without filters: every organisation exactly once (residents only to their members)', async () => {
      const owner = await createUser(t);
      for (let i = 0; i < 5; i += 1) await createOrg(owner);
      const { ids } = await listAll(cast.partner.auth, { limit: 2 });
      expect(new Set(ids).size).toBe(ids.length);
      const rows = await t.db.query<{ id: string }[]>(
        `SELECT id FROM organizations
         WHERE kind <> 'resident' OR id IN (SELECT organization_id FROM memberships WHERE user_id = $1)`,
        [cast.partner.id],
      );
      expect(ids.sort()).toEqual(rows.map((r) => r.id).sort());
    });

    it('issue 15 hole 7c: lists and finds resident organisations only for their members (and admins)', async () => {
      const resident = await createUser(t);
      const family = await createOrg(resident, {
        name: 'Familjen Residentsson',
        kind: 'resident',
        orgNumber: undefined,
      });
      const company = await createOrg(await createUser(t), { name: 'Residentsson Konsult AB' });
      for (const who of [cast.partner, cast.evaluator, cast.department, cast.director]) {
        const found = await listAll(who.auth, { q: 'Residentsson' });
        expect(found.ids).toEqual([company.id]);
        expect((await listAll(who.auth, {})).ids).not.toContain(family.id);
      }
      expect((await listAll(resident.auth, { q: 'Residentsson' })).ids.sort()).toEqual([family.id, company.id].sort());
      expect((await listAll(resident.auth, {})).ids).toContain(family.id);
      expect((await listAll(cast.admin.auth, { q: 'Residentsson' })).ids.sort()).toEqual(
        [family.id, company.id].sort(),
      );
    });

    it('searches names case- and accent-insensitively', async () => {
      const owner = await createUser(t);
      const malmo = await createOrg(owner, { name: 'Malmö Mobility AB' });
      const hbg = await createOrg(owner, { name: 'Helsingborgs Innovationsbolag' });
      const find = async (q: string) => (await listAll(cast.partner.auth, { q })).ids;

      for (const q of ['malmo', 'MALMÖ', 'Malmö', 'mobility', 'MOBILITY']) {
        const ids = await find(q);
        expect(ids).toContain(malmo.id);
        expect(ids).not.toContain(hbg.id);
      }
      for (const q of ['innovation', 'INNOVATIONSBOLAG', 'helsingborgs']) {
        const ids = await find(q);
        expect(ids).toContain(hbg.id);
        expect(ids).not.toContain(malmo.id);
      }
    });

    it('finds nothing for a query that matches no name', async () => {
      await createOrg(await createUser(t), { name: 'Öresund Energi AB' });
      const res = await t.http().get(ORGS).query({ q: 'xqzvwk' }).set('Authorization', cast.partner.auth).expect(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });

    it('treats LIKE wildcards in the query as literal characters', async () => {
      await createOrg(await createUser(t), { name: 'Wildcard Test AB' });
      const literal = await createOrg(await createUser(t), { name: 'Procent 100% Hållbart AB' });
      for (const q of ['%', '_', '\\']) {
        const res = await t.http().get(ORGS).query({ q }).set('Authorization', cast.partner.auth).expect(200);
        const names = (res.body.items as { name: string }[]).map((item) => item.name);
        expect({ q, names: names.filter((name) => !name.includes(q)) }).toEqual({ q, names: [] });
      }
      const res = await t.http().get(ORGS).query({ q: '100%' }).set('Authorization', cast.partner.auth).expect(200);
      expect((res.body.items as { id: string }[]).map((item) => item.id)).toContain(literal.id);
    });

    it('pages a search with limit=2: each match exactly once, ending with nextCursor null', async () => {
      const word = `zeta${tag()}`;
      const owner = await createUser(t);
      const created: string[] = [];
      for (const suffix of ['A', 'B', 'C', 'D', 'E']) {
        created.push((await createOrg(owner, { name: `${word} ${suffix} Konsult` })).id);
      }
      await createOrg(owner, { name: 'Unrelated Name AB' });
      const { ids, pages } = await listAll(cast.partner.auth, { q: word, limit: 2 });
      expect(pages).toBe(3);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(created.sort());
    });

    it.each([
      ['limit', { limit: 0 }],
      ['limit', { limit: 101 }],
      ['limit', { limit: 'abc' }],
      ['mine', { mine: 'maybe' }],
      ['cursor', { cursor: '!!!' }],
      ['cursor', { cursor: Buffer.from('not json').toString('base64url') }],
      ['cursor', { cursor: Buffer.from('["a","not-a-uuid"]').toString('base64url') }],
      ['cursor', { q: 'org', cursor: Buffer.from(`["Name","${randomUUID()}"]`).toString('base64url') }],
      ['unknown', { unknown: '1' }],
    ])('is 400 naming %s for %p', async (field, query) => {
      expectProblem(await t.http().get(ORGS).query(query).set('Authorization', cast.partner.auth), 400, field);
    });

    it('is 401 without a token or with a garbage one', async () => {
      expectProblem(await t.http().get(ORGS), 401);
      expectProblem(await t.http().get(ORGS).query({ mine: 'true' }), 401);
      expectProblem(await t.http().get(ORGS).set('Authorization', 'Bearer not-a-jwt'), 401);
    });
  });

  describe('PATCH /organizations/:id', () => {
    it('lets an owner update the editable fields, audited with before and after', async () => {
      const { owner, member, org } = await orgWithMember();
      const res = await t.http().patch(`${ORGS}/${org.id}`).set('Authorization', owner.auth).send({
        name: ' Renamed AB ',
        website: 'http://renamed.example.se',
        description: 'New description.',
        contactEmail: 'Hello@Renamed.Example.se',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: org.id,
        name: 'Renamed AB',
        kind: 'company',
        orgNumber: org.orgNumber,
        website: 'http://renamed.example.se',
        description: 'New description.',
        contactEmail: 'hello@renamed.example.se',
        myRole: 'owner',
      });
      expect(res.body.members).toHaveLength(2);
      expect(res.body.members).toEqual(expect.arrayContaining([expect.objectContaining({ userId: member.id })]));
      expect(await orgRow(org.id)).toEqual({
        name: 'Renamed AB',
        kind: 'company',
        org_number: org.orgNumber,
        website: 'http://renamed.example.se',
        description: 'New description.',
        contact_email: 'hello@renamed.example.se',
      });
      const audit = await orgAudit(org.id, 'organization.updated');
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_id).toBe(owner.id);
      expect(audit[0].before).toMatchObject({ name: org.name, website: null });
      expect(audit[0].after).toMatchObject({ name: 'Renamed AB', website: 'http://renamed.example.se' });

      // null clears an optional field.
      const cleared = await t
        .http()
        .patch(`${ORGS}/${org.id}`)
        .set('Authorization', owner.auth)
        .send({ description: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.description).toBeNull();
      expect((await orgRow(org.id))?.description).toBeNull();
    });

    it('lets a second owner update too', async () => {
      const { member, org } = await orgWithMember();
      await t.db.query(`UPDATE memberships SET role = 'owner' WHERE organization_id = $1 AND user_id = $2`, [
        org.id,
        member.id,
      ]);
      const res = await t
        .http()
        .patch(`${ORGS}/${org.id}`)
        .set('Authorization', member.auth)
        .send({ name: 'Second Owner AB' });
      expect(res.status).toBe(200);
      expect((await orgRow(org.id))?.name).toBe('Second Owner AB');
    });

    it.each(['member', 'partner', 'admin', 'director', 'department'] as const)(
      'is 403 for a %s who is not an owner, changing nothing',
      async (who) => {
        const { member, org } = await orgWithMember();
        const caller = who === 'member' ? member : cast[who];
        const before = await orgRow(org.id);
        const res = await t
          .http()
          .patch(`${ORGS}/${org.id}`)
          .set('Authorization', caller.auth)
          .send({ name: 'Hijacked AB' });
        expectProblem(res, 403);
        expect(await orgRow(org.id)).toEqual(before);
        expect(await orgAudit(org.id, 'organization.updated')).toEqual([]);
      },
    );

    it.each([
      ['orgNumber', 'an orgNumber (fixed once registered)', { orgNumber: '556036-0793' }],
      ['kind', 'a kind (fixed once registered)', { kind: 'startup' }],
      ['members', 'members (managed by their own endpoints)', { members: [] }],
      ['website', 'a javascript: URL', { website: 'javascript:alert(1)' }],
      ['website', 'a URL without scheme', { website: 'www.no-scheme.se' }],
      ['name', 'a one-letter name', { name: 'A' }],
      ['name', 'a null name', { name: null }],
      ['contactEmail', 'a malformed email', { contactEmail: 'nope' }],
      ['description', 'a 2001-character description', { description: 'x'.repeat(2001) }],
    ])('is 400 naming %s for %s, changing nothing', async (field, _label, body) => {
      const { owner, org } = await orgWithMember();
      const before = await orgRow(org.id);
      const res = await t
        .http()
        .patch(`${ORGS}/${org.id}`)
        .set('Authorization', owner.auth)
        .send({ name: 'Would Change AB', ...body });
      expectProblem(res, 400, field);
      expect(await orgRow(org.id)).toEqual(before);
      expect(await orgAudit(org.id, 'organization.updated')).toEqual([]);
    });

    it('is 404 for an unknown id and 400 naming id for a malformed one', async () => {
      expectProblem(
        await t.http().patch(`${ORGS}/${randomUUID()}`).set('Authorization', cast.partner.auth).send({ name: 'X AB' }),
        404,
      );
      expectProblem(
        await t.http().patch(`${ORGS}/12345`).set('Authorization', cast.partner.auth).send({ name: 'X AB' }),
        400,
        'id',
      );
    });

    it('is 401 without a token, changing nothing', async () => {
      const { org } = await orgWithMember();
      const before = await orgRow(org.id);
      expectProblem(await t.http().patch(`${ORGS}/${org.id}`).send({ name: 'Anon AB' }), 401);
      expect(await orgRow(org.id)).toEqual(before);
    });
  });

  describe('POST /organizations/:id/members (invite)', () => {
    const add = (id: string, auth: string | undefined, body: unknown) => {
      const req = t.http().post(`${ORGS}/${id}/members`);
      if (auth) req.set('Authorization', auth);
      return req.send(body as object);
    };
    const invitationsOf = (orgId: string) =>
      t.db.query<{ id: string; email: string; role: string; invited_by: string }[]>(
        `SELECT id, email, role, invited_by FROM organization_invitations WHERE organization_id = $1 ORDER BY email`,
        [orgId],
      );

    it('invites an address (any case): 202, no member yet, the address mailed, its account notified, audited', async () => {
      const { owner, org } = await orgWithMember();
      const newcomer = await createUser(t, { name: 'Newcomer' });
      const res = await add(org.id, owner.auth, { email: newcomer.email.toUpperCase(), role: 'member' });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({
        status: 'invited',
        email: newcomer.email,
        role: 'member',
        expiresAt: expect.any(String),
      });
      const days = (Date.parse(res.body.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(13.9);
      expect(days).toBeLessThanOrEqual(14);

      expect(await memberRows(org.id)).not.toContainEqual(expect.objectContaining({ user_id: newcomer.id }));
      expect(await invitationsOf(org.id)).toEqual([
        { id: expect.any(String), email: newcomer.email, role: 'member', invited_by: owner.id },
      ]);
      const [mail] = await mailsTo(t, newcomer.email);
      expect(mail).toMatchObject({ template: 'organization.invited' });
      expect(mail.body).toContain(org.name as string);
      const notifications = await t.db.query(`SELECT kind, entity_type FROM notifications WHERE recipient_id = $1`, [
        newcomer.id,
      ]);
      expect(notifications).toEqual([{ kind: 'organization.invited', entity_type: 'invitation' }]);
      const audit = await orgAudit(org.id, 'organization.member-invited');
      expect(audit).toEqual([
        expect.objectContaining({ actor_id: owner.id, after: { email: newcomer.email, role: 'member' } }),
      ]);

      // The owner sees the invitation waiting; a plain member does not.
      const ownerView = await t.http().get(`${ORGS}/${org.id}`).set('Authorization', owner.auth).expect(200);
      expect(ownerView.body.pendingInvitations).toEqual([
        {
          id: expect.any(String),
          email: newcomer.email,
          role: 'member',
          invitedAt: expect.any(String),
          expiresAt: res.body.expiresAt,
        },
      ]);
    });

    it('invites an address without an account the same way: mailed, no notification, nothing else to tell', async () => {
      const { owner, org } = await orgWithMember();
      const email = `nobody-${tag()}@example.se`;
      const res = await add(org.id, owner.auth, { email, role: 'owner' });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'invited', email, role: 'owner' });
      expect(await invitationsOf(org.id)).toEqual([expect.objectContaining({ email, role: 'owner' })]);
      expect(await mailsTo(t, email)).toEqual([expect.objectContaining({ template: 'organization.invited' })]);
    });

    it('an organisation and an owner with the longest names the API accepts still invite (the mail fits)', async () => {
      const owner = await createUser(t, { name: 'P'.repeat(100) });
      const org = await createOrg(owner, { name: 'O'.repeat(200) });
      const email = `long-${tag()}@example.se`;
      await add(org.id, owner.auth, { email, role: 'member' }).expect(202);
      const [mail] = await mailsTo(t, email);
      expect(mail.subject).toContain('O'.repeat(200));
    });

    it('past the inviter’s hourly share of mails to an address, an invitation is still stored and answered alike, but not mailed', async () => {
      const email = `popular-${tag()}@example.se`;
      const owner = await createUser(t);
      const answers = [];
      for (let i = 0; i < MAILS_PER_ADDRESS_PER_HOUR + 1; i += 1) {
        const org = await createOrg(owner);
        answers.push(await add(org.id, owner.auth, { email, role: 'member' }));
      }
      expect(answers.map((r) => r.status)).toEqual(Array(MAILS_PER_ADDRESS_PER_HOUR + 1).fill(202));
      expect(await mailsTo(t, email)).toHaveLength(MAILS_PER_ADDRESS_PER_HOUR);
      const [{ count }] = await t.db.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM organization_invitations WHERE email = $1`,
        [email],
      );
      expect(count).toBe(MAILS_PER_ADDRESS_PER_HOUR + 1);
      // Another inviter has a share of their own.
      const { owner: other, org } = await orgWithMember();
      await add(org.id, other.auth, { email, role: 'member' }).expect(202);
      expect(await mailsTo(t, email)).toHaveLength(MAILS_PER_ADDRESS_PER_HOUR + 1);
    });

    it('all signed-in inviters together mail one address at most 20 times an hour', async () => {
      const email = `very-popular-${tag()}@example.se`;
      const inviters = await Promise.all(Array.from({ length: 21 }, () => orgWithMember()));
      for (const { owner, org } of inviters) await add(org.id, owner.auth, { email, role: 'member' }).expect(202);
      expect(await mailsTo(t, email)).toHaveLength(MAILS_PER_ADDRESS_PER_HOUR_BY_KIND.user);
    });

    it('inviting again replaces the role and renews the expiry: still one invitation', async () => {
      const { owner, org } = await orgWithMember();
      const email = `twice-${tag()}@example.se`;
      await add(org.id, owner.auth, { email, role: 'member' }).expect(202);
      await t.db.query(`UPDATE organization_invitations SET expires_at = now() + interval '1 day' WHERE email = $1`, [
        email,
      ]);
      const again = await add(org.id, owner.auth, { email, role: 'owner' }).expect(202);
      expect(await invitationsOf(org.id)).toEqual([expect.objectContaining({ email, role: 'owner' })]);
      expect(Date.parse(again.body.expiresAt) - Date.now()).toBeGreaterThan(13 * 86_400_000);
    });

    it('is 409 for someone who is already a member (or the owner themself), changing nothing', async () => {
      const { owner, member, org } = await orgWithMember();
      const before = await counts();
      expectProblem(await add(org.id, owner.auth, { email: member.email, role: 'owner' }), 409);
      expectProblem(await add(org.id, owner.auth, { email: owner.email.toUpperCase(), role: 'member' }), 409);
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['role', { role: 'admin' }],
      ['role', { role: undefined }],
      ['email', { email: 'not-an-email' }],
      ['email', { email: undefined }],
      ['userId', { userId: randomUUID() }],
    ])('is 400 naming %s for %p', async (field, override) => {
      const { owner, org } = await orgWithMember();
      const someone = await createUser(t);
      const before = await counts();
      expectProblem(await add(org.id, owner.auth, { email: someone.email, role: 'member', ...override }), 400, field);
      expect(await counts()).toEqual(before);
    });

    it('is the same 403 for a non-owner whether or not the email has an account', async () => {
      const { member, org } = await orgWithMember();
      const registered = await createUser(t);
      const before = await counts();
      for (const caller of [member, cast.partner, cast.admin]) {
        const known = await add(org.id, caller.auth, { email: registered.email, role: 'member' });
        const unknown = await add(org.id, caller.auth, { email: `ghost-${tag()}@example.se`, role: 'member' });
        expectProblem(known, 403);
        expectProblem(unknown, 403);
        const strip = (body: Body) => ({ ...body, requestId: undefined, instance: undefined });
        expect(strip(unknown.body)).toEqual(strip(known.body));
      }
      expect(await counts()).toEqual(before);
    });

    it('is 404 for an unknown organisation, 400 naming id for a malformed one, 401 anonymous', async () => {
      const someone = await createUser(t);
      expectProblem(await add(randomUUID(), cast.partner.auth, { email: someone.email, role: 'member' }), 404);
      expectProblem(await add('nope', cast.partner.auth, { email: someone.email, role: 'member' }), 400, 'id');
      const { org } = await orgWithMember();
      const before = await counts();
      expectProblem(await add(org.id, undefined, { email: someone.email, role: 'member' }), 401);
      expect(await counts()).toEqual(before);
    });
  });

  describe('DELETE /organizations/:id/invitations/:invitationId (withdraw)', () => {
    const withdraw = (orgId: string, invitationId: string, auth?: string) => {
      const req = t.http().delete(`${ORGS}/${orgId}/invitations/${invitationId}`);
      if (auth) req.set('Authorization', auth);
      return req;
    };
    async function invited(owner: TestUser, orgId: string, email = `invited-${tag()}@example.se`) {
      await t
        .http()
        .post(`${ORGS}/${orgId}/members`)
        .set('Authorization', owner.auth)
        .send({ email, role: 'member' })
        .expect(202);
      const view = await t.http().get(`${ORGS}/${orgId}`).set('Authorization', owner.auth).expect(200);
      return (view.body.pendingInvitations as { id: string; email: string }[]).find((i) => i.email === email)!.id;
    }

    it('an owner withdraws a pending invitation: gone from the view and for the invitee, audited', async () => {
      const { owner, org } = await orgWithMember();
      const invitee = await createUser(t);
      const id = await invited(owner, org.id, invitee.email);
      const res = await withdraw(org.id, id, owner.auth).expect(200);
      expect(res.body).toMatchObject({ id: org.id, myRole: 'owner', pendingInvitations: [] });
      expect(await orgAudit(org.id, 'organization.invitation-revoked')).toEqual([
        expect.objectContaining({ actor_id: owner.id, before: { email: invitee.email, role: 'member' } }),
      ]);
      expectProblem(await t.http().post(`/api/v1/invitations/${id}/accept`).set('Authorization', invitee.auth), 404);
      expectProblem(await withdraw(org.id, id, owner.auth), 404);
    });

    it('is 403 for a plain member, another partner and an admin, changing nothing', async () => {
      const { owner, member, org } = await orgWithMember();
      const id = await invited(owner, org.id);
      const before = await counts();
      for (const caller of [member, cast.partner, cast.admin])
        expectProblem(await withdraw(org.id, id, caller.auth), 403);
      expect(await counts()).toEqual(before);
    });

    it('another organisation’s invitation is 404 for an owner, changing nothing', async () => {
      const first = await orgWithMember();
      const second = await orgWithMember();
      const id = await invited(second.owner, second.org.id);
      const before = await counts();
      expectProblem(await withdraw(first.org.id, id, first.owner.auth), 404);
      expectProblem(await withdraw(first.org.id, randomUUID(), first.owner.auth), 404);
      expect(await counts()).toEqual(before);
    });

    it('is 401 anonymous, 400 naming the malformed id, 404 for an unknown organisation', async () => {
      const { owner, org } = await orgWithMember();
      const id = await invited(owner, org.id);
      const before = await counts();
      expectProblem(await withdraw(org.id, id), 401);
      expectProblem(await withdraw(org.id, 'nope', owner.auth), 400, 'invitationId');
      expectProblem(await withdraw('nope', id, owner.auth), 400, 'id');
      expectProblem(await withdraw(randomUUID(), id, owner.auth), 404);
      expect(await counts()).toEqual(before);
    });
  });

  describe('invitations: GET /invitations, POST /invitations/:id/accept and /decline', () => {
    const INVITATIONS = '/api/v1/invitations';
    const answer = (id: string, what: 'accept' | 'decline', auth?: string) => {
      const req = t.http().post(`${INVITATIONS}/${id}/${what}`);
      if (auth) req.set('Authorization', auth);
      return req;
    };
    /** `owner`'s organisation invites `invitee`; the invitation's id. */
    async function invite(owner: TestUser, orgId: string, invitee: TestUser, role: 'member' | 'owner' = 'member') {
      await t
        .http()
        .post(`${ORGS}/${orgId}/members`)
        .set('Authorization', owner.auth)
        .send({ email: invitee.email, role })
        .expect(202);
      const [row] = await t.db.query<{ id: string }[]>(
        `SELECT id FROM organization_invitations WHERE organization_id = $1 AND email = $2`,
        [orgId, invitee.email],
      );
      return row.id;
    }

    it('lists the caller’s own open invitations, newest first, with the organisation and who invited', async () => {
      const invitee = await createUser(t);
      const first = await orgWithMember();
      const second = await orgWithMember();
      const older = await invite(first.owner, first.org.id, invitee);
      const newer = await invite(second.owner, second.org.id, invitee, 'owner');
      // Someone else's invitation and an expired one of the caller's are not listed.
      await invite(first.owner, first.org.id, await createUser(t));
      const third = await orgWithMember();
      const expired = await invite(third.owner, third.org.id, invitee);
      await t.db.query(`UPDATE organization_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        expired,
      ]);

      const res = await t.http().get(INVITATIONS).set('Authorization', invitee.auth).expect(200);
      expect(res.body.items.map((i: Body) => i.id)).toEqual([newer, older]);
      expect(res.body.items[0]).toEqual({
        id: newer,
        organization: expect.objectContaining({ id: second.org.id, name: second.org.name }),
        role: 'owner',
        invitedBy: second.owner.name,
        invitedAt: expect.any(String),
        expiresAt: expect.any(String),
      });
      expect(res.body.items[0].organization).not.toHaveProperty('orgNumber');
      expect(res.body.nextCursor).toBeNull();

      const page = await t.http().get(INVITATIONS).query({ limit: 1 }).set('Authorization', invitee.auth).expect(200);
      expect(page.body.items.map((i: Body) => i.id)).toEqual([newer]);
      const rest = await t
        .http()
        .get(INVITATIONS)
        .query({ limit: 1, cursor: page.body.nextCursor })
        .set('Authorization', invitee.auth)
        .expect(200);
      expect(rest.body.items.map((i: Body) => i.id)).toEqual([older]);
    });

    it('accept: the caller joins with the invited role, the invitation is gone, audited as member-added', async () => {
      const { owner, org } = await orgWithMember();
      const invitee = await createUser(t, { name: 'Joiner' });
      const id = await invite(owner, org.id, invitee, 'owner');
      const res = await answer(id, 'accept', invitee.auth).expect(200);
      expect(res.body).toMatchObject({ id: org.id, myRole: 'owner', pendingInvitations: [] });
      expect(res.body.members).toContainEqual({
        userId: invitee.id,
        name: 'Joiner',
        email: invitee.email,
        role: 'owner',
      });
      expect(await memberRows(org.id)).toContainEqual({ user_id: invitee.id, role: 'owner' });
      expect(await t.db.query(`SELECT 1 FROM organization_invitations WHERE id = $1`, [id])).toEqual([]);
      expect(await orgAudit(org.id, 'organization.member-added')).toEqual([
        expect.objectContaining({
          actor_id: invitee.id,
          after: { userId: invitee.id, role: 'owner', invitedBy: owner.id },
        }),
      ]);
      // An owner now: may manage the organisation.
      await t
        .http()
        .patch(`${ORGS}/${org.id}`)
        .set('Authorization', invitee.auth)
        .send({ description: 'x' })
        .expect(200);
      // Accepting again: the invitation is gone.
      expectProblem(await answer(id, 'accept', invitee.auth), 404);
    });

    it('decline: the invitation is gone, nobody joins, audited as invitation-declined; 204 without a body', async () => {
      const { owner, org } = await orgWithMember();
      const invitee = await createUser(t);
      const id = await invite(owner, org.id, invitee);
      const members = await memberRows(org.id);
      const res = await answer(id, 'decline', invitee.auth).expect(204);
      expect(res.text).toBe('');
      expect(await memberRows(org.id)).toEqual(members);
      expect(await t.db.query(`SELECT 1 FROM organization_invitations WHERE id = $1`, [id])).toEqual([]);
      expect(await orgAudit(org.id, 'organization.invitation-declined')).toEqual([
        expect.objectContaining({ actor_id: invitee.id, before: { email: invitee.email, role: 'member' } }),
      ]);
      expectProblem(await answer(id, 'accept', invitee.auth), 404);
    });

    it('someone else’s invitation is 404 for accept and decline — the owner’s, a member’s, an admin’s — changing nothing', async () => {
      const { owner, member, org } = await orgWithMember();
      const invitee = await createUser(t);
      const id = await invite(owner, org.id, invitee);
      const before = await counts();
      for (const caller of [owner, member, cast.partner, cast.admin, cast.director]) {
        const accepted = await answer(id, 'accept', caller.auth);
        const declined = await answer(id, 'decline', caller.auth);
        const unknown = await answer(randomUUID(), 'accept', caller.auth);
        expectProblem(accepted, 404);
        expectProblem(declined, 404);
        expect(accepted.body.detail).toBe(unknown.body.detail);
      }
      const listed = await t.http().get(INVITATIONS).set('Authorization', owner.auth).expect(200);
      expect(listed.body.items.map((i: Body) => i.id)).not.toContain(id);
      expect(await counts()).toEqual(before);
    });

    it('an expired invitation is 404 and joins nobody', async () => {
      const { owner, org } = await orgWithMember();
      const invitee = await createUser(t);
      const id = await invite(owner, org.id, invitee);
      await t.db.query(`UPDATE organization_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        id,
      ]);
      expectProblem(await answer(id, 'accept', invitee.auth), 404);
      expect(await memberRows(org.id)).not.toContainEqual(expect.objectContaining({ user_id: invitee.id }));
    });

    it('expired invitations, of any organisation, are deleted by the next invitation', async () => {
      const first = await orgWithMember();
      const second = await orgWithMember();
      const invitee = await createUser(t);
      const id = await invite(first.owner, first.org.id, invitee);
      await t.db.query(`UPDATE organization_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        id,
      ]);
      await invite(second.owner, second.org.id, await createUser(t));
      expect(await t.db.query(`SELECT 1 FROM organization_invitations WHERE id = $1`, [id])).toEqual([]);
    });

    it('an invitation to an address registered later is theirs once the account exists', async () => {
      const { owner, org } = await orgWithMember();
      const email = `later-${tag()}@example.se`;
      await t.http().post(`${ORGS}/${org.id}/members`).set('Authorization', owner.auth).send({ email, role: 'member' });
      const newcomer = await createUser(t, { email });
      const res = await t.http().get(INVITATIONS).set('Authorization', newcomer.auth).expect(200);
      expect(res.body.items).toHaveLength(1);
      await answer(res.body.items[0].id, 'accept', newcomer.auth).expect(200);
      expect(await memberRows(org.id)).toContainEqual({ user_id: newcomer.id, role: 'member' });
    });

    it('is 401 anonymous, 400 naming id for a malformed id or cursor', async () => {
      const { owner, org } = await orgWithMember();
      const invitee = await createUser(t);
      const id = await invite(owner, org.id, invitee);
      const before = await counts();
      expectProblem(await t.http().get(INVITATIONS), 401);
      expectProblem(await answer(id, 'accept'), 401);
      expectProblem(await answer(id, 'decline'), 401);
      expectProblem(await answer('nope', 'accept', invitee.auth), 400, 'id');
      expectProblem(await answer('nope', 'decline', invitee.auth), 400, 'id');
      expectProblem(
        await t.http().get(INVITATIONS).query({ cursor: 'x' }).set('Authorization', invitee.auth),
        400,
        'cursor',
      );
      expectProblem(
        await t.http().get(INVITATIONS).query({ limit: 0 }).set('Authorization', invitee.auth),
        400,
        'limit',
      );
      expect(await counts()).toEqual(before);
    });

    it('a disabled account’s token is refused (401) and its invitation stays', async () => {
      const { owner, org } = await orgWithMember();
      const invitee = await createUser(t);
      const id = await invite(owner, org.id, invitee);
      await t.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [invitee.id]);
      expectProblem(await answer(id, 'accept', invitee.auth), 401);
      expect(await t.db.query(`SELECT 1 FROM organization_invitations WHERE id = $1`, [id])).toHaveLength(1);
    });
  });

  describe('PATCH /organizations/:id/members/:userId (change a role)', () => {
    const change = (id: string, userId: string, body: Body, auth?: string) => {
      const req = t.http().patch(`${ORGS}/${id}/members/${userId}`).send(body);
      if (auth) req.set('Authorization', auth);
      return req;
    };

    it('an owner makes a member an owner, audited with before and after; the new owner then manages it', async () => {
      const { owner, member, org } = await orgWithMember();
      const res = await change(org.id, member.id, { role: 'owner' }, owner.auth);
      expect(res.status).toBe(200);
      expect(res.body.myRole).toBe('owner');
      expect(res.body.members).toContainEqual({
        userId: member.id,
        name: member.name,
        email: member.email,
        role: 'owner',
      });
      expect(await memberRows(org.id)).toContainEqual({ user_id: member.id, role: 'owner' });
      expect(await orgAudit(org.id, 'organization.member-role-changed')).toEqual([
        expect.objectContaining({
          actor_id: owner.id,
          before: { userId: member.id, role: 'member' },
          after: { userId: member.id, role: 'owner' },
        }),
      ]);
      // Two owners now: the first may step down to member, and then sees what a member sees.
      const down = await change(org.id, owner.id, { role: 'member' }, owner.auth);
      expect(down.status).toBe(200);
      expect(down.body.myRole).toBe('member');
      expect(down.body.pendingInvitations).toEqual([]);
      expectProblem(await change(org.id, member.id, { role: 'member' }, owner.auth), 403);
    });

    it('is 422 for making the last owner a plain member (themself), changing nothing', async () => {
      const { owner, org } = await orgWithMember();
      const before = await memberRows(org.id);
      const res = await change(org.id, owner.id, { role: 'member' }, owner.auth);
      expectProblem(res, 422);
      expect(res.body.detail).toMatch(/at least one owner/);
      expect(await memberRows(org.id)).toEqual(before);
      expect(await orgAudit(org.id, 'organization.member-role-changed')).toEqual([]);
    });

    it('the same role again is 200 without a write', async () => {
      const { owner, member, org } = await orgWithMember();
      const res = await change(org.id, member.id, { role: 'member' }, owner.auth);
      expect(res.status).toBe(200);
      expect(await orgAudit(org.id, 'organization.member-role-changed')).toEqual([]);
      // The sole owner "becoming" owner again is no step down either.
      expect((await change(org.id, owner.id, { role: 'owner' }, owner.auth)).status).toBe(200);
    });

    it('is 400 naming role for an unknown role, a missing one or an extra field, changing nothing', async () => {
      const { owner, member, org } = await orgWithMember();
      const before = await memberRows(org.id);
      expectProblem(await change(org.id, member.id, { role: 'admin' }, owner.auth), 400, 'role');
      expectProblem(await change(org.id, member.id, {}, owner.auth), 400, 'role');
      expectProblem(await change(org.id, member.id, { role: 'owner', email: 'x@example.se' }, owner.auth), 400);
      expect(await memberRows(org.id)).toEqual(before);
    });

    it('is 404 for a user who is not a member and for an unknown organisation; 400 naming malformed ids', async () => {
      const { owner, org } = await orgWithMember();
      const outsider = await createUser(t);
      expectProblem(await change(org.id, outsider.id, { role: 'owner' }, owner.auth), 404);
      expectProblem(await change(org.id, randomUUID(), { role: 'owner' }, owner.auth), 404);
      expectProblem(await change(randomUUID(), owner.id, { role: 'owner' }, owner.auth), 404);
      expectProblem(await change(org.id, 'not-a-uuid', { role: 'owner' }, owner.auth), 400, 'userId');
      expectProblem(await change('not-a-uuid', owner.id, { role: 'owner' }, owner.auth), 400, 'id');
      expect(await memberRows(org.id)).not.toContainEqual(expect.objectContaining({ user_id: outsider.id }));
    });

    it.each(['member', 'partner', 'admin', 'director'] as const)(
      'is 403 for a %s who is not an owner (a member cannot promote themself), changing nothing',
      async (who) => {
        const { member, org } = await orgWithMember();
        const caller = who === 'member' ? member : cast[who];
        const before = await memberRows(org.id);
        expectProblem(await change(org.id, member.id, { role: 'owner' }, caller.auth), 403);
        expect(await memberRows(org.id)).toEqual(before);
        expect(await orgAudit(org.id, 'organization.member-role-changed')).toEqual([]);
      },
    );

    it('is 401 without a token or with a garbage one, changing nothing', async () => {
      const { member, org } = await orgWithMember();
      const before = await memberRows(org.id);
      expectProblem(await change(org.id, member.id, { role: 'owner' }), 401);
      expectProblem(await change(org.id, member.id, { role: 'owner' }, 'Bearer not-a-jwt'), 401);
      expect(await memberRows(org.id)).toEqual(before);
    });
  });

  describe('DELETE /organizations/:id/members/:userId', () => {
    const remove = (id: string, userId: string, auth?: string) => {
      const req = t.http().delete(`${ORGS}/${id}/members/${userId}`);
      if (auth) req.set('Authorization', auth);
      return req;
    };

    it('lets an owner remove a member, audited; the former member then sees only the summary', async () => {
      const { owner, member, org } = await orgWithMember();
      const res = await remove(org.id, member.id, owner.auth);
      expect(res.status).toBe(200);
      expect(res.body.myRole).toBe('owner');
      expect(res.body.members).toEqual([{ userId: owner.id, name: owner.name, email: owner.email, role: 'owner' }]);
      expect(await memberRows(org.id)).toEqual([{ user_id: owner.id, role: 'owner' }]);
      const audit = await orgAudit(org.id, 'organization.member-removed');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_id: owner.id, before: { userId: member.id, role: 'member' } });

      const view = await t.http().get(`${ORGS}/${org.id}`).set('Authorization', member.auth);
      expect(view.status).toBe(200);
      expect(Object.keys(view.body).sort()).toEqual(SUMMARY_KEYS);
    });

    it('is 422 for the sole owner removing themself while plain members remain, changing nothing', async () => {
      const { owner, org } = await orgWithMember();
      const before = await memberRows(org.id);
      expectProblem(await remove(org.id, owner.id, owner.auth), 422);
      expect(await memberRows(org.id)).toEqual(before);
      expect(await orgAudit(org.id, 'organization.member-removed')).toEqual([]);
    });

    it('is 422 for an owner who is the only member removing themself', async () => {
      const owner = await createUser(t);
      const org = await createOrg(owner);
      expectProblem(await remove(org.id, owner.id, owner.auth), 422);
      expect(await memberRows(org.id)).toEqual([{ user_id: owner.id, role: 'owner' }]);
      expect(await orgAudit(org.id, 'organization.member-removed')).toEqual([]);
    });

    it('with two owners lets one remove the other, then refuses the last', async () => {
      const { owner, member, org } = await orgWithMember();
      const second = await createUser(t);
      await t.db.query(`INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'owner')`, [
        org.id,
        second.id,
      ]);
      const res = await remove(org.id, second.id, owner.auth);
      expect(res.status).toBe(200);
      expect(res.body.members.map((m: Body) => m.userId).sort()).toEqual([owner.id, member.id].sort());
      expect(await orgAudit(org.id, 'organization.member-removed')).toEqual([
        expect.objectContaining({ actor_id: owner.id, before: { userId: second.id, role: 'owner' } }),
      ]);
      // The removed owner can no longer manage it.
      expectProblem(await remove(org.id, member.id, second.auth), 403);
      // And the remaining sole owner cannot leave.
      expectProblem(await remove(org.id, owner.id, owner.auth), 422);
      expect(await memberRows(org.id)).toHaveLength(2);
    });

    it('with two owners lets an owner leave', async () => {
      const { owner, org } = await orgWithMember();
      const second = await createUser(t);
      await t.db.query(`INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'owner')`, [
        org.id,
        second.id,
      ]);
      const res = await remove(org.id, owner.id, owner.auth);
      expect(res.status).toBe(200);
      expect(res.body.myRole).toBeNull();
      expect(res.body.members.map((m: Body) => m.userId)).not.toContain(owner.id);
      expect(await memberRows(org.id)).not.toContainEqual(expect.objectContaining({ user_id: owner.id }));
    });

    it('is 404 for a user who is not a member, changing nothing', async () => {
      const { owner, org } = await orgWithMember();
      const outsider = await createUser(t);
      const before = await memberRows(org.id);
      expectProblem(await remove(org.id, outsider.id, owner.auth), 404);
      expectProblem(await remove(org.id, randomUUID(), owner.auth), 404);
      expect(await memberRows(org.id)).toEqual(before);
    });

    it.each(['member', 'partner', 'admin', 'director'] as const)(
      'is 403 for a %s who is not an owner, changing nothing',
      async (who) => {
        const { owner, member, org } = await orgWithMember();
        const caller = who === 'member' ? member : cast[who];
        const before = await memberRows(org.id);
        expectProblem(await remove(org.id, member.id, caller.auth), 403);
        expectProblem(await remove(org.id, owner.id, caller.auth), 403);
        expect(await memberRows(org.id)).toEqual(before);
        expect(await orgAudit(org.id, 'organization.member-removed')).toEqual([]);
      },
    );

    it('is 400 naming userId or id for malformed ids, 404 for an unknown organisation', async () => {
      const { owner, org } = await orgWithMember();
      expectProblem(await remove(org.id, 'not-a-uuid', owner.auth), 400, 'userId');
      expectProblem(await remove('not-a-uuid', owner.id, owner.auth), 400, 'id');
      expectProblem(await remove(randomUUID(), owner.id, owner.auth), 404);
    });

    it('is 401 without a token, changing nothing', async () => {
      const { member, org } = await orgWithMember();
      const before = await memberRows(org.id);
      expectProblem(await remove(org.id, member.id), 401);
      expectProblem(await remove(org.id, member.id, 'Bearer not-a-jwt'), 401);
      expect(await memberRows(org.id)).toEqual(before);
    });
  });
});
