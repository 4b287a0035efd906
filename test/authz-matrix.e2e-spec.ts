import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { ACTOR_NAMES, allowStatus, expectedOutcome, PERMISSIONS, statesOf } from './authz/permissions';
import type { Actor, Outcome } from './authz/permissions';
import { PROBES } from './authz/probes';
import { World } from './authz/world';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The authorization matrix (issue 8): every operation of openapi/openapi.json × every state of
 * its object × every actor, against the permission model in test/authz/permissions.ts (read that
 * file first: it is the product's permission model). Each case is its own test, named after what
 * it expects; a failure reads "POST /proposals/{id}/submit, proposal=submitted,
 * actor=evaluatorAssigned: expected 404, got 200 …". How mutating operations keep the shared
 * world intact is documented in test/authz/probes.ts.
 */

const API = '/api/v1';
/** Requests in flight at once, per operation. */
const CONCURRENCY = 6;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The operations of the committed spec, as the table names them (without the /api/v1 prefix). */
function specOperations(): string[] {
  const spec = JSON.parse(readFileSync(join(__dirname, '..', 'openapi', 'openapi.json'), 'utf8')) as {
    paths: Record<string, Partial<Record<(typeof METHODS)[number], unknown>>>;
  };
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map(
      (method) => `${method.toUpperCase()} ${path.startsWith(`${API}/`) ? path.slice(API.length) : path}`,
    ),
  );
}

interface Case {
  op: string;
  state: string;
  actor: Actor;
  expected: Outcome;
  /** "GET /proposals/{id}, proposal=draft, actor=leadMember" */
  name: string;
}

const CASES: Case[] = Object.entries(PERMISSIONS).flatMap(([op, permission]) =>
  statesOf(permission).flatMap((state) =>
    ACTOR_NAMES.map((actor) => ({
      op,
      state,
      actor,
      expected: expectedOutcome(permission, state, actor),
      name: `${op}${permission.object === 'none' ? '' : `, ${permission.object}=${state}`}, actor=${actor}`,
    })),
  ),
);

/** What a case expects, in words: "403", "allow (409)", "listed", "not listed (404)". */
function describeExpected(c: Case): string {
  const permission = PERMISSIONS[c.op];
  if (permission.list && c.expected === 'allow') return 'listed';
  if (permission.list && c.expected === 404) return 'not listed (404)';
  return c.expected === 'allow' ? `allow (${allowStatus(permission, c.state)})` : String(c.expected);
}

interface Answer {
  status: number;
  /** Lists: whether the object was among the items of every page. */
  listed?: boolean;
  res: Response;
}

describe('authorization matrix: the table', () => {
  it('the table names every operation of openapi/openapi.json, and nothing the spec does not have', () => {
    const operations = specOperations();
    const missing = operations.filter((op) => !(op in PERMISSIONS));
    const stale = Object.keys(PERMISSIONS).filter((op) => !operations.includes(op));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    expect(Object.keys(PROBES).sort()).toEqual(Object.keys(PERMISSIONS).sort());
    expect(operations.length).toBeGreaterThanOrEqual(50);
  });

  it('has at least 500 cases, and an allow status for every allowed one', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(500);
    for (const c of CASES) {
      if (c.expected === 'allow') expect(() => allowStatus(PERMISSIONS[c.op], c.state)).not.toThrow();
    }
  });
});

/** Mismatches, for the summary at the end. */
const mismatches: { name: string; expected: string; got: string }[] = [];

