import fc from 'fast-check';
import { describeChanges, snapshot, TableSnapshot } from './fuzz/checksums';
import { fixtures } from './fuzz/fixtures';
import { FuzzContext, FuzzRequest, requestArb, STRATEGIES, strategiesFor } from './fuzz/generators';
import { loadSpec } from './fuzz/openapi';
import { FuzzResponse, violations } from './fuzz/oracle';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Fuzzing (issue 8): malformed requests generated from openapi/openapi.json for every operation
 * (test/fuzz/generators.ts), sent by admins, department staff, partners, evaluators, anonymous
 * callers and bad tokens, against real objects and random ids. Every one must be refused with a
 * 4xx problem document, with no stack trace or SQL in it, and no table may change.
 *
 * `npm test` runs a fixed seed and DEFAULT_RUNS requests. `npm run fuzz` sets FUZZ_RUNS (10 000)
 * and gets a random seed; FUZZ_SEED (and FUZZ_PATH, from a failure report) replays a run.
 */
const DEFAULT_RUNS = 2000;
const FIXED_SEED = 80_808;

function integerEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new Error(`${name} must be an integer, got "${raw}"`);
  return Number(raw);
}

const FULL_RUN = integerEnv('FUZZ_RUNS') !== undefined;
const RUNS = integerEnv('FUZZ_RUNS') ?? DEFAULT_RUNS;
const SEED =
  integerEnv('FUZZ_SEED') ?? (FULL_RUN ? (Date.now() ^ Math.floor(Math.random() * 2 ** 31)) | 0 : FIXED_SEED);
const PATH = process.env.FUZZ_PATH?.trim() || undefined;
/** Concurrent fast-check runs, seeds SEED, SEED+1, …; one when replaying a path. */
const LANES = PATH ? 1 : 4;

function lanes(): { seed: number; runs: number }[] {
  return Array.from({ length: LANES }, (_, i) => ({
    seed: (SEED + i) | 0,
    runs: Math.floor(RUNS / LANES) + (i < RUNS % LANES ? 1 : 0),
  }));
}

/** Operations no request can malform: no path, query or body, and any token is ignored (public). */
const NO_INPUT: Record<string, string> = {
  'GET /api/v1/departments': 'public reference data without parameters',
  'GET /api/v1/welfare-areas': 'public reference data without parameters',
  'GET /api/v1/rooms': 'public reference data without parameters',
  'GET /api/v1/events/calendar.ics': 'public iCalendar feed without parameters',
  'GET /health/live': 'liveness probe without parameters',
  'GET /health/ready': 'readiness probe without parameters',
};

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

async function send(t: TestApp, request: FuzzRequest): Promise<FuzzResponse> {
  let call = t.http()[request.method](request.url).timeout({ response: 20_000, deadline: 30_000 });
  for (const [name, value] of Object.entries(request.headers)) call = call.set(name, value);
  // Keep the body as text whatever the content type, so the oracle sees exactly what was sent.
  call = call.buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => done(null, text));
  });
  const res = request.body !== undefined ? await call.send(request.body) : await call;
  return {
    status: res.status,
    contentType: res.headers['content-type'],
    text: typeof res.body === 'string' ? res.body : (res.text ?? ''),
  };
}

