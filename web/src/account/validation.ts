import type { TFunction } from 'i18next';

/** The API's rules, shown early: the same limits as its DTOs (RegisterDto, ChangePasswordDto, …). */
export const PASSWORD_MIN = 12;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE = /^[A-Za-z0-9_-]{43}$/;

export function emailError(t: TFunction, value: string): string | undefined {
  if (!value.trim()) return t('validation.emailRequired');
  if (!EMAIL.test(value.trim())) return t('validation.emailInvalid');
  return undefined;
}

export function newPasswordError(t: TFunction, value: string): string | undefined {
  if (!value) return t('validation.passwordRequired');
  if (value.length < PASSWORD_MIN) return t('validation.passwordShort');
  return undefined;
}

export function codeError(t: TFunction, value: string): string | undefined {
  if (!value.trim()) return t('validation.codeRequired');
  if (!CODE.test(value.trim())) return t('validation.codeInvalid');
  return undefined;
}

/** The code of a mailed link: `/register/confirm#code=…` (a fragment never reaches a server or a log). */
export function codeFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('code') ?? '';
}
