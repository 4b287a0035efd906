import fc from 'fast-check';
import { BODY_LIMIT_BYTES } from '../../src/app.factory';
import type { ApiSpec, Method, Operation, Parameter, Schema } from './openapi';
import type { BadAuthorization } from './tokens';
import {
  EXTRA_KEYS,
  invalidBooleans,
  invalidNumbers,
  invalidNumberTexts,
  invalidStrings,
  invalidUuids,
  isTimestampField,
  Json,
  LONE_HIGH,
  LONE_LOW,
  NUL,
  percentEncode,
  raw,
  RawJson,
  RTL_OVERRIDE,
  SAMPLE_UUID,
  toJson,
  UUID,
  withEntry,
  withoutEntry,
  ZERO_WIDTH_SPACE,
} from './values';

/**
 * fast-check arbitraries of malformed requests, derived from the OpenAPI document: every request
 * breaks the spec in exactly one named way (a path id, a query parameter, a body field, the JSON
 * syntax, the media type, the size, the token) while the rest of it is as valid as the fuzzer can
 * make it, so the malformation is what the API has to deal with. A request that could be valid
 * is never generated: any 2xx is a finding.
 */

export type Actor = 'admin' | 'department' | 'partner' | 'evaluator' | 'anonymous';
export type SignedInActor = Exclude<Actor, 'anonymous'>;

export type Pool =
  | 'challenges'
  | 'proposals'
  | 'pilots'
  | 'organizations'
  | 'assignments'
  | 'notifications'
  | 'users'
  | 'goals'
  | 'events'
  | 'registrations'
  | 'rooms'
  | 'criteria'
  | 'departments'
  | 'evaluators';

export interface FuzzContext {
  spec: ApiSpec;
  /** `Authorization` header of each signed-in actor. */
  auth: Record<SignedInActor, string>;
  badAuth: BadAuthorization[];
  /** Ids of real objects, so requests get past "not found" to the input checks. */
  ids: Record<Pool, string[]>;
  /** Real `nextCursor`s of list endpoints (to truncate). */
  cursors: string[];
}

export type Strategy = 'path' | 'query' | 'body' | 'deep' | 'json-syntax' | 'content-type' | 'oversize' | 'token';
export const STRATEGIES: readonly Strategy[] = [
  'path',
  'query',
  'body',
  'deep',
  'json-syntax',
  'content-type',
  'oversize',
  'token',
];

const STRATEGY_WEIGHTS: Record<Strategy, number> = {
  path: 14,
  query: 24,
  body: 34,
  deep: 5,
  'json-syntax': 6,
  'content-type': 6,
  oversize: 3,
  token: 6,
};

/** Which strategies can malform an operation *for sure*. Empty: the operation takes no input at all. */
export function strategiesFor(operation: Operation): Strategy[] {
  const hasBody = operation.method !== 'get';
  return STRATEGIES.filter((strategy) => {
    switch (strategy) {
      case 'path':
        return operation.pathParams.length > 0;
      case 'query':
        return operation.query.length > 0;
      case 'body':
      case 'deep':
        return operation.body !== undefined;
      case 'json-syntax':
      case 'content-type':
      case 'oversize':
        // Fastify parses (and refuses) a body before routing it to any handler, whatever the route reads.
        return hasBody;
      case 'token':
        return operation.secured;
    }
  });
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);
const show = (value: unknown): string =>
  clip(
    typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'undefined' : toJson(value as Json),
    80,
  );

export interface FuzzRequestInit {
  operation: Operation;
  url: string;
  actor: string;
  authorization?: string;
  contentType?: string;
  body?: string;
  strategy: Strategy;
  /** What exactly is malformed. */
  detail: string;
  /** The status this malformation must get, when only one is right. */
  expectStatus?: number;
}

/** One generated request; prints itself as a replayable counterexample. */
export class FuzzRequest {
  readonly operation: Operation;
  readonly method: Method;
  readonly url: string;
  readonly actor: string;
  readonly authorization?: string;
  readonly contentType?: string;
  readonly body?: string;
  readonly strategy: Strategy;
  readonly detail: string;
  readonly expectStatus?: number;

