import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, expectPage, screenshots, test } from '../support/fixtures';

/** `<html lang>`: an attribute no role exposes, read from the document. */
function htmlLang(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.lang);
}

async function openChallenge(request: APIRequestContext): Promise<{ id: string; title: string }> {
  const response = await request.get('/api/v1/challenges?status=published&limit=1');
  const body = (await response.json()) as { items: { id: string; title: string }[] };
  const first = body.items[0];
  if (!first) throw new Error('The demo data has no published challenge');
  return first;
}

test('home: what the testbed is, open challenges by area, pilots, a call to propose', async ({ page, t, language }) => {
  await page.goto('/');
  await expectPage(page, t('home.title'));
  await expect.poll(() => htmlLang(page)).toBe(language);
  await expect(page.getByRole('heading', { name: t('home.openTitle') })).toBeVisible();
  await expect(page.getByRole('heading', { name: t('home.pilotsTitle') })).toBeVisible();
  await expect(page.getByRole('link', { name: t('home.proposeAction') })).toBeVisible();
  // Challenges grouped under their welfare area, pilots with their stage on the four-stage track.
  await expect(page.getByRole('heading', { level: 3 }).first()).toBeVisible();
  await expect(page.getByRole('list', { name: t('pilots.track') }).first()).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText('Oceanhamnen');
  await expectAccessible(page, `home (${language})`);
  await screenshots(page, 'home', language);
});

test('challenges: list, search and filters in the URL, show more', async ({ page, t, language }) => {
  await page.goto('/challenges');
  await expectPage(page, t('challenges.list.title'));
  await expect(page.getByRole('status').filter({ hasText: /\d/ })).toBeVisible();
  await expectAccessible(page, `challenges (${language})`);
  await screenshots(page, 'challenges', language);

  await page.getByRole('searchbox', { name: t('challenges.list.search') }).fill('äldreomsorg');
  await page.getByRole('button', { name: t('actions.search'), exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=%C3%A4ldreomsorg/);
  await expect(page.getByRole('link', { name: /ensamhet/i })).toBeVisible();

  // A select filter (React Aria): open, choose, and the choice stands in the URL.
  await page.getByRole('button', { name: new RegExp(t('challenges.filters.status')) }).click();
  await expectAccessible(page, `challenges status select open (${language})`);
  await page.getByRole('option', { name: t('challenges.status.published') }).click();
  await expect(page).toHaveURL(/status=published/);
  await page.reload();
  await expect(page.getByRole('searchbox', { name: t('challenges.list.search') })).toHaveValue('äldreomsorg');
  await expect(page.getByRole('button', { name: new RegExp(t('challenges.filters.status')) })).toContainText(
    t('challenges.status.published'),
  );

  // A keyword applies with the search.
  await page.getByRole('textbox', { name: t('challenges.filters.tag') }).fill('ensamhet');
  await page.getByRole('textbox', { name: t('challenges.filters.tag') }).press('Enter');
  await expect(page).toHaveURL(/tag=ensamhet/);
  await expect(page.getByRole('link', { name: /ensamhet/i })).toBeVisible();

  await page.getByRole('button', { name: t('challenges.filters.clear') }).click();
  await expect(page).toHaveURL(/\/challenges$/);
});

test('challenges: "show more" follows the cursor', async ({ page, t }) => {
  await page.goto('/challenges');
  const more = page.getByRole('button', { name: t('actions.showMore') });
  const cards = page.getByRole('article');
  await expect(cards.first()).toBeVisible();
  const before = await cards.count();
  if (await more.isVisible()) {
    await more.click();
    await expect.poll(() => cards.count()).toBeGreaterThan(before);
  } else {
    expect(before).toBeLessThanOrEqual(12);
  }
});

test('a challenge: everything a proposer needs, and the way to propose', async ({ page, t, language, request }) => {
  const challenge = await openChallenge(request);
  await page.goto(`/challenges/${challenge.id}`);
  await expectPage(page, challenge.title);
  await expect(page.getByText(t('challenges.deadline')).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: t('challenges.detail.criteria') })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: t('challenges.detail.weight') })).toBeVisible();
  await expect(page.getByRole('heading', { name: t('challenges.detail.expectedEffects') })).toBeVisible();
  await expectAccessible(page, `challenge (${language})`);
  await screenshots(page, 'challenge', language);

  await page.getByRole('link', { name: t('challenges.detail.proposeAction') }).click();
  await expectPage(page, t('account.required.title'));
  await expectAccessible(page, `propose, signed out (${language})`);
  await screenshots(page, 'propose-signed-out', language);
  await page
    .getByRole('main')
    .getByRole('link', { name: t('account.signIn.action') })
    .click();
  await expect(page).toHaveURL(new RegExp(`returnTo=${encodeURIComponent(`/challenges/${challenge.id}/propose`)}`));
});