describe('authorization matrix', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    // Some 2 500 requests from one address within a minute: lift the rate limit, not under test here.
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000' });
    w = await World.build(t);
  }, 180_000);
  afterAll(() => t?.close());

  async function send(c: Case): Promise<Answer> {
    const probe = PROBES[c.op];
    const fresh = c.expected === 'allow' && (probe.fresh?.includes(c.state) ?? false);
    const spec = await probe.request({ w, state: c.state, actor: c.actor, fresh });
    const url = spec.path.startsWith('/health/') ? spec.path : `${API}${spec.path}`;
    const token = c.actor === 'anonymous' ? undefined : w.users[c.actor].auth;
    const once = (query: Record<string, string | number> | undefined) => {
      const req = t.http()[probe.method](url);
      if (query) req.query(query);
      if (token) req.set('Authorization', token);
      return spec.body === undefined ? req : req.send(spec.body);
    };
    let res = await once(spec.query);
    await spec.after?.();
    if (spec.find === undefined || res.status !== 200) return { status: res.status, res };
    // A list: follow the pages until the object shows up or the list ends.
    for (let page = 0; page < 50; page += 1) {
      const body = res.body as { items: { id: string }[]; nextCursor: string | null };
      if (body.items.some((item) => item.id === spec.find)) return { status: 200, listed: true, res };
      if (!body.nextCursor) return { status: 200, listed: false, res };
      res = await once({ ...spec.query, cursor: body.nextCursor });
      if (res.status !== 200) return { status: res.status, res };
    }
    throw new Error(`${c.name}: more than 50 pages`);
  }

  /** Whether the answer is what the table says; for lists 'allow' is listed and 404 is not listed. */
  function matches(c: Case, got: Answer): boolean {
    const permission = PERMISSIONS[c.op];
    if (permission.list && (c.expected === 'allow' || c.expected === 404)) {
      return got.status === 200 && got.listed === (c.expected === 'allow');
    }
    return got.status === (c.expected === 'allow' ? allowStatus(permission, c.state) : c.expected);
  }

  function describeGot(got: Answer): string {
    const listed = got.listed === undefined ? '' : got.listed ? ' (listed)' : ' (not listed)';
    const body = got.res.body as { detail?: unknown } | undefined;
    const detail = got.status >= 400 && typeof body?.detail === 'string' ? ` "${body.detail}"` : '';
    return `${got.status}${listed}${detail}`;
  }

  describe.each(Object.keys(PERMISSIONS))('%s', (op) => {
    const cases = CASES.filter((c) => c.op === op);
    const answers = new Map<Case, Answer | Error>();
    // The cases of one operation are sent a few at a time (the API is the bottleneck, and it
    // serves concurrent requests); each still gets its own named test below.
    beforeAll(async () => {
      const queue = [...cases];
      const worker = async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          answers.set(
            c,
            await send(c).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
          );
        }
      };
      await Promise.all(Array.from({ length: PROBES[op].serial ? 1 : CONCURRENCY }, worker));
    }, 120_000);

    it.each(cases.map((c) => [`${c.name} → ${describeExpected(c)}`, c] as const))('%s', (_name, c) => {
      const got = answers.get(c);
      if (got === undefined || got instanceof Error) {
        const error = got ?? new Error('not sent');
        mismatches.push({ name: c.name, expected: describeExpected(c), got: `error: ${error.message}` });
        throw error;
      }
      if (!matches(c, got)) {
        mismatches.push({ name: c.name, expected: describeExpected(c), got: describeGot(got) });
        throw new Error(`${c.name}: expected ${describeExpected(c)}, got ${describeGot(got)}`);
      }
      // Every refusal is a problem document (PRODUCT §4).
      if (got.status >= 400) expect(got.res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  it('no call the table denies was answered with a 2xx, and every case matched (summary)', () => {
    const unexpected2xx = mismatches.filter((m) => /^2\d\d/.test(m.got) && !/^(allow|listed)/.test(m.expected));
    if (mismatches.length > 0) {
      const width = Math.max(...mismatches.map((m) => m.name.length));
      console.log(
        [
          `${mismatches.length} of ${CASES.length} cases differ from test/authz/permissions.ts:`,
          ...mismatches.map((m) => `${m.name.padEnd(width)}  expected ${m.expected.padEnd(18)} got ${m.got}`),
        ].join('\n'),
      );
    }
    expect({ unexpected2xx: unexpected2xx.map((m) => m.name) }).toEqual({ unexpected2xx: [] });
    expect(mismatches).toEqual([]);
  });
});
