import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base } from '@playwright/test';
import type { Page } from '@playwright/test';
import i18next from 'i18next';
import type { TFunction } from 'i18next';
import { Client } from 'pg';
import { loadCatalogue } from './catalogues';
import { AXE_LOG, SCREENSHOT_DIR, STATE_FILE } from './environment';

export type Language = 'sv' | 'en';

interface Fixtures {
  /** The project's language: every journey runs once in each. */
  language: Language;
  /** The app's own catalogue in that language (the same i18next, the same plural rules). */
  t: TFunction;
  /** The other language's catalogue, for the language switch. */
  other: TFunction;
}

async function catalogue(language: Language): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { sv: { translation: loadCatalogue('sv') }, en: { translation: loadCatalogue('en') } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance.t;
}

const octet = () => 1 + Math.floor(Math.random() * 254);

export const test = base.extend<Fixtures>({
  language: ['sv', { option: true }],
  t: async ({ language }, use) => use(await catalogue(language)),
  other: async ({ language }, use) => use(await catalogue(language === 'sv' ? 'en' : 'sv')),
  // Each test is a visitor from an address of its own, as people are: the API's per-IP shares
  // (anonymous mail: 30 an hour) then hold per test, not for the whole suite (the server trusts
  // the header only from 127.0.0.1, see global-setup.ts).
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) =>
    use({ ...extraHTTPHeaders, 'x-forwarded-for': `10.${octet()}.${octet()}.${octet()}` }),
  page: async ({ page, language }, use) => {
    // The project's language, unless the test switches it (the switch is remembered).
    await page.addInitScript((lang: string) => {
      if (!localStorage.getItem('testbed.language')) localStorage.setItem('testbed.language', lang);
    }, language);
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    page.on('pageerror', (error) => blocked.push(`Uncaught: ${error.message}`));
    await use(page);
    expect(blocked, 'no script errors and nothing blocked by the Content-Security-Policy').toEqual([]);
  },
});

export { expect };

/** Every page: exactly one h1 (with this text) and a `<title>` that starts with it. */
export async function expectPage(page: Page, heading: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await expect(page).toHaveTitle(`${heading} – Testbed Helsingborg`);
}

/** axe-core with the WCAG 2.1 A and AA rules: zero violations, logged for the suite's summary. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // React Aria's live announcer: after a pending button is replaced (a form's success page), its
    // announcement points for a few seconds at a label that is gone. Not content of the page.
    .exclude('[role="log"][aria-live] > [role="img"]')
    .analyze();
  const violations = results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
  }));
  appendFileSync(
    AXE_LOG,
    `${JSON.stringify({ state, url: page.url(), violations: violations.length, passes: results.passes.length })}\n`,
  );
  expect(violations, `axe violations on ${state}`).toEqual([]);
}

/** Full-page screenshots at a phone (375 px) and a desktop (1280 px) width, into the ignored output folder. */
export async function screenshots(page: Page, name: string, language: Language): Promise<void> {
  const original = page.viewportSize();
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.${language}.${width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** The code of the newest mail of `template` to `email`, read from the outbox (the app runs with MAIL_TRANSPORT=none). */
export async function mailedCode(email: string, template: string): Promise<string> {
  const { suite } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { suite: string };
  const client = new Client({ connectionString: suite });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      const { rows } = await client.query<{ body: string }>(
        `SELECT body FROM outbox_mails WHERE recipient = lower($1) AND template = $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
        [email, template],
      );
      const code = rows[0] && /^Code: ([A-Za-z0-9_-]{43})\s*$/m.exec(rows[0].body)?.[1];
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.end();
  }
  throw new Error(`No ${template} mail with a code to ${email}`);
}

/** A fresh address per test and language: the API sends at most five mails an hour to one address. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.se`;
}
