import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, FieldError, TooManyRequests, Unavailable } from './errors';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODES: Record<number, string> = {
  400: 'invalid-input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  409: 'conflict',
  413: 'body-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  422: 'rule-violation',
  429: 'too-many-requests',
  431: 'headers-too-large',
  500: 'internal-error',
  503: 'unavailable',
};

/** Fastify's own errors carry a `code` and `statusCode`; their messages are safe to show. */
interface FastifyError {
  code: string;
  statusCode: number;
  message: string;
}

function isFastifyError(error: unknown): error is FastifyError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as FastifyError).code === 'string' &&
    (error as FastifyError).code.startsWith('FST_') &&
    typeof (error as FastifyError).statusCode === 'number'
  );
}

/** PostgreSQL SQLSTATEs that mean the client sent something impossible, not that we failed. */
function fromDatabaseError(error: unknown): { status: number; detail: string } | undefined {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code;
  switch (code) {
    case '23505':
      return { status: 409, detail: 'An object with the same unique value already exists.' };
    case '23503':
      return { status: 409, detail: 'The change refers to an object that does not exist or is still in use.' };
    case '40001':
    case '40P01':
      return { status: 409, detail: 'A concurrent change conflicted with this one; retry.' };
    default:
      return undefined;
  }
}

/** SQLSTATEs (besides class 08, connection exception) and socket errors of a database that cannot serve now. */
const UNAVAILABLE_CODES = new Set([
  '53300', // too_many_connections
  '57014', // query_canceled: the statement timeout
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * pg and pg-pool raise these without a code: a dropped connection, a connect or read timeout. (A pool
 * or data source this process closed itself is not among them: that is our defect, a 500.)
 */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated (unexpectedly|due to connection timeout)|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/;

/**
 * A failure of the database rather than of the request: it is unreachable, restarting, out of
 * connections, or a statement ran into the statement timeout. The request may succeed later (503).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DomainError || error instanceof HttpException) return false;
  // TypeORM wraps what pg raised during a query in `driverError`; connecting fails with pg's error as
  // is, which the token guard wraps as the `cause` of its own error (guards.ts).
  const wrapped = error as { driverError?: unknown; cause?: { driverError?: unknown } } | undefined;
  const candidates = [error, wrapped?.driverError, wrapped?.cause, wrapped?.cause?.driverError];
  return candidates.some((candidate) => {
    if (typeof candidate !== 'object' || candidate === null) return false;
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
  });
}

export function problem(status: number, detail: string, errors?: FieldError[], code?: string): ProblemDetails {
  return {
    type: `urn:problem-type:testbed:${code ?? CODES[status] ?? 'error'}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(errors && errors.length ? { errors } : {}),
  };
}

/**
 * Sends `body` as the answer to `request`: its path as `instance`, its id as `requestId`. Used by
 * the filter below and by what Fastify answers before any route (app.factory.ts).
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, body: ProblemDetails): void {
  body.instance = request.url.split('?')[0];
  body.requestId = String(request.id);
  void reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
}

/**
 * Every error leaves as RFC 9457 problem details. Only messages we wrote (domain errors,
 * validation, Fastify's protocol errors) reach the client; anything else is a bare 500 with the
 * request id, and the details go to the log.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(thrown: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const exception = isDatabaseUnavailable(thrown) ? this.unavailable(thrown, request) : thrown;
    const body = this.toProblem(exception, request);
    if (exception instanceof TooManyRequests || exception instanceof Unavailable) {
      void reply.header('retry-after', String(exception.retryAfterSeconds));
    }
    // RFC 6750 §3: a 401 names the scheme it wants. No error code: the token's fault is not told.
    if (body.status === 401) void reply.header('www-authenticate', 'Bearer realm="testbed-platform"');
    sendProblem(request, reply, body);
  }

  private toProblem(exception: unknown, request: FastifyRequest): ProblemDetails {
    if (exception instanceof DomainError) {
      return problem(exception.status, exception.message, exception.errors, exception.code);
    }
    if (exception instanceof HttpException) {
      // The Fastify adapter wraps Fastify's own errors (body too large, bad JSON) in HttpException.
      const cause = exception.cause;
      if (isFastifyError(cause) && cause.statusCode < 500) return problem(cause.statusCode, fastifyDetail(cause));
      const status = exception.getStatus();
      if (status >= 500) return this.internal(exception, request);
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? String(response.message)
          : exception.message;
      return problem(status, status === 404 ? `No route ${request.method} ${request.url.split('?')[0]}` : message);
    }
    if (isFastifyError(exception) && exception.statusCode < 500) {
      return problem(exception.statusCode, fastifyDetail(exception));
    }
    const database = fromDatabaseError(exception);
    if (database) return problem(database.status, database.detail);
    return this.internal(exception, request);
  }

  /** Logged for the operators, as a warning: the fault is not in the request, and the client may retry. */
  private unavailable(exception: unknown, request: FastifyRequest): Unavailable {
    this.logger.warn({ err: exception, reqId: request.id }, 'Database unavailable');
    return new Unavailable('The database is unavailable or did not answer in time. Try again shortly.');
  }

  private internal(exception: unknown, request: FastifyRequest): ProblemDetails {
    this.logger.error({ err: exception, reqId: request.id }, 'Unhandled error');
    return problem(500, `An unexpected error occurred. Quote request id ${String(request.id)} when reporting it.`);
  }
}

function fastifyDetail(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than the 256 KiB limit.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'The request body must be application/json.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty but declared as JSON.';
    default:
      return error.statusCode === 400 ? `Malformed request: ${error.message}` : error.message;
  }
}
