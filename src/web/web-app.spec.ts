import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contentSecurityPolicy, registerWebApp } from './web-app';

function request(url: string, protocol: 'http' | 'https' = 'http'): FastifyRequest {
  return { url, protocol } as FastifyRequest;
}

describe('contentSecurityPolicy', () => {
  it('allows scripts only from the app itself, never inline or eval', () => {
    const policy = contentSecurityPolicy(request('/'));
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("script-src-attr 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/https?:\/\//);
  });

  it('gives the web app no inline styles but one hashed rule; Swagger UI its inline styles', () => {
    expect(contentSecurityPolicy(request('/challenges'))).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+';/);
    expect(contentSecurityPolicy(request('/docs/'))).toContain("style-src 'self' 'unsafe-inline'");
  });

  it('upgrades insecure requests only behind https (plain http from a LAN address keeps working)', () => {
    expect(contentSecurityPolicy(request('/', 'http'))).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy(request('/', 'https'))).toContain('upgrade-insecure-requests');
  });
});

describe('registerWebApp', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'web-app-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>shell</title>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = Fastify();
    await registerWebApp(app, root);
    app.get('/api/v1/known', () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves the shell at / and for client routes, revalidated on every visit', async () => {
    for (const url of ['/', '/challenges/123', '/register/confirm', '/account?x=1']) {
      const res = await app.inject({ url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>shell</title>');
    }
  });

  it('caches hashed assets for a year', async () => {
    const res = await app.inject({ url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves the API, Swagger UI, health probes and missing files to their own 404', async () => {
    for (const url of ['/api/v1/unknown', '/docs/nothing', '/health/nothing', '/assets/missing.js', '/favicon.ico']) {
      const res = await app.inject({ url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
      expect(res.headers['content-type'] ?? '').not.toContain('text/html');
    }
    expect((await app.inject({ url: '/api/v1/known' })).json()).toEqual({ ok: true });
  });
});
