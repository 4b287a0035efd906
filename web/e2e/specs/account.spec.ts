import { expect, expectAccessible, expectPage, mailedCode, screenshots, test, uniqueEmail } from '../support/fixtures';
import { PASSWORD, registerPartner, signIn } from '../support/journeys';

test('register → confirm from the mail → set password, with GOV.UK form errors', async ({ page, t, language }) => {
  await page.goto('/register');
  await expectPage(page, t('account.register.title'));
  await expectAccessible(page, `register (${language})`);
  await screenshots(page, 'register', language);

  // Nothing entered: the summary takes focus and links to the field, the error stands next to it.
  await page.getByRole('button', { name: t('account.register.action') }).click();
  const summary = page.getByRole('alert').filter({ hasText: t('forms.errorSummary') });
  await expect(summary).toBeFocused();
  await expect(page.getByLabel(t('account.register.email'))).toHaveAccessibleDescription(
    new RegExp(t('validation.emailRequired')),
  );
  await expectAccessible(page, `register with errors (${language})`);
  await summary.getByRole('link', { name: t('validation.emailRequired') }).click();
  await expect(page.getByLabel(t('account.register.email'))).toBeFocused();

  const email = uniqueEmail(`reg-${language}`);
  await page.getByLabel(t('account.register.email')).fill(email);
  await page.getByRole('button', { name: t('account.register.action') }).click();
  await expectPage(page, t('account.register.sentTitle'));
  await expect(page.getByRole('status')).toContainText(email);

  const code = await mailedCode(email, 'registration.confirm');
  await page.goto(`/register/confirm#code=${code}`);
  await expectPage(page, t('account.confirm.title'));
  await expect(page.getByLabel(t('account.confirm.code'))).toHaveValue(code);
  await expectAccessible(page, `register confirm (${language})`);
  await screenshots(page, 'register-confirm', language);

  // Too short a password: refused next to the field, the name kept.
  await page.getByLabel(t('account.confirm.name')).fill('Kim Keyboard');
  await page.getByLabel(t('account.confirm.password')).fill('short');
  await page.getByRole('button', { name: t('account.confirm.action') }).click();
  await expect(page.getByRole('alert').filter({ hasText: t('forms.errorSummary') })).toBeFocused();
  await expect(page.getByLabel(t('account.confirm.password'))).toHaveAccessibleDescription(
    new RegExp(t('validation.passwordShort')),
  );
  await expect(page.getByLabel(t('account.confirm.name'))).toHaveValue('Kim Keyboard');
  await page.getByLabel(t('account.confirm.password')).fill(PASSWORD);
  await page.getByRole('button', { name: t('account.confirm.action') }).click();
  await expectPage(page, t('account.confirm.doneTitle'));

  // The code works once: the server refuses it, and says so in the person's language.
  await page.goto('/');
  await page.goto(`/register/confirm#code=${code}`);
  await page.getByLabel(t('account.confirm.name')).fill('Kim Again');
  await page.getByLabel(t('account.confirm.password')).fill(PASSWORD);
  await page.getByRole('button', { name: t('account.confirm.action') }).click();
  await expect(page.getByRole('alert').filter({ hasText: t('forms.errorSummary') })).toContainText(
    t('account.confirm.badCode'),
  );
  await expect(page.getByLabel(t('account.confirm.name'))).toHaveValue('Kim Again');
});

