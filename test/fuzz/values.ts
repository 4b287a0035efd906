import type { Schema } from './openapi';

/**
 * Building blocks of malformed input: JSON text with verbatim fragments, URL encoding that can
 * also send bytes no well-behaved client would, and catalogues of values that are invalid by the
 * spec whatever the server does to them (trim, lower-case) before validating.
 */

/** JSON text inserted verbatim: tokens JSON.stringify cannot produce (NaN, 1e400, `{"__proto__":…}`). */
export class RawJson {
  constructor(readonly text: string) {}
}
export type Json = null | boolean | number | string | RawJson | Json[] | { [key: string]: Json };

export const raw = (text: string): RawJson => new RawJson(text);

/** Serializes like JSON.stringify, but keeps `__proto__` keys and writes RawJson verbatim. */
export function toJson(value: Json): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** An object with one more own property, even one named `__proto__` (a literal would set the prototype). */
export function withEntry(object: Record<string, Json>, key: string, value: Json): Record<string, Json> {
  return Object.fromEntries([...Object.entries(object), [key, value]]);
}

export function withoutEntry(object: Record<string, Json>, key: string): Record<string, Json> {
  return Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
}

/**
 * Percent-encodes every character outside [A-Za-z0-9_~-] (dots included, so no client or router
 * normalizes `..`). A lone surrogate becomes the 3-byte sequence UTF-8 forbids for it (%ED%A0%80).
 */
