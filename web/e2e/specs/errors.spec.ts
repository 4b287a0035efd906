import { networkInterfaces } from 'node:os';
import { expect, expectAccessible, expectPage, screenshots, test } from '../support/fixtures';
import { PORT } from '../support/environment';

const UNAVAILABLE = {
  type: 'urn:problem-type:testbed:unavailable',
  title: 'Service Unavailable',
  status: 503,
  detail: 'The database is unreachable or too slow; retry in a few seconds.',
};

test('the API answers 503: a readable message in the person language, and a retry', async ({ page, t, language }) => {
  let down = true;
  await page.route('**/api/v1/challenges?**', (route) =>
    down
      ? route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          headers: { 'retry-after': '5' },
          body: JSON.stringify(UNAVAILABLE),
        })
      : route.continue(),
  );
  await page.goto('/challenges');
  await expectPage(page, t('challenges.list.title'));
  await expect(page.getByRole('alert')).toContainText(t('errors.unavailable.title'), { timeout: 20_000 });
  await expectAccessible(page, `API down (${language})`);
  await screenshots(page, 'api-unavailable', language);
  down = false;
  await page.getByRole('button', { name: t('actions.retry') }).click();
  await expect(page.getByRole('article').first()).toBeVisible();
});

test('the server cannot be reached at all: the page says so', async ({ page, t }) => {
  await page.route('**/api/v1/public/pilots**', (route) => route.abort('connectionrefused'));
  await page.goto('/pilots');
  await expect(page.getByRole('alert')).toContainText(t('errors.unavailable.title'), { timeout: 20_000 });
});

test('security of the pages: CSP without unsafe-inline/eval scripts, no third-party origins', async ({
  page,
  request,
}) => {
  for (const path of ['/', '/challenges', '/no/such/page', '/docs']) {
    const response = await request.get(path);
    expect(response.headers()['content-type']).toContain('text/html');
    const csp = response.headers()['content-security-policy'] ?? '';
    const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scripts, path).toBe("'self'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, `${path} over plain http`).not.toContain('upgrade-insecure-requests');
  }
  const origins = new Set<string>();
  page.on('request', (request) => origins.add(new URL(request.url()).origin));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  await page.goto('/challenges');
  await expect(page.getByRole('article').first()).toBeVisible();
  expect([...origins]).toEqual([new URL(page.url()).origin]);
});

test('opened over plain http from a LAN address, the app and Swagger UI still work', async ({ page, t }) => {
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal);
  test.skip(!lan, 'no LAN address on this machine');
  await page.goto(`http://${lan?.address}:${PORT}/`);
  await expectPage(page, t('home.title'));
  await page.goto(`http://${lan?.address}:${PORT}/docs`);
  await expect(page.getByRole('heading', { name: /Testbed platform API/ })).toBeVisible();
});
