import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/** The API's response and request shapes, generated from openapi/openapi.json (`npm run api:types`). */
export type Schemas = components['schemas'];
export type ProblemDocument = Schemas['ProblemDetails'];

/**
 * The one client of the API. Same origin, so the session cookie (httpOnly, set by the API) rides
 * along and the browser adds the Origin header the API checks on changes; no token is ever
 * handled by this code.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

/** The stable code of a problem type: `urn:problem-type:testbed:rule-violation` → `rule-violation`. */
export function problemCode(problem: Pick<ProblemDocument, 'type'>): string {
  return problem.type.split(':').pop() ?? 'error';
}

/**
 * An API refusal, typed: every error of the API is a problem document (RFC 9457). `status` 0 with
 * code `unreachable` when no answer came at all (the server is down or the network is gone).
 */
export class ApiError extends Error {
  readonly code: string;
  constructor(
    readonly status: number,
    readonly problem: ProblemDocument,
  ) {
    super(problem.detail);
    this.name = 'ApiError';
    this.code = problemCode(problem);
  }

  /** The field errors of a 400/422, keyed by field name (`currentPassword`). */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((error) => [error.field, error.message]));
  }
}

function isProblem(value: unknown): value is ProblemDocument {
  return typeof value === 'object' && value !== null && 'type' in value && 'status' in value;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError: the API's problem
 * document, or a made-up one when the answer was not one (a proxy's 502 page, no answer at all).
 */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch {
    throw new ApiError(0, {
      type: 'urn:problem-type:testbed:unreachable',
      title: 'Unreachable',
      status: 0,
      detail: 'The server did not answer.',
    });
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  if (isProblem(error)) throw new ApiError(response.status, error);
  throw new ApiError(response.status, {
    type: `urn:problem-type:testbed:${response.status >= 500 ? 'unavailable' : 'error'}`,
    title: response.statusText,
    status: response.status,
    detail: response.statusText || `HTTP ${response.status}`,
  });
}
