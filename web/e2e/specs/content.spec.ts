import { BASE_URL } from '../support/environment';
import { expect, expectPage, test } from '../support/fixtures';
import { signIn } from '../support/journeys';

const MARKUP = `<img src=x onerror="document.title='owned'"><b>Fet</b> & <script>alert(1)</script>`;

/** Texts from the API are shown as text: markup in a challenge appears as the characters typed. */
test("a challenge's texts are rendered as text, never as HTML", async ({ page, t }) => {
  page.on('dialog', () => {
    throw new Error('a script from the data ran');
  });
  await page.goto('/sign-in');
  await signIn(page, t, 'department@demo.testbed.se', 'demo-department-2026');
  await expectPage(page, t('home.title'));
  // A draft written through the API with the browser's session (same origin, so the CSRF check passes).
  const response = await page.request.post('/api/v1/challenges', {
    headers: { origin: BASE_URL },
    data: {
      title: `Markup ${MARKUP}`,
      summary: MARKUP,
      description: `${MARKUP}\nline two`,
      welfareArea: 'healthcare',
      criteria: [{ name: MARKUP, description: MARKUP, weight: 100 }],
    },
  });
  expect(response.status()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await page.goto(`/challenges/${id}`);
  await expectPage(page, `Markup ${MARKUP}`);
  await expect(page.getByText(MARKUP, { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('main').getByRole('img')).toHaveCount(0);
  await expect(page).not.toHaveTitle('owned');
});
