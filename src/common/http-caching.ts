import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * HTTP caching of the API's reads (docs/adr/0007-http-caching-of-reads.md). Every successful GET
 * carries an entity tag of its body, so a browser or a proxy revalidates with If-None-Match and
 * gets a bodiless 304 while nothing changed. Nothing is served from a cache unrevalidated
 * (`no-cache`): a change shows at once. What an anonymous caller gets is public and a shared cache
 * may keep it; what a signed-in caller gets may be more than the public sees (drafts, their own
 * proposals) and is `private`, kept by that browser only, and `Vary` tells caches so.
 */
export function cacheControlFor(signedIn: boolean): string {
  return signedIn ? 'private, no-cache' : 'public, no-cache';
}

/** A weak tag of the body (the bytes may be compressed on the way; the content is what it names). */
export function entityTag(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether an If-None-Match header names `tag` (weak comparison, RFC 9110 §13.1.2). */
export function notModified(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (value: string) => value.trim().replace(/^W\//, '');
  const wanted = opaque(tag);
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === wanted);
}

/** Adds `names` to the response's Vary header, keeping what is there (CORS adds Origin). */
function vary(reply: FastifyReply, ...names: string[]): void {
  const present = String(reply.getHeader('vary') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const missing = names.filter((name) => !present.some((p) => p.toLowerCase() === name.toLowerCase()));
  if (missing.length) void reply.header('vary', [...present, ...missing].join(', '));
}

/** The caching headers (and the 304) for the API's successful JSON reads under `prefix`. */
export function registerHttpCaching(
  fastify: FastifyInstance,
  prefix: string,
  signedIn: (request: FastifyRequest) => boolean,
): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (!read || reply.statusCode !== 200 || !request.url.startsWith(prefix) || reply.hasHeader('cache-control')) {
      return done(null, payload);
    }
    vary(reply, 'Authorization', 'Cookie');
    void reply.header('cache-control', cacheControlFor(signedIn(request)));
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    const tag = entityTag(payload);
    void reply.header('etag', tag);
    if (!notModified(request.headers['if-none-match'], tag)) return done(null, payload);
    void reply.code(304).removeHeader('content-type').removeHeader('content-length');
    done(null, '');
  });
}