test('sign in (wrong password kept out, email kept), my account, change password and email, sign out everywhere', async ({
  page,
  t,
  language,
}) => {
  const email = uniqueEmail(`acc-${language}`);
  await registerPartner(page, t, email, 'Alva Konto');

  await page.goto('/account');
  await expectPage(page, t('account.required.title'));
  await expectAccessible(page, `sign-in required (${language})`);
  await screenshots(page, 'sign-in-required', language);
  await page
    .getByRole('main')
    .getByRole('link', { name: t('account.signIn.action') })
    .click();
  await expectPage(page, t('account.signIn.title'));
  await expectAccessible(page, `sign in (${language})`);
  await screenshots(page, 'sign-in', language);

  await signIn(page, t, email, 'not the password at all');
  await expect(page.getByRole('alert').filter({ hasText: t('forms.errorSummary') })).toContainText(
    t('account.signIn.wrongCredentials'),
  );
  await expect(page.getByLabel(t('account.signIn.email'))).toHaveValue(email);

  await signIn(page, t, email, PASSWORD);
  // Back where the person was going.
  await expectPage(page, t('account.page.title'));
  await expect(page.getByRole('definition').filter({ hasText: t('account.roles.partner') })).toBeVisible();
  await expect(page.getByText(t('account.page.noDepartment'))).toBeVisible();
  await expectAccessible(page, `my account (${language})`);
  await screenshots(page, 'account', language);
  // The session is an httpOnly cookie: nothing in the page's storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  expect(stored).not.toMatch(/token|session|eyJ/i);
  expect(await page.evaluate(() => document.cookie)).toBe('');

  // The signed-in person's menu.
  await page.getByRole('button', { name: t('account.menu.label', { name: 'Alva Konto' }) }).click();
  await expect(page.getByRole('menuitem', { name: t('account.signOut.action') })).toBeVisible();
  await expectAccessible(page, `account menu open (${language})`);
  await page.keyboard.press('Escape');

  // Change password: a wrong current password is refused at its field.
  await page.getByRole('tab', { name: t('account.page.passwordTab') }).click();
  await expectAccessible(page, `password tab (${language})`);
  await page.getByLabel(t('account.password.current')).fill('wrong current password');
  await page.getByLabel(t('account.password.new'), { exact: true }).fill(`${PASSWORD} new`);
  await page.getByRole('button', { name: t('account.password.action') }).click();
  await expect(page.getByLabel(t('account.password.current'))).toHaveAccessibleDescription(
    new RegExp(t('account.password.wrongCurrent')),
  );
  await page.getByLabel(t('account.password.current')).fill(PASSWORD);
  await page.getByRole('button', { name: t('account.password.action') }).click();
  await expect(page.getByRole('status').filter({ hasText: t('account.password.done') })).toBeVisible();

  // Change email: confirmed from the mail to the new address.
  const newEmail = uniqueEmail(`new-${language}`);
  await page.getByRole('tab', { name: t('account.page.emailTab') }).click();
  await expectAccessible(page, `email tab (${language})`);
  await page.getByLabel(t('account.email.new')).fill(newEmail);
  await page.getByLabel(t('account.email.password')).fill(`${PASSWORD} new`);
  await page.getByRole('button', { name: t('account.email.action') }).click();
  await expect(page.getByRole('status').filter({ hasText: newEmail })).toBeVisible();
  const code = await mailedCode(newEmail, 'email.confirm');
  await page.goto(`/account/email/confirm#code=${code}`);
  await expectPage(page, t('account.emailConfirm.title'));
  await expectAccessible(page, `email confirm (${language})`);
  await page.getByRole('button', { name: t('account.emailConfirm.title') }).click();
  await expect(page.getByRole('status')).toContainText(newEmail);

  // Sign out everywhere, through a confirmation dialog.
  await page.goto('/account');
  await page.getByRole('tab', { name: t('account.page.sessionsTab') }).click();
  await page.getByRole('button', { name: t('account.signOutEverywhere.action') }).click();
  const dialog = page.getByRole('dialog', { name: t('account.signOutEverywhere.dialogTitle') });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, `sign out everywhere dialog (${language})`);
  await screenshots(page, 'sign-out-everywhere-dialog', language);
  await dialog.getByRole('button', { name: t('account.signOutEverywhere.confirm') }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: t('account.signIn.link') })).toBeVisible();
  await page.goto('/account');
  await expectPage(page, t('account.required.title'));
});