  constructor(init: FuzzRequestInit) {
    this.operation = init.operation;
    this.method = init.operation.method;
    this.url = init.url;
    this.actor = init.actor;
    this.authorization = init.authorization;
    this.contentType = init.contentType;
    this.body = init.body;
    this.strategy = init.strategy;
    this.detail = init.detail;
    this.expectStatus = init.expectStatus;
  }

  get headers(): Record<string, string> {
    return {
      ...(this.authorization !== undefined ? { authorization: this.authorization } : {}),
      ...(this.contentType !== undefined ? { 'content-type': this.contentType } : {}),
    };
  }

  toString(): string {
    const headers = Object.fromEntries(Object.entries(this.headers).map(([k, v]) => [k, clip(v, 60)]));
    const body = this.body === undefined ? '(none)' : `(${Buffer.byteLength(this.body)} bytes) ${clip(this.body, 400)}`;
    return [
      `${this.method.toUpperCase()} ${clip(this.url, 300)}`,
      `  operation: ${this.operation.key}`,
      `  malformed: [${this.strategy}] ${this.detail}`,
      `  actor:     ${this.actor}`,
      `  headers:   ${JSON.stringify(headers)}`,
      `  body:      ${body}`,
    ].join('\n');
  }

  [fc.toStringMethod](): string {
    return `\n${this.toString()}\n`;
  }
}

// ---------------------------------------------------------------------------------------------
// Ids and valid values

/** The collection a path parameter names, by the segment before it. */
const SEGMENT_POOLS: Record<string, Pool> = {
  challenges: 'challenges',
  proposals: 'proposals',
  pilots: 'pilots',
  organizations: 'organizations',
  assignments: 'assignments',
  notifications: 'notifications',
  users: 'users',
  'effect-goals': 'goals',
  rooms: 'rooms',
  events: 'events',
  registrations: 'registrations',
  members: 'users',
  partners: 'organizations',
};

/** The collection an id field refers to, by its name. */
const FIELD_POOLS: Record<string, Pool> = {
  leadOrganizationId: 'organizations',
  partnerOrganizationIds: 'organizations',
  organizationId: 'organizations',
  evaluatorId: 'evaluators',
  departmentId: 'departments',
  criterionId: 'criteria',
  id: 'criteria',
  challengeId: 'challenges',
  proposalId: 'proposals',
  actorId: 'users',
  userId: 'users',
  goalId: 'goals',
  roomId: 'rooms',
  pilotId: 'pilots',
};

/** Values the spec cannot say are valid (codes from reference data, formats it leaves out). */
const HINTS: Record<string, string> = {
  welfareArea: 'healthcare',
  area: 'healthcare',
  orgNumber: '556036-0793',
  testbedSite: 'Drottninghög',
  unit: '%',
  entityType: 'challenge',
};

function poolOfPathParam(path: string, name: string): Pool | undefined {
  const segments = path.split('/');
  const index = segments.indexOf(`{${name}}`);
  return index > 0 ? SEGMENT_POOLS[segments[index - 1]] : undefined;
}

function idsFor(ctx: FuzzContext, pool: Pool | undefined): string[] {
  const own = pool ? ctx.ids[pool] : [];
  return own.length > 0 ? own : Object.values(ctx.ids).flat();
}

const DAY = 86_400_000;
const timestampFor = (name: string): string =>
  new Date(Date.now() + (/measured/i.test(name) ? -DAY : 30 * DAY)).toISOString();

const TEXT = 'Fuzzing text that is long enough';

/** One valid string for a field (constraints of the spec, hints where the spec cannot say). */
function validString(schema: Schema, name: string): string {
  if (schema.enum) return String(schema.enum[0]);
  if (isTimestampField(name)) return timestampFor(name);
  const fits = (value: string) =>
    value.length >= (schema.minLength ?? 0) &&
    value.length <= (schema.maxLength ?? Infinity) &&
    (schema.pattern === undefined || new RegExp(schema.pattern).test(value));
  const candidates = [HINTS[name], 'fuzz', 'fuzz-text', 'fuzz_text', TEXT, TEXT.repeat(4)].filter(
    (value): value is string => value !== undefined,
  );
  return candidates.find(fits) ?? TEXT.slice(0, schema.maxLength ?? TEXT.length);
}

