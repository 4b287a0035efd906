import type { APIRequestContext } from '@playwright/test';
import { BASE_URL } from '../support/environment';
import { expect, expectAccessible, expectPage, screenshots, test, uniqueEmail } from '../support/fixtures';
import { PASSWORD, registerPartner, signIn, tabTo } from '../support/journeys';

/** An API client signed in as a demo account with a bearer token (no browser session involved). */
async function demoApi(request: APIRequestContext, email: string, password: string) {
  const login = await request.post(`${BASE_URL}/api/v1/auth/login`, { data: { email, password } });
  expect(login.status()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}` };
  return {
    post: async (path: string, data: unknown) => {
      const response = await request.post(`${BASE_URL}/api/v1${path}`, { headers, data });
      expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
      return (await response.json()) as { id: string };
    },
  };
}

test('notifications: the unread count in the header, the list, opening one marks it read, mark all read', async ({
  page,
  t,
  language,
  request,
}) => {
  test.slow(); // a long journey: registration, three invitations and five screens
  const email = uniqueEmail('notified');
  await registerPartner(page, t, email, 'Nora Notis');
  await page.goto('/sign-in');
  await signIn(page, t, email, PASSWORD);
  await expectPage(page, t('home.title'));
  // Signed in with nothing yet: the link is there without a badge.
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: t('nav.notifications'), exact: true })).toBeVisible();

  // Two organisations of the demo partner invite Nora: two "organization.invited" notifications.
  const partner = await demoApi(request, 'partner@demo.testbed.se', 'demo-partner-2026');
  for (const name of ['Notisgruppen', 'Andra notisgruppen']) {
    const organisation = await partner.post('/organizations', { kind: 'academia', name: `${name} ${language}` });
    await partner.post(`/organizations/${organisation.id}/members`, { email, role: 'member' });
  }

  // The header asks again when the window regains focus, or on the next page load.
  await page.reload();
  const withCount = header.getByRole('link', {
    name: `${t('nav.notifications')} ${t('nav.notificationsUnread', { count: 2 })}`,
  });
  await expect(withCount).toBeVisible();
  await expect(withCount).toContainText('2');

  // By keyboard: Tab to the link and open the list.
  await tabTo(page, withCount);
  await page.keyboard.press('Enter');
  await expectPage(page, t('notifications.title'));
  const items = page.getByRole('main').getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.first().getByRole('heading', { level: 2 })).toContainText(
    t('notifications.kinds.organization.invited'),
  );
  // Said in the reader's language from the notification's facts (the role translated too).
  await expect(items.first()).toContainText(
    t('notifications.texts.organization.invited', {
      actorName: 'Per Partner',
      title: `Andra notisgruppen ${language}`,
      role: t('notifications.roles.member'),
    }),
  );
  await expectAccessible(page, `notifications: two unread (${language})`);
  await screenshots(page, 'notifications-unread', language);

  // Mark one read with its button: the count follows, and the list of unread ones shrinks.
  await items
    .first()
    .getByRole('button', { name: t('notifications.markRead') })
    .click();
  await expect(page.getByRole('status').filter({ hasText: t('notifications.marked') })).toBeVisible();
  await expect(items).toHaveCount(1);
  await expect(
    header.getByRole('link', { name: `${t('nav.notifications')} ${t('nav.notificationsUnread', { count: 1 })}` }),
  ).toBeVisible();

  // All of them: both, the read one without its marker.
  await page.getByRole('radio', { name: t('notifications.showAll') }).click();
  await expect(page).toHaveURL(/show=all/);
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: t('notifications.unread') })).toHaveCount(1);
  await expectAccessible(page, `notifications: all (${language})`);
  await screenshots(page, 'notifications-all', language);

  // Opening the unread one leads to the invitations and marks it read on the way.
  await items
    .filter({ hasText: t('notifications.unread') })
    .getByRole('link', { name: t('notifications.open.invitation') })
    .click();
  await expect(page).toHaveURL(/\/invitations$/);
  await page.goto('/notifications');
  await expect(page.getByText(t('notifications.noneUnread'))).toBeVisible();
  await expect(header.getByRole('link', { name: t('nav.notifications'), exact: true })).toBeVisible();
  await expectAccessible(page, `notifications: none unread (${language})`);

  // A third one, then "mark all as read" says how many it marked.
  const third = await partner.post('/organizations', { kind: 'academia', name: `Tredje notisgruppen ${language}` });
  await partner.post(`/organizations/${third.id}/members`, { email, role: 'member' });
  await page.reload();
  await expect(items).toHaveCount(1);
  await page.getByRole('button', { name: t('notifications.markAll') }).click();
  await expect(page.getByRole('status').filter({ hasText: t('notifications.allMarked', { count: 1 }) })).toBeVisible();
  await expect(page.getByText(t('notifications.noneUnread'))).toBeVisible();
});

test('notifications need a signed-in person', async ({ page, t }) => {
  await page.goto('/notifications');
  await expectPage(page, t('account.required.title'));
  await expect(page.getByRole('banner').getByRole('link', { name: t('nav.notifications') })).toHaveCount(0);
});
