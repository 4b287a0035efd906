import { createHash, randomBytes } from 'node:crypto';

/** Codes are stored as SHA-256: 256 random bits need no slow hash, and a leaked table confirms nothing. */
export function codeHash(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** A fresh mailed code: 256 random bits, 43 base64url characters. */
export function newCode(): string {
  return randomBytes(32).toString('base64url');
}
