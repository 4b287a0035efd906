import type { FuzzRequest } from './generators';

/** What came back for one request (supertest's response, reduced to what the oracle reads). */
export interface FuzzResponse {
  status: number;
  contentType: string | undefined;
  text: string;
}

/** Traces of a stack: V8 frames, file paths of our code or its dependencies, an error with its stack. */
const STACK_TRACES: RegExp[] = [
  /\bat [^\n"]*\([^\s()]+:\d+:\d+\)/,
  /\bat [^\s"]+\.(?:js|ts|mjs|cjs):\d+/,
  /node_modules/,
  /"stack"\s*:/,
  /\b\w*Error: [^\n]*\n\s+at /,
  /\\n\s+at /,
  /\/(?:src|dist)\/[\w./-]+\.[jt]s\b/,
];

/** Traces of SQL or of PostgreSQL's own error messages. */
const SQL_TRACES: RegExp[] = [
  /\b(?:SELECT|INSERT|UPDATE|DELETE)\b[\s\S]{0,200}?\b(?:FROM|INTO|SET)\b/i,
  /relation "/,
  /syntax error at/i,
  /\bviolates\b/i,
  /duplicate key value/i,
  /invalid input syntax for/i,
  /out of range for type/i,
  /invalid byte sequence/i,
  /unsupported Unicode escape/i,
  /column "[^"]*" (?:does not exist|of relation)/i,
  /QueryFailedError|driverError|SQLSTATE/,
];

/**
 * Strings the request carried. A problem document may legitimately repeat them (the path as
 * `instance`, an unknown field's name in `errors`), so they are blanked before looking for leaks:
 * an unknown property called "SELECT * FROM users" is not a leak when it is named back.
 */
function echoes(request: FuzzRequest): string[] {
  const out = new Set<string>();
  const add = (text: string) => {
    if (text.length < 4) return;
    out.add(text);
    out.add(JSON.stringify(text).slice(1, -1));
    try {
      const decoded = decodeURIComponent(text);
      out.add(decoded);
      out.add(JSON.stringify(decoded).slice(1, -1));
    } catch {
      // not valid percent-encoding: the raw form is enough
    }
  };
  const [path, query = ''] = request.url.split('?');
  add(request.url);
  add(path);
  for (const part of path.split('/')) add(part);
  for (const pair of query.split('&')) for (const part of pair.split('=')) add(part);
  if (request.body !== undefined && request.body.length < 100_000) {
    add(request.body);
    try {
      const walk = (value: unknown, depth: number): void => {
        if (depth > 50) return;
        if (typeof value === 'string') add(value);
        else if (Array.isArray(value)) value.forEach((item) => walk(item, depth + 1));
        else if (value && typeof value === 'object') {
          for (const [key, item] of Object.entries(value)) {
            add(key);
            walk(item, depth + 1);
          }
        }
      };
      walk(JSON.parse(request.body), 0);
    } catch {
      // not JSON: the body as a whole was added above
    }
  }
  // Longest first, so a string is blanked before a part of it.
  return [...out].sort((a, b) => b.length - a.length);
}

function scrub(text: string, request: FuzzRequest): string {
  let out = text;
  for (const echo of echoes(request)) out = out.split(echo).join('…');
  return out;
}

/**
 * Everything wrong with one answer to a malformed request; empty when it is right: a 4xx (the
 * one expected, if only one is right) as an RFC 9457 problem document with the status in it, and
 * no stack trace or SQL anywhere in the body.
 */
export function violations(request: FuzzRequest, response: FuzzResponse): string[] {
  const found: string[] = [];
  const { status } = response;
  if (status >= 500) found.push(`server error ${status}`);
  else if (status < 400) found.push(`a malformed request got ${status}: it must be refused`);
  if (request.expectStatus !== undefined && status !== request.expectStatus && status < 500) {
    found.push(`expected ${request.expectStatus}, got ${status}`);
  }
  if (!/^application\/problem\+json\b/.test(response.contentType ?? '')) {
    found.push(`content-type ${JSON.stringify(response.contentType)} is not application/problem+json`);
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    body = undefined;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    found.push('the body is not a JSON object');
  } else {
    const problem = body as Record<string, unknown>;
    if (problem.status !== status)
      found.push(`body.status ${JSON.stringify(problem.status)} is not the HTTP status ${status}`);
    for (const field of ['type', 'title', 'detail'] as const) {
      if (typeof problem[field] !== 'string' || problem[field] === '')
        found.push(`body.${field} is not a non-empty string`);
    }
  }
  const text = scrub(response.text, request);
  for (const pattern of STACK_TRACES) if (pattern.test(text)) found.push(`stack trace in the body (${pattern})`);
  for (const pattern of SQL_TRACES) if (pattern.test(text)) found.push(`SQL in the body (${pattern})`);
  return found;
}