function validArb(ctx: FuzzContext, input: Schema, name: string): fc.Arbitrary<Json> {
  const schema = ctx.spec.resolve(input);
  switch (schema.type) {
    case 'string':
      if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
      if (schema.format === 'uuid') return fc.constantFrom(...idsFor(ctx, FIELD_POOLS[name]));
      if (schema.format === 'email') return fc.nat(999_999).map((n) => `fuzz${n}@example.se`);
      if (schema.format === 'uri') return fc.constant('https://example.se/fuzz');
      return fc.constant(validString(schema, name));
    case 'number':
    case 'integer': {
      const min = schema.minimum ?? 0;
      return fc.integer({ min, max: Math.min(schema.maximum ?? min + 1000, min + 1000) });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = validArb(ctx, schema.items ?? {}, name);
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, 3));
      return schema.uniqueItems
        ? fc.uniqueArray(item, { selector: (v) => toJson(v), minLength, maxLength })
        : fc.array(item, { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, validArb(ctx, value, key)]),
      );
      return fc.record(model, {
        requiredKeys: (schema.required ?? []).filter((key) => key in properties),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Body mutations

interface Mutated {
  value: Json;
  detail: string;
}

const WRONG_TYPES: Record<'string' | 'array' | 'object', Json[]> = {
  string: [0, 1, -1, true, false, [], {}, ['x'], { a: 'x' }],
  array: [{}, 'x', 1, true, { 0: 'x', length: 1 }],
  object: [[], 'x', 1, true, [{}]],
};

const EXTRA_VALUES: Json[] = [true, 1, 'x', null, {}, [], { isAdmin: true }, { prototype: { isAdmin: true } }];

/**
 * A value that breaks `schema`: here (wrong type, out of range, bad format, NUL, a missing or an
 * unknown property) or, for objects and arrays, somewhere inside while the rest stays valid.
 */
function mutatedArb(
  ctx: FuzzContext,
  input: Schema,
  name: string,
  where: string,
  depth: number,
): fc.Arbitrary<Mutated> {
  const schema = ctx.spec.resolve(input);
  const options: fc.Arbitrary<Mutated>[] = [];
  const these = (values: Json[], what: string) => {
    if (values.length > 0) {
      options.push(fc.constantFrom(...values).map((value) => ({ value, detail: `${where}: ${what} ${show(value)}` })));
    }
  };
  // null where the spec does not allow it: the IsOptional() trap (it lets null through), so tried on its own.
  if (!schema.nullable && depth > 0)
    options.push(fc.constant({ value: null, detail: `${where}: null (not nullable)` }));
  switch (schema.type) {
    case 'string': {
      const valid = validString(schema, name);
      these(WRONG_TYPES.string, 'wrong type');
      these(
        invalidStrings(schema, name, schema.format === 'uuid' ? idsFor(ctx, FIELD_POOLS[name])[0] : valid),
        'invalid',
      );
      break;
    }
    case 'number':
    case 'integer':
      these(invalidNumbers(schema), 'invalid number');
      break;
    case 'boolean':
      these(invalidBooleans(), 'invalid boolean');
      break;
    case 'array': {
      const items = ctx.spec.resolve(schema.items ?? {});
      const item = validArb(ctx, items, name);
      these(WRONG_TYPES.array, 'not an array:');
      if (schema.maxItems !== undefined) {
        const n = schema.maxItems + 1;
        options.push(
          fc
            .array(item, { minLength: n, maxLength: n })
            .map((value) => ({ value, detail: `${where}: ${n} items, over maxItems ${n - 1}` })),
        );
      }
      if (schema.minItems) {
        const n = schema.minItems - 1;
        options.push(
          fc
            .array(item, { minLength: n, maxLength: n })
            .map((value) => ({ value, detail: `${where}: ${n} items, under minItems ${n + 1}` })),
        );
      }
      if (schema.uniqueItems) {
        options.push(
          item.map((value) => ({ value: [value, value], detail: `${where}: duplicate items ${show(value)}` })),
        );
      }
      if (depth < 4) {
        options.push(
          fc
            .tuple(mutatedArb(ctx, items, name, `${where}[0]`, depth + 1), fc.array(item, { maxLength: 2 }))
            .map(([first, rest]) => ({ value: [first.value, ...rest], detail: first.detail })),
        );
      }
      break;
    }
    case 'object':
    case undefined: {
      const properties = schema.properties ?? {};
      const required = (schema.required ?? []).filter((key) => key in properties);
      const base = validArb(ctx, schema, name) as fc.Arbitrary<Record<string, Json>>;
      these(depth === 0 ? [...WRONG_TYPES.object, null] : WRONG_TYPES.object, 'not an object:');
      if (required.length > 0) {
        options.push(
          fc.tuple(base, fc.constantFrom(...required)).map(([object, key]) => ({
            value: withoutEntry(object, key),
            detail: `${where}: required ${key} missing`,
          })),
        );
      }
      const extraKeys = EXTRA_KEYS.filter((key) => !(key in properties) && !ctx.spec.propertyNames.has(key));
      options.push(
        fc.tuple(base, fc.constantFrom(...extraKeys), fc.constantFrom(...EXTRA_VALUES)).map(([object, key, value]) => ({
          value: withEntry(object, key, value),
          detail: `${where}: unknown property ${JSON.stringify(key).slice(0, 40)} = ${show(value)}`,
        })),
      );
      if (depth < 4) {
        for (const [key, child] of Object.entries(properties)) {
          options.push(
            fc
              .tuple(base, mutatedArb(ctx, child, key, where ? `${where}.${key}` : key, depth + 1))
              .map(([object, mutated]) => ({
                value: withEntry(withoutEntry(object, key), key, mutated.value),
                detail: mutated.detail,
              })),
          );
        }
      }
      break;
    }
  }
  return fc.oneof(...options);
}

// ---------------------------------------------------------------------------------------------
// Path and query

interface Segment {
  /** As the server decodes it (for the report). */
  text: string;
  /** As it goes on the wire. */
  encoded: string;
}
const segment = (text: string): Segment => ({ text, encoded: percentEncode(text) });
const rawSegment = (encoded: string): Segment => ({ text: encoded, encoded });

function validSegmentArb(ctx: FuzzContext, operation: Operation, name: string): fc.Arbitrary<Segment> {
  const own = idsFor(ctx, poolOfPathParam(operation.path, name));
  const all = Object.values(ctx.ids).flat();
  return fc
    .oneof(
      { weight: 15, arbitrary: fc.constantFrom(...own) },
      { weight: 2, arbitrary: fc.constantFrom(...all) },
      { weight: 3, arbitrary: fc.uuid() },
    )
    .map(segment);
}

const PERCENT_GARBAGE = ['%zz', '%', '%E0%A4%A', '%FF', '%C0%AF', '%ED%A0%80', '%u0041'];

function invalidSegmentArb(ctx: FuzzContext, operation: Operation, name: string): fc.Arbitrary<Segment> {
  const sample = idsFor(ctx, poolOfPathParam(operation.path, name))[0] ?? SAMPLE_UUID;
  const texts = [
    ...invalidUuids(sample),
    '..',
    '.',
    '%',
    'a/b',
    '../../etc/passwd',
    '1;DROP TABLE users',
    NUL,
    LONE_HIGH,
    `${sample}${LONE_LOW}`,
  ];
  return fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...texts).map(segment) },
    {
      weight: 3,
      arbitrary: fc
        .string({ unit: 'binary', minLength: 1, maxLength: 40 })
        .filter((s) => !UUID.test(s))
        .map(segment),
    },
    { weight: 2, arbitrary: fc.constantFrom(...PERCENT_GARBAGE).map(rawSegment) },
    // Past the router's parameter length (100), and past Node's 16 KB header limit.
    { weight: 1, arbitrary: fc.constantFrom(101, 1000, 20_000, 1_000_000).map((n) => segment('x'.repeat(n))) },
  );
}

