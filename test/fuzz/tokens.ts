import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { TestApp } from '../support/test-app';

export interface BadAuthorization {
  name: string;
  /** The whole `Authorization` header value. */
  header: string;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * `Authorization` headers that must all be refused with 401 on every secured operation: broken
 * syntax, the wrong scheme, unsigned, tampered, expired, not yet valid, foreign issuer or
 * audience, a subject that is no user (or no UUID at all), a disabled user.
 */
export async function badAuthorizations(
  t: TestApp,
  users: { adminId: string; partnerToken: string; disabledId: string },
): Promise<BadAuthorization[]> {
  const jwt = t.app.get(JwtService);
  const { adminId, partnerToken, disabledId } = users;
  const [header, payload, signature] = partnerToken.split('.');
  const partnerClaims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const asAdmin = { ...partnerClaims, sub: adminId };
  const foreign = new JwtService({ secret: 'another-secret-that-is-long-enough-for-hs256-0123456789' });
  const { issuer, audience } = t.config.jwt;
  const signed = async (name: string, claims: Record<string, unknown>, options: Record<string, unknown> = {}) => ({
    name,
    header: `Bearer ${await jwt.signAsync(claims, options)}`,
  });
  return [
    { name: 'token without scheme', header: partnerToken },
    { name: 'bare scheme', header: 'Bearer' },
    { name: 'scheme and space', header: 'Bearer ' },
    { name: 'null', header: 'Bearer null' },
    { name: 'undefined', header: 'Bearer undefined' },
    { name: 'three garbage segments', header: 'Bearer x.y.z' },
    { name: '8 KB of garbage', header: `Bearer ${'A'.repeat(8000)}` },
    { name: 'basic credentials', header: 'Basic dXNlcjpwYXNzd29yZA==' },
    { name: 'wrong scheme', header: `Token ${partnerToken}` },
    { name: 'fourth segment', header: `Bearer ${partnerToken}.` },
    { name: 'signature stripped', header: `Bearer ${header}.${payload}.` },
    { name: 'alg none', header: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(asAdmin)}.` },
    { name: 'payload swapped to admin', header: `Bearer ${header}.${b64(asAdmin)}.${signature}` },
    {
      name: 'signed with another secret',
      header: `Bearer ${await foreign.signAsync({ sub: adminId }, { expiresIn: 3600, issuer, audience })}`,
    },
    await signed('expired', { sub: adminId }, { expiresIn: -60 }),
    await signed('not yet valid', { sub: adminId }, { notBefore: 3600 }),
    await signed('wrong issuer', { sub: adminId }, { issuer: 'someone-else' }),
    await signed('wrong audience', { sub: adminId }, { audience: 'another-api' }),
    await signed('unknown user', { sub: randomUUID() }),
    await signed('disabled user', { sub: disabledId }),
    await signed('subject of 36 dashes', { sub: '-'.repeat(36) }),
    await signed('subject of 36 hex digits', { sub: 'f'.repeat(36) }),
    await signed('subject is SQL', { sub: "' OR '1'='1" }),
    await signed('no subject', {}),
  ];
}