export function percentEncode(text: string): string {
  try {
    // Fast path (1 MB values go through here); encodeURIComponent throws on a lone surrogate.
    return encodeURIComponent(text).replace(
      /[!'()*.]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
    );
  } catch {
    // fall through to the byte-by-byte encoding below
  }
  let out = '';
  for (const ch of text) {
    if (/^[A-Za-z0-9_~-]$/.test(ch)) {
      out += ch;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    const bytes =
      cp >= 0xd800 && cp <= 0xdfff
        ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
        : [...Buffer.from(ch, 'utf8')];
    out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

export const NUL = '\u0000';
export const ZERO_WIDTH_SPACE = '\u200b';
export const RTL_OVERRIDE = '\u202e';
export const LTR_ISOLATE = '\u2066';
export const POP_ISOLATE = '\u2069';
export const BOM = '\ufeff';
export const LONE_HIGH = '\ud800';
export const LONE_LOW = '\udc00';
/** Emoji presentation selector: invisible, one code point, and not counted by class-validator's length. */
export const VARIATION_SELECTOR = '\ufe0f';

/** A fixed id for catalogues (generation must replay from the seed alone). */
export const SAMPLE_UUID = '5d1c1d8e-8f4b-4b43-9a55-3c3f7f0e2f51';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** String fields the spec leaves untyped that hold ISO 8601 timestamps (the DTOs check them). */
export const isTimestampField = (name: string): boolean => /(At|Deadline|After)$/.test(name);

function isTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && hour < 24 && minute < 60 && second < 60;
}

export function hasNulOrLoneSurrogate(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
}

/** Password fields are hashed, never stored as text: any code unit is theirs to hold. */
export const isSecretField = (name: string): boolean => /password/i.test(name);

/**
 * Whether a string breaks the schema (or the rule that text holds no NUL and no lone surrogate,
 * which PostgreSQL cannot store). Lengths count code points, as JSON Schema does.
 */
function violates(value: string, schema: Schema, name: string): boolean {
  if (!isSecretField(name) && hasNulOrLoneSurrogate(value)) return true;
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) return true;
  if (schema.maxLength !== undefined && length > schema.maxLength) return true;
  if (schema.enum && !schema.enum.includes(value)) return true;
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) return true;
  if (schema.format === 'uuid' && !UUID.test(value)) return true;
  if (isTimestampField(name) && !isTimestamp(value)) return true;
  return false;
}

/** Invalid however the server normalizes it first (DTOs trim and lower-case some fields). */
export function surelyInvalid(value: string, schema: Schema, name: string): boolean {
  return [value, value.trim(), value.toLowerCase(), value.trim().toLowerCase()].every((v) => violates(v, schema, name));
}

const FULLWIDTH = (text: string): string =>
  text.replace(/[!-~]/g, (c) => String.fromCodePoint(c.codePointAt(0)! - 0x21 + 0xff01));
/** Latin letters swapped for their Cyrillic look-alikes. */
const HOMOGLYPH = (text: string): string =>
  text.replace(/[aceopx]/g, (c) => ({ a: 'а', c: 'с', e: 'е', o: 'о', p: 'р', x: 'х' })[c] ?? c);

/** A valid value dressed in invisible or look-alike characters: malformed wherever the field is constrained. */
export function unusualUnicode(valid: string): string[] {
  return [
    valid + ZERO_WIDTH_SPACE,
    RTL_OVERRIDE + valid,
    LTR_ISOLATE + valid + POP_ISOLATE,
    BOM + valid,
    valid + VARIATION_SELECTOR,
    HOMOGLYPH(valid),
    FULLWIDTH(valid),
    `${valid.slice(0, 1)}${ZERO_WIDTH_SPACE}${valid.slice(1)}`,
  ];
}

export function invalidUuids(uuid: string): string[] {
  return [
    'not-a-uuid',
    '0',
    '1',
    '-1',
    'null',
    'undefined',
    'true',
    '[object Object]',
    uuid.slice(0, -1),
    `${uuid}0`,
    uuid.replace(/-/g, ''),
    uuid.replace(/-/g, '_'),
    `{${uuid}}`,
    `urn:uuid:${uuid}`,
    `g${uuid.slice(1)}`,
    `${uuid},${uuid}`,
    `${uuid}${NUL}`,
    "' OR '1'='1",
    "1' OR 1=1 --",
    '00000000-0000-0000-0000-00000000000g',
    ...unusualUnicode(uuid),
  ];
}

export const INVALID_EMAILS = [
  'plainaddress',
  '@example.se',
  'user@',
  'user@@example.se',
  'user name@example.se',
  'user@exa mple.se',
  'user@.se',
  'user@example..se',
  `user@example.se${NUL}`,
];

export const INVALID_URIS = ['not a url', 'http://', '://example.se', 'http://exa mple.se', 'ht tp://example.se'];

export const INVALID_TIMESTAMPS = [
  'yesterday',
  'now',
  '2024-02-30T00:00:00Z',
  '2024-13-01T00:00:00Z',
  '2024-01-01T25:00:00Z',
  '2024-01-01',
  '2024-01-01T00:00:00',
  '2024-01-01 00:00:00Z',
  '0000-00-00T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '1e10',
  '１７０００００００',
  `2024-01-01T00:00:00Z${ZERO_WIDTH_SPACE}`,
];

/** Strings that break `schema` for field `name`; `valid` is a value that would pass. */
export function invalidStrings(schema: Schema, name: string, valid: string): string[] {
  const trusted: string[] = [];
  const checked: string[] = [];
  if (schema.maxLength !== undefined) {
    const n = schema.maxLength + 1;
    checked.push(
      'x'.repeat(n),
      'å'.repeat(n),
      '😀'.repeat(n),
      'a'.repeat(schema.maxLength) + VARIATION_SELECTOR.repeat(3),
    );
  }
  if (schema.minLength) checked.push('a'.repeat(schema.minLength - 1));
  if (schema.enum) {
    for (const option of (schema.enum as string[]).slice(0, 3)) {
      checked.push(`${option}s`, `${option}_`, option.toUpperCase(), `${option} `, ...unusualUnicode(option));
    }
    checked.push('', 'unknown', '*', '%', "' OR '1'='1");
  }
  if (schema.pattern !== undefined) {
    checked.push('', ' ', '\t\n', 'A B', '-', '--', 'a--b', '_', '!', 'å', ZERO_WIDTH_SPACE, `a${ZERO_WIDTH_SPACE}b`);
    checked.push(...unusualUnicode(valid));
  }
  if (schema.format === 'uuid') checked.push(...invalidUuids(UUID.test(valid) ? valid : SAMPLE_UUID));
  if (schema.format === 'email') trusted.push(...INVALID_EMAILS);
  if (schema.format === 'uri') trusted.push(...INVALID_URIS);
  if (isTimestampField(name)) checked.push(...INVALID_TIMESTAMPS, ...unusualUnicode(valid));
  if (!isSecretField(name)) {
    checked.push(
      NUL,
      valid + NUL,
      `${valid.slice(0, 1)}${NUL}${valid.slice(1)}`,
      valid + LONE_HIGH,
      LONE_LOW + valid,
      LONE_HIGH,
      `${LONE_LOW}${LONE_HIGH}`,
    );
  }
  const candidates = [...trusted, ...checked.filter((value) => surelyInvalid(value, schema, name))];
  return [...new Set(candidates)];
}

/** Numbers (and number-like JSON) outside the schema. Every number in this API is an integer. */
export function invalidNumbers(schema: Schema): Json[] {
  const out: Json[] = ['1', '', 'NaN', true, false, [], {}, [1], { value: 1 }];
  const low = schema.minimum;
  const high = schema.maximum;
  if (low !== undefined) {
    out.push(low - 1, low - 1000, -1e308, raw('-1e400'));
    if (low > -2147483649) out.push(-2147483649);
  }
  if (high !== undefined) {
    out.push(high + 1, high + 1000, 1e308, raw('1e400'), raw('123456789012345678901234567890'));
    if (high < 2147483648) out.push(2147483648);
  }
  // A fraction is malformed only where the spec asks for an integer (figures may be fractional).
  const inside = low ?? (high !== undefined ? high - 1 : 1);
  if (schema.type === 'integer') out.push(inside + 0.5, raw(`${inside}.000001`));
  out.push(raw('NaN'), raw('Infinity'), raw('-Infinity'), raw('0x10'), raw('01'), raw('+1'), raw('.5'), raw('1.'));
  return out;
}

export function invalidBooleans(): Json[] {
  return ['true', 'false', '1', '0', 'yes', 1, 0, [], {}, [true], raw('True'), raw('tru')];
}

/** Query-string values (always strings) that are not an integer in [minimum, maximum]. */
export function invalidNumberTexts(schema: Schema): string[] {
  const low = schema.minimum ?? -Infinity;
  const high = schema.maximum ?? Infinity;
  const candidates = [
    '-1',
    '0',
    '-0',
    String(high + 1),
    String(low - 1),
    '1.5',
    '0.5',
    'NaN',
    'Infinity',
    '-Infinity',
    'abc',
    '',
    ' ',
    '1e400',
    '-1e400',
    '9'.repeat(400),
    '1,2',
    '½',
    '٣',
    '１',
    `1${ZERO_WIDTH_SPACE}`,
    `${RTL_OVERRIDE}1`,
    `1${NUL}`,
    'null',
    'true',
    '[1]',
    '{}',
  ];
  return candidates.filter((text) => {
    const n = Number(text);
    return !(Number.isInteger(n) && n >= low && n <= high);
  });
}

/** Keys no DTO knows, `__proto__` and friends among them. */
export const EXTRA_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isAdmin',
  'is_admin',
  '_id',
  '__v',
  '$where',
  '$gt',
  'ownerId',
  'passwordHash',
  'password_hash',
  'deletedAt',
  'SELECT * FROM users',
  '',
  ' ',
  NUL,
  ZERO_WIDTH_SPACE,
  `title${ZERO_WIDTH_SPACE}`,
  `${RTL_OVERRIDE}name`,
  'TITLE',
  'Name',
  '😀',
  'k'.repeat(1000),
];