function segmentsArb(ctx: FuzzContext, operation: Operation): fc.Arbitrary<Record<string, Segment>> {
  return fc.record(
    Object.fromEntries(operation.pathParams.map((name) => [name, validSegmentArb(ctx, operation, name)])),
  );
}

type Pairs = [string, string][];

function validQueryValueArb(ctx: FuzzContext, parameter: Parameter): fc.Arbitrary<string> | undefined {
  const { schema, name } = parameter;
  if (name === 'cursor') return undefined;
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'uuid') return fc.constantFrom(...idsFor(ctx, FIELD_POOLS[name]));
  if (schema.type === 'number' || schema.type === 'integer') {
    const min = schema.minimum ?? 1;
    return fc.integer({ min, max: schema.maximum ?? min + 100 }).map(String);
  }
  return fc.constant(validString(schema, name));
}

/** Valid query pairs: required parameters always, optional ones sometimes. */
function validQueryArb(ctx: FuzzContext, operation: Operation, except?: string): fc.Arbitrary<Pairs> {
  const parts = operation.query
    .filter((p) => p.name !== except)
    .map((p) => {
      const value = validQueryValueArb(ctx, p);
      if (!value) return fc.constant(undefined);
      const pair = value.map((v): [string, string] => [p.name, v]);
      return p.required ? pair : fc.option(pair, { nil: undefined, freq: 2 });
    });
  return fc.tuple(...parts).map((pairs) => pairs.filter((pair): pair is [string, string] => pair !== undefined));
}