test('pilot registry: stages on the four-stage track, effect goals, filters', async ({ page, t, language }) => {
  await page.goto('/pilots');
  await expectPage(page, t('pilots.registry.title'));
  await expect(page.getByRole('list', { name: t('pilots.track') }).first()).toBeVisible();
  await expect(page.getByText(t('pilots.stages.develop_pilot')).first()).toBeVisible();
  await expectAccessible(page, `pilots (${language})`);
  await screenshots(page, 'pilots', language);

  await page.getByRole('button', { name: new RegExp(t('pilots.registry.stage')) }).click();
  await page.getByRole('option', { name: t('pilots.stages.scale') }).click();
  await expect(page).toHaveURL(/stage=scale/);
  // Only pilots at the last stage: on every track the first stage is behind them.
  await expect(page.getByRole('status').filter({ hasText: /\d/ })).toBeVisible();
  for (const track of await page.getByRole('list', { name: t('pilots.track') }).all()) {
    await expect(track.getByRole('listitem').first()).not.toHaveAttribute('aria-current', 'step');
    await expect(track.getByRole('listitem').first()).toContainText(t('pilots.stageState.done'));
  }
});

test('privacy page and the footer link to it', async ({ page, t, language }) => {
  await page.goto('/');
  await page
    .getByRole('contentinfo')
    .getByRole('link', { name: t('layout.footer.privacy') })
    .click();
  await expectPage(page, t('privacy.title'));
  await expect(page.getByRole('heading', { name: t('privacy.cookies.title') })).toBeVisible();
  await expectAccessible(page, `privacy (${language})`);
  await screenshots(page, 'privacy', language);
});

test('an address that leads nowhere is a 404 page; so is a challenge that does not exist', async ({
  page,
  t,
  language,
}) => {
  await page.goto('/no/such/page');
  await expectPage(page, t('errors.notFound.title'));
  await expectAccessible(page, `404 (${language})`);
  await screenshots(page, 'not-found', language);
  await page.goto('/challenges/00000000-0000-4000-8000-000000000000');
  await expectPage(page, t('errors.notFound.title'));
});

test('the language switch: html lang follows, the choice is remembered', async ({ page, t, other, language }) => {
  await page.goto('/challenges');
  await page.getByRole('button', { name: t('layout.otherLanguage') }).click();
  const switched = language === 'sv' ? 'en' : 'sv';
  await expect.poll(() => htmlLang(page)).toBe(switched);
  await expectPage(page, other('challenges.list.title'));
  await page.reload();
  await expectPage(page, other('challenges.list.title'));
  await page.getByRole('button', { name: other('layout.otherLanguage') }).click();
  await expect.poll(() => htmlLang(page)).toBe(language);
});

test('skip link: the first Tab reaches it and it moves to the content', async ({ page, t }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: t('layout.skipLink') });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
});

test('a phone 320 px wide: nothing scrolls sideways', async ({ page, t }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ['/', '/challenges', '/pilots']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('navigation', { name: t('layout.mainNavigation') })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} fits 320 px`).toBeLessThanOrEqual(0);
  }
});