test('forgot password → reset from the mail → sign in with the new one; sign out', async ({ page, t, language }) => {
  const email = uniqueEmail(`reset-${language}`);
  await registerPartner(page, t, email, 'Rut Återställd');

  await page.goto('/sign-in');
  await page.getByRole('link', { name: t('account.signIn.forgot') }).click();
  await expectPage(page, t('account.forgot.title'));
  await expectAccessible(page, `forgot password (${language})`);
  await screenshots(page, 'forgot-password', language);
  await page.getByLabel(t('account.forgot.email')).fill(email);
  await page.getByRole('button', { name: t('account.forgot.action') }).click();
  await expectPage(page, t('account.forgot.sentTitle'));

  const code = await mailedCode(email, 'password.reset');
  await page.goto(`/reset-password#code=${code}`);
  await expectPage(page, t('account.reset.title'));
  await expectAccessible(page, `reset password (${language})`);
  await screenshots(page, 'reset-password', language);
  await page.getByLabel(t('account.reset.newPassword')).fill(`${PASSWORD} reset`);
  await page.getByRole('button', { name: t('account.reset.action') }).click();
  await expectPage(page, t('account.reset.doneTitle'));

  await page
    .getByRole('main')
    .getByRole('link', { name: t('account.signIn.action') })
    .click();
  await signIn(page, t, email, `${PASSWORD} reset`);
  await expectPage(page, t('home.title'));
  await page.getByRole('button', { name: t('account.menu.label', { name: 'Rut Återställd' }) }).click();
  await page.getByRole('menuitem', { name: t('account.signOut.action') }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: t('account.signIn.link') })).toBeVisible();
});

test('signed in: the pages, and a partner without an organisation is told to create one before proposing', async ({
  page,
  t,
  language,
  request,
}) => {
  const email = uniqueEmail(`signed-${language}`);
  await registerPartner(page, t, email, 'Pia Partner');
  await page.goto('/sign-in');
  await signIn(page, t, email, PASSWORD);
  await expectPage(page, t('home.title'));
  await expect(page.getByRole('navigation', { name: t('layout.mainNavigation') })).toContainText(t('nav.account'));

  for (const [name, path, heading] of [
    ['home', '/', t('home.title')],
    ['challenges', '/challenges', t('challenges.list.title')],
    ['pilots', '/pilots', t('pilots.registry.title')],
    ['privacy', '/privacy', t('privacy.title')],
  ] as const) {
    await page.goto(path);
    await expectPage(page, heading);
    await expectAccessible(page, `${name}, signed in (${language})`);
    await screenshots(page, `${name}-signed-in`, language);
  }

  const list = (await (await request.get('/api/v1/challenges?status=published&limit=1')).json()) as {
    items: { id: string; title: string }[];
  };
  const challenge = list.items[0];
  if (!challenge) throw new Error('no published challenge');
  await page.goto(`/challenges/${challenge.id}`);
  await expectAccessible(page, `challenge, signed in (${language})`);
  await page.getByRole('link', { name: t('challenges.detail.proposeAction') }).click();
  await expectPage(page, t('proposals.propose.title'));
  await expect(page.getByText(t('proposals.propose.noOrganization'))).toBeVisible();
  await expect(page.getByRole('link', { name: t('proposals.propose.backToChallenge') })).toBeVisible();
  await expectAccessible(page, `propose, partner (${language})`);
  await screenshots(page, 'propose-partner', language);
});

test('city staff: roles and department on my account; the proposal path says partners propose', async ({
  page,
  t,
  language,
}) => {
  await page.goto('/sign-in');
  await signIn(page, t, 'department@demo.testbed.se', 'demo-department-2026');
  await expectPage(page, t('home.title'));
  await page.goto('/account');
  await expect(page.getByRole('definition').filter({ hasText: t('account.roles.department') })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /förvaltningen/i })).toBeVisible();
  await expectAccessible(page, `my account, staff (${language})`);
  await page.goto('/challenges?status=published');
  await page.getByRole('article').first().getByRole('link').click();
  await page.getByRole('link', { name: t('challenges.detail.proposeAction') }).click();
  await expect(page.getByText(t('proposals.propose.partnersOnly'))).toBeVisible();
});