const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/**
 * Lists whose keyset starts with a name, not a time: any text is a position there, so an
 * impossible date is a valid cursor (found by seed 815207104 on GET /users, and by seed 80808 on
 * GET /organizations once new operations moved its draws).
 */
const KEYED_BY_TEXT = new Set(['GET /api/v1/users', 'GET /api/v1/organizations']);

function brokenCursorArb(ctx: FuzzContext, operation: Operation): fc.Arbitrary<string> {
  const forged = [
    ...(KEYED_BY_TEXT.has(operation.key) ? [] : [b64url(`["2024-02-30T00:00:00.000000Z","${SAMPLE_UUID}"]`)]),
    b64url(`[3.5e38,"${SAMPLE_UUID}"]`),
    b64url(`[null,"${SAMPLE_UUID}"]`),
    b64url('["x","not-a-uuid"]'),
    b64url(`["' OR 1=1 --","${SAMPLE_UUID}x"]`),
    b64url('[1e400,"x"]'),
    b64url('[]'),
    b64url('[1,2,3]'),
    b64url('{"a":1}'),
    b64url('"x"'),
    b64url('["x",'),
    b64url(`["x","${SAMPLE_UUID}",1]`),
    'A'.repeat(513),
    'abc+/=',
    'a.b',
    'eyJ',
    `abc${ZERO_WIDTH_SPACE}`,
    `${RTL_OVERRIDE}abc`,
    `eyJ${NUL}`,
  ];
  const truncated = ctx.cursors.length
    ? fc
        .constantFrom(...ctx.cursors)
        .chain((cursor) => fc.integer({ min: 1, max: cursor.length - 1 }).map((n) => cursor.slice(0, n)))
    : fc.constant('eyJ');
  return fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 96 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    fc
      .jsonValue({ maxDepth: 2 })
      .map((value) => JSON.stringify(value) ?? 'null')
      .filter((text) => !/[0-9a-f]{8}-[0-9a-f]{4}-/i.test(text))
      .map(b64url),
    truncated,
    fc.constantFrom(...forged),
  );
}

/** Query values over Node's 16 KB header limit (and a 1 MB one): refused before any route runs. */
const HUGE = ['x'.repeat(20_000), 'x'.repeat(1_000_000)];

function invalidQueryValueArb(ctx: FuzzContext, operation: Operation, parameter: Parameter): fc.Arbitrary<string> {
  const { schema, name } = parameter;
  if (name === 'cursor')
    return fc.oneof(
      { weight: 9, arbitrary: brokenCursorArb(ctx, operation) },
      { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
    );
  if (schema.type === 'number' || schema.type === 'integer') return fc.constantFrom(...invalidNumberTexts(schema));
  const valid = schema.format === 'uuid' ? idsFor(ctx, FIELD_POOLS[name])[0] : validString(schema, name);
  // A lone surrogate cannot travel in a query string: the parser keeps invalid UTF-8 as literal text.
  const candidates = invalidStrings(schema, name, valid).filter((v) => !/[\ud800-\udfff]/.test(v));
  return fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...candidates) },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
  );
}

