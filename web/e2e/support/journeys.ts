import type { Locator, Page } from '@playwright/test';
import type { TFunction } from 'i18next';
import { expect, mailedCode } from './fixtures';

export const PASSWORD = 'a long enough password 1';

/** Signs in through the form (the session cookie is set by the API; nothing is stored by the page). */
export async function signIn(page: Page, t: TFunction, email: string, password: string): Promise<void> {
  await page.getByLabel(t('account.signIn.email')).fill(email);
  await page.getByLabel(t('account.signIn.password'), { exact: true }).fill(password);
  await page
    .getByRole('main')
    .getByRole('button', { name: t('account.signIn.action') })
    .click();
}

/** Registers a partner account through the pages and the mailed code; returns with the account created. */
export async function registerPartner(page: Page, t: TFunction, email: string, name: string): Promise<void> {
  await page.goto('/register');
  await page.getByLabel(t('account.register.email')).fill(email);
  await page.getByRole('button', { name: t('account.register.action') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('account.register.sentTitle'));
  const code = await mailedCode(email, 'registration.confirm');
  await page.goto(`/register/confirm#code=${code}`);
  await page.getByLabel(t('account.confirm.name')).fill(name);
  await page.getByLabel(t('account.confirm.password')).fill(PASSWORD);
  await page.getByRole('button', { name: t('account.confirm.action') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('account.confirm.doneTitle'));
}

/** Presses Tab (never the mouse) until `target` has focus. */
export async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  await target.waitFor();
  for (let step = 0; step < limit; step++) {
    if (await target.evaluate((element) => element === document.activeElement, undefined, { timeout: 2000 })) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}