describe(`fuzzing: ${RUNS} malformed requests from the OpenAPI document (seed ${SEED})`, () => {
  const spec = loadSpec();
  const fuzzable = spec.operations.filter((operation) => strategiesFor(operation).length > 0);
  let t: TestApp;
  let ctx: FuzzContext;
  let before: TableSnapshot;

  beforeAll(async () => {
    process.stdout.write(
      `\nfuzz: ${RUNS} requests, seed ${SEED}${LANES > 1 ? ` (lanes ${SEED}…${SEED + LANES - 1})` : ''}` +
        `${PATH ? `, path ${PATH}` : ''} ` +
        `(replay: FUZZ_RUNS=${RUNS} FUZZ_SEED=${SEED}${PATH ? ` FUZZ_PATH=${PATH}` : ''})\n`,
    );
    // Far above the fuzzer's pace, so requests reach validation instead of the 429.
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000' });
    ctx = await fixtures(t);
    before = await snapshot(t.db);
  });
  afterAll(() => t?.close());

  it('covers every operation of the spec that takes any input', () => {
    for (const operation of spec.operations) {
      if (strategiesFor(operation).length === 0) expect(NO_INPUT).toHaveProperty([operation.key]);
      else expect(NO_INPUT).not.toHaveProperty([operation.key]);
    }
    for (const key of Object.keys(NO_INPUT)) expect(spec.operations.map((o) => o.key)).toContain(key);
    expect(fuzzable.length).toBeGreaterThan(40);
  });

  it('has an oracle that catches what it must (crafted answers)', () => {
    const operation = fuzzable[0];
    const request = new FuzzRequest({
      operation,
      url: '/api/v1/challenges?SELECT%20*%20FROM%20users=1',
      actor: 'admin',
      strategy: 'query',
      detail: 'oracle self-check',
    });
    const doc = (fields: Record<string, unknown> = {}) =>
      JSON.stringify({
        type: 'urn:problem-type:testbed:invalid-input',
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid.',
        ...fields,
      });
    const good: FuzzResponse = { status: 400, contentType: 'application/problem+json; charset=utf-8', text: doc() };
    const found = (response: Partial<FuzzResponse>, req = request) =>
      violations(req, { ...good, ...response }).join('\n');
    expect(found({})).toBe('');
    // The request's own text named back (the unknown parameter, the path) is not a leak.
    const echo = 'SELECT * FROM users';
    expect(
      found({
        text: doc({
          instance: '/api/v1/challenges',
          errors: [{ field: echo, message: `${echo} is not an allowed field` }],
        }),
      }),
    ).toBe('');
    expect(found({ status: 500, text: doc({ status: 500 }) })).toMatch(/server error 500/);
    expect(found({ status: 200, contentType: 'application/json', text: '{"items":[]}' })).toMatch(
      /got 200: it must be refused/,
    );
    expect(found({ contentType: 'application/json' })).toMatch(/not application\/problem\+json/);
    expect(found({ text: '{"statusCode":400,"error":"Bad Request"}' })).toMatch(
      /body.status .* is not the HTTP status/,
    );
    expect(found({ text: doc({ title: undefined }) })).toMatch(/body.title/);
    expect(
      found({ text: doc({ detail: 'TypeError: x is undefined\n    at Foo.bar (/app/dist/src/foo.js:12:7)' }) }),
    ).toMatch(/stack trace/);
    expect(found({ text: doc({ detail: 'at /work/node_modules/typeorm/index.js:1' }) })).toMatch(/stack trace/);
    expect(found({ text: doc({ detail: 'select id from proposals where id = $1' }) })).toMatch(/SQL/);
    expect(
      found({ text: doc({ detail: 'duplicate key value violates unique constraint "users_email_key"' }) }),
    ).toMatch(/SQL/);
    expect(found({ text: doc({ detail: 'invalid input syntax for type uuid: "x"' }) })).toMatch(/SQL/);
    const refusedAs415 = new FuzzRequest({ ...request, operation, strategy: 'content-type', expectStatus: 415 });
    expect(found({}, refusedAs415)).toMatch(/expected 415, got 400/);
  });

  it(
    `refuses every one with a 4xx problem document, without stack traces or SQL (seed ${SEED})`,
    async () => {
      const perOperation = new Map<string, number>(fuzzable.map((operation) => [operation.key, 0]));
      const perStrategy = new Map<string, number>(STRATEGIES.map((strategy) => [strategy, 0]));
      const perStatus = new Map<number, number>();
      let sent = 0;
      const started = Date.now();
      const property = () =>
        fc.asyncProperty(requestArb(ctx, fuzzable), async (request) => {
          let response: FuzzResponse;
          try {
            response = await send(t, request);
          } catch (error) {
            throw new Error(`no response: ${String(error)}`);
          }
          sent += 1;
          perOperation.set(request.operation.key, (perOperation.get(request.operation.key) ?? 0) + 1);
          perStrategy.set(request.strategy, (perStrategy.get(request.strategy) ?? 0) + 1);
          perStatus.set(response.status, (perStatus.get(response.status) ?? 0) + 1);
          const found = violations(request, response);
          if (found.length > 0) {
            throw new Error(
              `${found.join('; ')}\n  response: ${response.status} ${response.contentType ?? '(no content-type)'} ` +
                clip(response.text, 600),
            );
          }
        });
      // Lanes run side by side (the database, not the CPU, is what a request waits for); each is
      // an ordinary fast-check run with its own seed, so a failure replays alone with its seed and path.
      const results = await Promise.allSettled(
        lanes().map((lane) =>
          fc.assert(property(), { seed: lane.seed, numRuns: lane.runs, ...(PATH ? { path: PATH } : {}) }),
        ),
      );
      const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failures.length > 0) {
        const first = failures[0].reason as Error;
        first.message =
          `${failures.length} of ${results.length} fuzzing lanes failed; the first one (replay it with ` +
          `FUZZ_SEED=<its seed> FUZZ_PATH=<its path>):\n${first.message}`;
        throw first;
      }
      const seconds = (Date.now() - started) / 1000;
      console.log(
        [
          `fuzz: ${sent} requests in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s), seed ${SEED}`,
          `statuses: ${JSON.stringify(Object.fromEntries([...perStatus].sort(([a], [b]) => a - b)))}`,
          `strategies: ${JSON.stringify(Object.fromEntries(perStrategy))}`,
          `operations: ${[...perOperation].map(([key, n]) => `${key} ${n}`).join(', ')}`,
        ].join('\n'),
      );
      // Every operation and every kind of malformation was tried (unless replaying one path).
      if (!PATH) {
        for (const operation of fuzzable)
          expect([operation.key, perOperation.get(operation.key)]).not.toEqual([operation.key, 0]);
        for (const strategy of STRATEGIES) expect([strategy, perStrategy.get(strategy)]).not.toEqual([strategy, 0]);
      }
    },
    120_000 + RUNS * 60,
  );

  it('leaves every table as it was', async () => {
    const after = await snapshot(t.db);
    expect(describeChanges(before, after)).toBe('');
    expect(after.checksums).toEqual(before.checksums);
  });
});