const EXTRA_QUERY_KEYS = [
  'foo',
  'admin',
  'isAdmin',
  '__proto__',
  'constructor',
  'prototype',
  '__proto__[isAdmin]',
  'constructor[prototype][isAdmin]',
  'toString',
  'hasOwnProperty',
  'sort',
  'offset',
  'page',
  'include',
  '$where',
  `q${ZERO_WIDTH_SPACE}`,
  'LIMIT',
  'Limit',
  'limit[]',
  'cursor[]',
  'limit.x',
];

function queryMalformationArb(ctx: FuzzContext, operation: Operation): fc.Arbitrary<{ pairs: Pairs; detail: string }> {
  const options: fc.Arbitrary<{ pairs: Pairs; detail: string }>[] = [];
  for (const parameter of operation.query) {
    const { name } = parameter;
    options.push(
      fc
        .tuple(validQueryArb(ctx, operation, name), invalidQueryValueArb(ctx, operation, parameter))
        .map(([pairs, bad]) => ({ pairs: [...pairs, [name, bad]], detail: `query ${name} = ${show(bad)}` })),
    );
    const valid =
      validQueryValueArb(ctx, parameter) ?? fc.constantFrom(...(ctx.cursors.length ? ctx.cursors : ['eyJ']));
    options.push(
      fc.tuple(validQueryArb(ctx, operation, name), valid, valid).map(([pairs, a, b]) => ({
        pairs: [...pairs, [name, a], [name, b]],
        detail: `query ${name} given twice (${show(a)}, ${show(b)})`,
      })),
    );
  }
  const known = new Set(operation.query.map((p) => p.name));
  const extras = EXTRA_QUERY_KEYS.filter((key) => !known.has(key));
  options.push(
    fc
      .tuple(validQueryArb(ctx, operation), fc.constantFrom(...extras), fc.constantFrom('1', 'true', 'x', '{}'))
      .map(([pairs, key, value]) => ({
        pairs: [...pairs, [key, value]],
        detail: `unknown query parameter ${JSON.stringify(key)}`,
      })),
  );
  return fc.oneof(...options);
}

function urlOf(operation: Operation, segments: Record<string, Segment>, pairs: Pairs): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => segments[name].encoded);
  const query = pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&');
  return query ? `${path}?${query}` : path;
}

// ---------------------------------------------------------------------------------------------
// Whole bodies

function deepJson(shape: 'array' | 'object' | 'mixed' | 'proto', depth: number): string {
  switch (shape) {
    case 'array':
      return '['.repeat(depth) + ']'.repeat(depth);
    case 'object':
      return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    case 'mixed':
      return '[{"a":'.repeat(depth / 2) + '1' + '}]'.repeat(depth / 2);
    case 'proto':
      return '{"a":'.repeat(depth) + '{"__proto__":{"isAdmin":true}}' + '}'.repeat(depth);
  }
}

const deepArb = fc
  .record({
    depth: fc.constantFrom(100, 1_000, 5_000, 10_000, 25_000),
    shape: fc.constantFrom<'array' | 'object' | 'mixed' | 'proto'>('array', 'object', 'mixed', 'proto'),
  })
  .map(({ depth, shape }) => ({ text: deepJson(shape, depth), what: `${shape} nested ${depth} deep` }));

const BROKEN_JSON = [
  '',
  ' ',
  '{',
  '[',
  '}',
  '{"a":',
  '{"a":1,}',
  '[1,]',
  "{'a':1}",
  '{a:1}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":undefined}',
  '{"a":01}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"\u0001"}',
  'nul',
  'tru',
  'undefined',
  '{"a":1}{"b":2}',
  '{"a":1} x',
  '/* comment */ {}',
  '{} // comment',
  NUL,
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '[{"__proto__":1}]',
  '{"a":{"b":{"__proto__":{}}}}',
];

function brokenJsonArb(base: fc.Arbitrary<Json>): fc.Arbitrary<{ text: string; what: string }> {
  return fc.oneof(
    fc.constantFrom(...BROKEN_JSON).map((text) => ({ text, what: `broken JSON ${show(text)}` })),
    fc.tuple(base, fc.nat()).map(([value, n]) => {
      const text = toJson(value);
      const cut = text.slice(0, n % text.length);
      return { text: cut, what: `truncated to ${cut.length} of ${text.length} bytes` };
    }),
    base.map((value) => ({ text: `${toJson(value)}}`, what: 'one closing brace too many' })),
    base.map((value) => {
      const text = toJson(value);
      const proto = '"__proto__":{"isAdmin":true}';
      return { text: text === '{}' ? `{${proto}}` : `{${proto},${text.slice(1)}`, what: '__proto__ key at the top' };
    }),
  );
}

const CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzzboundary',
  'application/xml',
  'text/xml',
  'text/html',
  'application/octet-stream',
  'application/javascript',
  'image/png',
  'text/json',
  'application/x-json',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'application/json-patch+json',
];

/** The same fields, as the body of another media type. */
function encodeAs(contentType: string, value: Json): string {
  const fields: [string, Json][] =
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RawJson)
      ? Object.entries(value)
      : [['value', value]];
  const text = (v: Json) => (typeof v === 'string' ? v : toJson(v));
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return fields.map(([k, v]) => `${percentEncode(k)}=${percentEncode(text(v))}`).join('&') || 'a=1';
  }
  if (contentType.startsWith('multipart/form-data')) {
    const parts = fields.map(
      ([k, v]) => `--fuzzboundary\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${text(v)}\r\n`,
    );
    return `${parts.join('') || '--fuzzboundary\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'}--fuzzboundary--\r\n`;
  }
  if (/xml|html/.test(contentType)) return `<body>${toJson(value)}</body>`;
  return toJson(value);
}

function oversizeArb(base: fc.Arbitrary<Json>): fc.Arbitrary<{ text: string; what: string }> {
  return fc
    .tuple(
      base,
      fc.integer({ min: BODY_LIMIT_BYTES + 1, max: 1_100_000 }),
      fc.constantFrom<'string' | 'array' | 'whitespace'>('string', 'array', 'whitespace'),
    )
    .map(([value, size, shape]) => {
      switch (shape) {
        case 'string': {
          const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
          const key = Object.keys(object)[0] ?? 'name';
          return {
            text: toJson(withEntry(withoutEntry(object as Record<string, Json>, key), key, 'x'.repeat(size))),
            what: `${key} is a ${size}-character string`,
          };
        }
        case 'array':
          return {
            text: `[${'1,'.repeat(Math.ceil(size / 2))}1]`,
            what: `an array of ${Math.ceil(size / 2) + 1} numbers`,
          };
        case 'whitespace':
          return { text: `${' '.repeat(size)}${toJson(value)}`, what: `${size} bytes of whitespace before the JSON` };
      }
    });
}

// ---------------------------------------------------------------------------------------------
// Requests

const actorArb: fc.Arbitrary<Actor> = fc.oneof(
  { weight: 40, arbitrary: fc.constant<Actor>('admin') },
  { weight: 20, arbitrary: fc.constant<Actor>('department') },
  { weight: 15, arbitrary: fc.constant<Actor>('partner') },
  { weight: 12, arbitrary: fc.constant<Actor>('evaluator') },
  { weight: 13, arbitrary: fc.constant<Actor>('anonymous') },
);

