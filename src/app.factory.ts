import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Pool } from 'pg';
import { AppModule } from './app.module';
import { postgresRateLimitStore, RateLimitCounts } from './auth/postgres-rate-limit-store';
import { crossSiteRefusal, isCookieAuthenticated, SESSION_COOKIE, sessionCookieOf } from './auth/session-cookie';
import { registerHttpCaching } from './common/http-caching';
import { poolTimeouts } from './database/data-source-options';
import { TooManyRequests } from './common/errors';
import { PinoNestLogger } from './common/pino-nest-logger';
import { problem, ProblemDetailsFilter, sendProblem } from './common/problem-details.filter';
import { runWithRequestContext } from './common/request-context';
import { validationPipe } from './common/validation';
import { AppConfig } from './config/config';
import { contentSecurityPolicy, registerWebApp, webAppRoot } from './web/web-app';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT_BYTES = 256 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface CreateAppOptions {
  /** The resolved PostgreSQL URL (DATABASE_URL or the embedded server). */
  databaseUrl: string;
  poolSize?: number;
  /** Build the module graph without connecting anywhere (OpenAPI generation). */
  preview?: boolean;
  /** True once the process drains (SIGTERM, main.ts): a request that still arrives gets a 503 problem document. */
  draining?: () => boolean;
}

/** The bare Fastify instance with the HTTP hygiene every response gets, errors included. */
function fastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    // Accept a caller's X-Request-Id when it is sane, otherwise make one; it is echoed and logged.
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
    },
    // A draining instance answers new requests itself (see `draining`): Fastify's own 503 is a
    // bare JSON body without Retry-After.
    return503OnClosing: false,
    // Errors Fastify answers before any route (and so before the exception filter) runs: a
    // malformed percent-encoding in the path, a path parameter over the router's length limit.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
      const detail =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'A path parameter is longer than any id of this API.'
          : 'The URL is not valid: malformed percent-encoding.';
      // No onRequest hook has run: the request id header is set here.
      sendProblem(request, reply.header('x-request-id', request.id), problem(status, detail));
    },
    // Errors of the HTTP parser itself (headers over Node's 16 KB limit, a malformed request line).
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const detail =
        status === 431
          ? 'The request line and headers are larger than 16 KB.'
          : status === 408
            ? 'The request took too long to arrive.'
            : 'The request is not valid HTTP.';
      const body = JSON.stringify(problem(status, detail));
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
            `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
            `Connection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy(error);
    },
  });
}

