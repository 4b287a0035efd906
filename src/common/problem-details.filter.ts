import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, FieldError, TooManyRequests } from './errors';

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
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODES: Record<number, string> = {
  400: 'invalid-input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  422: 'rule-violation',
  429: 'too-many-requests',
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
 * Every error leaves as RFC 9457 problem details. Only messages we wrote (domain errors,
 * validation, Fastify's protocol errors) reach the client; anything else is a bare 500 with the
 * request id, and the details go to the log.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toProblem(exception, request);
    body.instance = request.url.split('?')[0];
    body.requestId = String(request.id);
    if (exception instanceof TooManyRequests) {
      void reply.header('retry-after', String(exception.retryAfterSeconds));
    }
    void reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
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