/** Malformed requests to one operation, each strategy weighted; undefined when it takes no input. */
export function operationArb(ctx: FuzzContext, operation: Operation): fc.Arbitrary<FuzzRequest> | undefined {
  const strategies = strategiesFor(operation);
  if (strategies.length === 0) return undefined;
  const auth = (actor: Actor) => (actor === 'anonymous' ? undefined : ctx.auth[actor]);
  const segments = segmentsArb(ctx, operation);
  const query = operation.method === 'get' ? validQueryArb(ctx, operation) : fc.constant<Pairs>([]);
  const body: fc.Arbitrary<Json> | undefined = operation.body ? validArb(ctx, operation.body, '') : undefined;
  const bodyOrEmpty: fc.Arbitrary<Json> = body ?? fc.constant({});
  const json = 'application/json';
  const request = (init: Omit<FuzzRequestInit, 'operation'>) => new FuzzRequest({ operation, ...init });

  const build = (strategy: Strategy): fc.Arbitrary<FuzzRequest> => {
    switch (strategy) {
      case 'path':
        return fc
          .tuple(
            actorArb,
            segments,
            fc
              .constantFrom(...operation.pathParams)
              .chain((name) => invalidSegmentArb(ctx, operation, name).map((bad) => ({ name, bad }))),
            query,
            fc.option(bodyOrEmpty, { nil: undefined }),
          )
          .map(([actor, valid, { name, bad }, pairs, value]) =>
            request({
              url: urlOf(operation, { ...valid, [name]: bad }, pairs),
              actor,
              authorization: auth(actor),
              ...(body && value !== undefined ? { contentType: json, body: toJson(value) } : {}),
              strategy,
              detail: `path ${name} = ${show(bad.text)}`,
            }),
          );
      case 'query':
        return fc.tuple(actorArb, segments, queryMalformationArb(ctx, operation)).map(([actor, valid, bad]) =>
          request({
            url: urlOf(operation, valid, bad.pairs),
            actor,
            authorization: auth(actor),
            strategy,
            detail: bad.detail,
          }),
        );
      case 'body':
        return fc
          .tuple(actorArb, segments, mutatedArb(ctx, operation.body ?? {}, '', '', 0))
          .map(([actor, valid, mutated]) =>
            request({
              url: urlOf(operation, valid, []),
              actor,
              authorization: auth(actor),
              contentType: json,
              body: toJson(mutated.value),
              strategy,
              detail: mutated.detail.replace(/^: /, '(body): '),
            }),
          );
      case 'deep': {
        const keys = Object.keys(operation.body?.properties ?? {});
        return fc
          .tuple(actorArb, segments, bodyOrEmpty, deepArb, fc.constantFrom('', ...keys))
          .map(([actor, valid, value, deep, key]) =>
            request({
              url: urlOf(operation, valid, []),
              actor,
              authorization: auth(actor),
              contentType: json,
              body: key
                ? toJson(withEntry(withoutEntry(value as Record<string, Json>, key), key, raw(deep.text)))
                : deep.text,
              strategy,
              detail: `${key || '(body)'}: ${deep.what}`,
            }),
          );
      }
      case 'json-syntax':
        return fc.tuple(actorArb, segments, brokenJsonArb(bodyOrEmpty)).map(([actor, valid, broken]) =>
          request({
            url: urlOf(operation, valid, []),
            actor,
            authorization: auth(actor),
            contentType: json,
            body: broken.text,
            strategy,
            detail: broken.what,
            expectStatus: 400,
          }),
        );
      case 'content-type':
        return fc
          .tuple(actorArb, segments, bodyOrEmpty, fc.constantFrom(...CONTENT_TYPES))
          .map(([actor, valid, value, contentType]) =>
            request({
              url: urlOf(operation, valid, []),
              actor,
              authorization: auth(actor),
              contentType,
              body: encodeAs(contentType, value),
              strategy,
              detail: `a valid body sent as ${contentType}`,
              expectStatus: 415,
            }),
          );
      case 'oversize':
        return fc.tuple(actorArb, segments, oversizeArb(bodyOrEmpty)).map(([actor, valid, big]) =>
          request({
            url: urlOf(operation, valid, []),
            actor,
            authorization: auth(actor),
            contentType: json,
            body: big.text,
            strategy,
            detail: `${big.what}, over the ${BODY_LIMIT_BYTES}-byte limit`,
            expectStatus: 413,
          }),
        );
      case 'token':
        return fc
          .tuple(fc.constantFrom(...ctx.badAuth), segments, query, fc.option(bodyOrEmpty, { nil: undefined }))
          .map(([bad, valid, pairs, value]) =>
            request({
              url: urlOf(operation, valid, pairs),
              actor: `bad token (${bad.name})`,
              authorization: bad.header,
              ...(body && value !== undefined ? { contentType: json, body: toJson(value) } : {}),
              strategy,
              detail: `Authorization: ${bad.name}`,
              expectStatus: 401,
            }),
          );
    }
  };
  return fc.oneof(
    ...strategies.map((strategy) => ({ weight: STRATEGY_WEIGHTS[strategy], arbitrary: build(strategy) })),
  );
}

/** Every operation that takes input, equally likely. */
export function requestArb(ctx: FuzzContext, operations: Operation[]): fc.Arbitrary<FuzzRequest> {
  const arbitraries = operations
    .map((operation) => operationArb(ctx, operation))
    .filter((arbitrary): arbitrary is fc.Arbitrary<FuzzRequest> => arbitrary !== undefined);
  return fc.oneof(...arbitraries);
}
