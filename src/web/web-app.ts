import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one inline style the web app needs: React Aria's press handling adds
 * `[data-react-aria-pressable]{touch-action:pan-x pan-y pinch-zoom}` as a <style> element (so touch
 * devices do not delay taps). Allowed by its hash only; any other inline style stays blocked.
 */
const REACT_ARIA_STYLE = "'sha256-38RhXrc7EdReTKsOm23ZPOCUgniTUUcjky8QOOrQx6o='";

/** Paths the web app never answers: the API, Swagger UI and the health probes keep their own 404s. */
const SERVER_PATHS = /^\/(api|docs|health)(\/|$)/;
/** A path that names a file (`/assets/x.js`, `/favicon.ico`): a miss is a 404, never the app shell. */
const FILE_PATH = /\/[^/]+\.[A-Za-z0-9]+$/;

/** The built web app (`vite build` writes `dist/web`), found from this module in `dist/src/web` or `src/web`. */
export function webAppRoot(): string | null {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  const root = join(dir, 'dist', 'web');
  return existsSync(join(root, 'index.html')) ? root : null;
}

/**
 * The Content-Security-Policy of every response. Scripts only from the app's own origin (no
 * `unsafe-inline`, no `unsafe-eval`), no third-party origin at all. Swagger UI (`/docs`) needs
 * inline styles; the web app does not. `upgrade-insecure-requests` only behind https: over plain
 * http from a LAN address it would rewrite the page's own assets to an https origin that does not
 * answer, and the page would stay blank.
 */
export function contentSecurityPolicy(request: FastifyRequest): string {
  const swagger = /^\/docs(\/|$)/.test(request.url);
  const directives = [
    "default-src 'self'",
    "base-uri 'self'",
    "script-src 'self'",
    `style-src 'self' ${swagger ? "'unsafe-inline'" : REACT_ARIA_STYLE}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "script-src-attr 'none'",
  ];
  if (request.protocol === 'https') directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/**
 * Serves the built web app at `/`: hashed assets with a year's immutable cache, `index.html`
 * revalidated on every visit, and the app shell for any other GET that is not the API, Swagger UI
 * or a file, so client routes (`/challenges/…`) survive a reload.
 */
export async function registerWebApp(fastify: FastifyInstance, root: string): Promise<void> {
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    preCompressed: true,
    setHeaders: (reply: FastifyReply, path: string) => {
      const immutable = /[/\\]assets[/\\]/.test(path);
      void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const shell = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (SERVER_PATHS.test(path) || FILE_PATH.test(path)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
  };
  fastify.get('/', shell);
  fastify.get('/*', shell);
}