export async function createApp(config: AppConfig, options: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = fastifyAdapter(config);
  const fastify = adapter.getInstance();
  // JSON only: a text/plain body (a CORS "simple" request, no preflight) is refused with 415.
  fastify.removeContentTypeParser('text/plain');
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.databaseUrl, options.poolSize ?? 10),
    adapter,
    {
      logger: new PinoNestLogger(fastify.log),
      bufferLogs: false,
      preview: options.preview ?? false,
      abortOnError: false,
      // JSON only: Nest's own parsers would add application/x-www-form-urlencoded, which turns
      // a cross-site HTML form post into a request the API acts on. Fastify's JSON parser stays.
      bodyParser: false,
    },
  );

  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    runWithRequestContext(String(request.id), done);
  });

  await app.register(helmet, {
    // Set per request below: it depends on the path (Swagger UI) and on the scheme.
    contentSecurityPolicy: false,
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('content-security-policy', contentSecurityPolicy(request));
    done();
  });

  // A request that reaches a draining instance (on a kept-alive connection, before the load balancer
  // knows) is told to retry elsewhere, before it costs a rate-limit count or a query. In-flight
  // requests are not affected.
  const draining = options.draining;
  if (draining) {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!draining()) return done();
      reply.header('retry-after', '1').header('connection', 'close');
      sendProblem(request, reply, problem(503, 'This instance is shutting down; retry the request.'));
    });
  }

  // Cross-site request forgery: a request the browser authenticates by itself (the session cookie),
  // and signing in (login CSRF), must come from the app's own origin. Bearer clients are unaffected.
  const publicOrigin = new URL(config.publicUrl).origin;
  const signIn = `/${API_PREFIX}/auth/session`;
  fastify.addHook('onRequest', (request, reply, done) => {
    const cookie = isCookieAuthenticated(request.headers);
    if (!cookie && !(request.method === 'POST' && request.url.split('?', 1)[0] === signIn)) return done();
    const ownOrigins = [`${request.protocol}://${request.host}`, publicOrigin];
    const refusal = crossSiteRefusal(request.method, request.headers, ownOrigins, { cookie });
    if (!refusal) return done();
    sendProblem(request, reply, problem(403, refusal, undefined, 'cross-site-request'));
  });

  // Entity tags and Cache-Control on the API's reads: public for anonymous callers, private for
  // signed-in ones (a token or a session cookie), revalidated every time.
  registerHttpCaching(
    fastify,
    `/${API_PREFIX}/`,
    (request) => request.headers.authorization !== undefined || sessionCookieOf(request.headers) !== undefined,
  );

  // On a real PostgreSQL server the counters live in the database, shared by every instance (counted
  // locally far from a client's limit and written in batches, see RateLimitCounts); the embedded
  // database serves one process only, so memory is enough there.
  const ratePool =
    config.databaseUrl && !options.preview
      ? new Pool({
          connectionString: options.databaseUrl,
          max: 2,
          application_name: 'testbed-rate-limit',
          // Every request waits for this pool first: without the timeouts an unreachable database hangs them all.
          ...poolTimeouts(config.database),
          // A counter lost in a crash costs nothing, but waiting for the WAL flush on every request
          // holds the client's counter row locked: one client's requests would queue behind fsync.
          options: '-c synchronous_commit=off',
        })
      : null;
  const rateCounts = ratePool ? new RateLimitCounts(ratePool) : null;
  if (ratePool && rateCounts) {
    // An idle connection the server drops (a restart, a failover) is reported here; without a
    // listener pg would throw it as an unhandled 'error' event and take the process down. The pool
    // opens a fresh connection for the next request.
    ratePool.on('error', (error) => fastify.log.warn({ err: error }, 'Rate-limit pool lost a connection'));
    fastify.addHook('onClose', async () => {
      await rateCounts.close();
      await ratePool.end();
    });
  }
  await app.register(rateLimit, {
    global: true,
    ...(rateCounts ? { store: postgresRateLimitStore(rateCounts) } : {}),
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => request.ip,
    allowList: (request: FastifyRequest) => request.url.startsWith('/health/'),
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new TooManyRequests(
          `Rate limit of ${context.max} requests per minute exceeded. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
          Math.max(1, Math.ceil(context.ttl / 1000)),
        ),
        { statusCode: 429 },
      ),
  });

  app.enableCors({
    origin: config.corsOrigins.length ? config.corsOrigins : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });

  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  // The web app (when built) at `/`; the API under /api/v1 and Swagger UI under /docs come first.
  const webRoot = options.preview ? null : webAppRoot();
  if (webRoot) await registerWebApp(fastify, webRoot);

  SwaggerModule.setup('docs', app, () => openApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'Testbed platform API',
  });
  return app;
}

function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    ) as T;
  }
  return value;
}

/** The OpenAPI document, with stable ordering so the committed copy only changes when the API does. */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Testbed platform API')
    .setDescription(
      'Challenge-driven innovation for the City of Helsingborg: welfare challenges, proposals, ' +
        'blind evaluation, pilots through the testbed stages, and the public registry. ' +
        'Errors are RFC 9457 problem details (application/problem+json).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addCookieAuth(SESSION_COOKIE)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${methodKey}`,
  });
  addProblemResponses(document);
  return { ...document, paths: sortKeys(document.paths), components: sortKeys(document.components) };
}

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; every error has this shape (application/problem+json).',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'urn:problem-type:testbed:invalid-input' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'Invalid email.' },
    instance: { type: 'string', example: '/api/v1/auth/register' },
    requestId: { type: 'string', example: '7d1c1d8e-8f4b-4b43-9a55-3c3f7f0e2f51' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** The error answers every operation can give, documented once as problem details. */
function addProblemResponses(document: OpenAPIObject): void {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: PROBLEM_SCHEMA },
  };
  const problem = (description: string) => ({
    description,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
  });
  for (const [path, item] of Object.entries(document.paths)) {
    const rateLimited = !path.startsWith('/health/');
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (!operation) continue;
      const secured = (operation.security ?? []).length > 0;
      const hasInput = !!operation.requestBody || (operation.parameters ?? []).length > 0;
      operation.responses = {
        ...(hasInput ? { 400: problem('Malformed or invalid input; `errors` names the fields.') } : {}),
        ...(secured ? { 401: problem('Not signed in, or the token is invalid or expired.') } : {}),
        ...(secured ? { 403: problem('Signed in, but the role may not do this.') } : {}),
        ...(rateLimited ? { 429: problem('Rate limited; see Retry-After.') } : {}),
        500: problem('Unexpected error; quote the requestId.'),
        503: problem('The database is unreachable or too slow; see Retry-After.'),
        ...operation.responses,
      };
    }
  }
}
