import { expect, expectPage, mailedCode, test, uniqueEmail } from '../support/fixtures';
import { PASSWORD, tabTo } from '../support/journeys';

/**
 * Register → confirm → sign in → search → open a challenge with the keyboard alone: Tab, typing,
 * Enter and the arrow keys; the mouse is never used (the mailed link is opened as an address).
 */
test('keyboard only: register, confirm, sign in, search, open a challenge', async ({ page, t }) => {
  const email = uniqueEmail('keys');
  await page.goto('/');

  await tabTo(page, page.getByRole('banner').getByRole('link', { name: t('account.signIn.link') }));
  await page.keyboard.press('Enter');
  await expectPage(page, t('account.signIn.title'));
  await tabTo(page, page.getByRole('main').getByRole('link', { name: t('account.signIn.register') }));
  await page.keyboard.press('Enter');
  await expectPage(page, t('account.register.title'));

  await tabTo(page, page.getByLabel(t('account.register.email')));
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  await expectPage(page, t('account.register.sentTitle'));

  await page.goto(`/register/confirm#code=${await mailedCode(email, 'registration.confirm')}`);
  await tabTo(page, page.getByLabel(t('account.confirm.name')));
  await page.keyboard.type('Tove Tangentbord');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(t('account.confirm.password'))).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expectPage(page, t('account.confirm.doneTitle'));

  await tabTo(page, page.getByRole('main').getByRole('link', { name: t('account.signIn.action') }));
  await page.keyboard.press('Enter');
  await expectPage(page, t('account.signIn.title'));
  await tabTo(page, page.getByLabel(t('account.signIn.email')));
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expectPage(page, t('home.title'));
  await expect(page.getByRole('button', { name: t('account.menu.label', { name: 'Tove Tangentbord' }) })).toBeVisible();

  await tabTo(page, page.getByRole('navigation').getByRole('link', { name: t('nav.challenges') }));
  await page.keyboard.press('Enter');
  await expectPage(page, t('challenges.list.title'));
  await tabTo(page, page.getByRole('searchbox', { name: t('challenges.list.search') }));
  await page.keyboard.type('äldreomsorg');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=/);

  // A filter through React Aria's select, by keyboard: open with Enter, arrows, Enter.
  await tabTo(page, page.getByRole('button', { name: new RegExp(t('challenges.filters.status')) }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/status=published/);

  const result = page.getByRole('article').first().getByRole('link');
  const title = (await result.textContent()) ?? '';
  await tabTo(page, result);
  await page.keyboard.press('Enter');
  await expectPage(page, title);
  await tabTo(page, page.getByRole('link', { name: t('challenges.detail.proposeAction') }));
  await page.keyboard.press('Enter');
  await expectPage(page, t('proposals.propose.title'));
});
