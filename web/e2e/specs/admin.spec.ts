import type { Page } from '@playwright/test';
import type { TFunction } from 'i18next';
import { expect, expectAccessible, expectPage, screenshots, test, uniqueEmail } from '../support/fixtures';
import { PASSWORD, signIn, tabTo } from '../support/journeys';

// Long journeys with full-page screenshots at two widths on a shared, slow machine.
test.describe.configure({ timeout: 180_000 });

const ADMIN = { email: 'admin@demo.testbed.se', password: 'demo-admin-2026', name: 'Astrid Admin' };
const DEPARTMENT = 'Vård- och omsorgsförvaltningen';

const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Today in Stockholm as the date input takes it (YYYY-MM-DD). */
const stockholmDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );

async function signInAs(page: Page, t: TFunction, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await signIn(page, t, email, password);
  await expectPage(page, t('home.title'));
}

test('an admin creates a department user, who then signs in and sees their department', async ({
  page,
  t,
  language,
}) => {
  await signInAs(page, t, ADMIN.email, ADMIN.password);
  await page
    .getByRole('navigation', { name: t('layout.mainNavigation') })
    .getByRole('link', { name: t('nav.admin') })
    .click();
  await expectPage(page, t('admin.users.title'));
  await expectAccessible(page, `admin users (${language})`);
  await screenshots(page, 'admin-users', language);

  // Search and the role filter.
  await page.getByRole('searchbox', { name: t('admin.users.search') }).fill('astrid');
  await page.getByRole('button', { name: t('actions.search'), exact: true }).click();
  await expect(page).toHaveURL(/q=astrid/);
  await expect(page.getByRole('rowheader', { name: ADMIN.name })).toBeVisible();
  await page.getByRole('searchbox', { name: t('admin.users.search') }).clear();
  await page.getByRole('button', { name: t('actions.search'), exact: true }).click();
  await page.getByRole('button', { name: new RegExp(t('admin.users.roleFilter')) }).click();
  await page.getByRole('option', { name: t('account.roles.evaluator') }).click();
  await expect(page).toHaveURL(/role=evaluator/);
  const roleCells = page.getByRole('table').getByRole('row').locator('td:nth-child(3)');
  await expect(roleCells.first()).toBeVisible();
  for (const text of await roleCells.allTextContents()) expect(text).toContain(t('account.roles.evaluator'));

  // Creating: the early checks first, next to their fields and in the summary.
  await page.getByRole('link', { name: t('admin.users.create') }).click();
  await expectPage(page, t('admin.create.title'));
  await page.getByRole('button', { name: t('admin.create.action') }).click();
  const summary = page.getByRole('alert').filter({ hasText: t('forms.errorSummary') });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: t('admin.create.nameRequired') })).toBeVisible();
  await expect(summary.getByRole('link', { name: t('admin.users.departmentRequired') })).toBeVisible();
  await expectAccessible(page, `create user with errors (${language})`);

  const email = uniqueEmail('staff');
  const name = `Siv Stadsanställd ${suffix()}`;
  await page.getByLabel(t('admin.create.name'), { exact: true }).fill(name);
  await page.getByLabel(t('admin.create.email'), { exact: true }).fill(email);
  await page.getByLabel(t('admin.create.password'), { exact: true }).fill(PASSWORD);
  await expect(page.getByRole('checkbox', { name: t('account.roles.department') })).toBeChecked();
  await page.getByRole('checkbox', { name: t('account.roles.evaluator') }).check({ force: true });
  await page.getByRole('button', { name: new RegExp(t('admin.users.department')) }).click();
  await page.getByRole('option', { name: DEPARTMENT }).click();
  await screenshots(page, 'admin-create-user', language);
  await page.getByRole('button', { name: t('admin.create.action') }).click();
  await expectPage(page, t('admin.users.title'));
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  await expect(row).toContainText(email);
  await expect(row).toContainText(DEPARTMENT);
  await expect(row).toContainText(`${t('account.roles.department')}, ${t('account.roles.evaluator')}`);

  // The same email again is refused, explained next to the field, and what was typed stays.
  await page.getByRole('link', { name: t('admin.users.create') }).click();
  await page.getByLabel(t('admin.create.name'), { exact: true }).fill('Someone Else');
  await page.getByLabel(t('admin.create.email'), { exact: true }).fill(email.toUpperCase());
  await page.getByLabel(t('admin.create.password'), { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: new RegExp(t('admin.users.department')) }).click();
  await page.getByRole('option', { name: DEPARTMENT }).click();
  await page.getByRole('button', { name: t('admin.create.action') }).click();
  await expect(page.getByRole('alert').filter({ hasText: t('admin.create.emailTaken') })).toBeVisible();
  await expect(page.getByLabel(t('admin.create.name'), { exact: true })).toHaveValue('Someone Else');
  await expectAccessible(page, `create user refused, email taken (${language})`);

  // The new person signs in with the initial password and works in their department.
  await page.context().clearCookies();
  await signInAs(page, t, email, PASSWORD);
  await page.getByRole('link', { name: t('nav.pipeline') }).click();
  await expectPage(page, t('pipeline.title'));
  await expect(page.getByRole('status').filter({ hasText: DEPARTMENT })).toBeVisible();
  await expect(page.getByRole('link', { name: t('nav.admin') })).toHaveCount(0);
});

test('the last admin cannot lose the role, nor an admin disable themself: both refusals are explained', async ({
  page,
  t,
  language,
}) => {
  await signInAs(page, t, ADMIN.email, ADMIN.password);
  // The rule is about the only enabled admin: the demo has exactly one, and this suite makes no other.
  const admins = (await (await page.request.get('/api/v1/users?role=admin&limit=100')).json()) as {
    items: { disabled: boolean }[];
  };
  expect(admins.items.filter((u) => !u.disabled)).toHaveLength(1);

  await page.goto('/admin/users?q=astrid');
  await expectPage(page, t('admin.users.title'));
  const trigger = page.getByRole('button', { name: t('admin.users.changeRolesFor', { name: ADMIN.name }) });
  await trigger.click();
  const dialog = page.getByRole('dialog', { name: t('admin.users.changeRolesTitle', { name: ADMIN.name }) });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, `change roles dialog (${language})`);
  await dialog.getByRole('checkbox', { name: t('account.roles.admin') }).uncheck({ force: true });
  await dialog.getByRole('checkbox', { name: t('account.roles.director') }).check({ force: true });
  await dialog.getByRole('button', { name: t('admin.users.saveRoles') }).click();
  await expect(dialog.getByRole('alert')).toHaveText(t('admin.users.refusal.lastAdmin'));
  await expectAccessible(page, `change roles refused, last admin (${language})`);
  await screenshots(page, 'admin-last-admin-refused', language);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(trigger).toBeFocused();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: ADMIN.name }) });
  await expect(row).toContainText(t('account.roles.admin'));

  await page.getByRole('button', { name: t('admin.users.disableFor', { name: ADMIN.name }) }).click();
  const confirm = page.getByRole('dialog', { name: t('admin.users.disableTitle', { name: ADMIN.name }) });
  await expectAccessible(page, `disable dialog (${language})`);
  await confirm.getByRole('button', { name: t('admin.users.disable'), exact: true }).click();
  await expect(confirm.getByRole('alert')).toHaveText(t('admin.users.refusal.ownAccount'));
  await expectAccessible(page, `disable refused, own account (${language})`);
  await confirm.getByRole('button', { name: t('actions.cancel') }).click();
  await expect(row).toContainText(t('admin.users.enabled'));
});

test('an admin adds and corrects departments and welfare areas; the audit log shows each change as a difference', async ({
  page,
  t,
  language,
}) => {
  await signInAs(page, t, ADMIN.email, ADMIN.password);
  await page.goto('/admin');
  await page
    .getByRole('navigation', { name: t('admin.navigation') })
    .getByRole('link', { name: t('admin.reference.title') })
    .click();
  await expectPage(page, t('admin.reference.title'));
  await expectAccessible(page, `reference data (${language})`);
  await screenshots(page, 'admin-reference-data', language);

  // A department: the name alone (the slug is suggested from it).
  const tag = suffix();
  const department = `Provförvaltningen ${tag}`;
  const departmentForm = page.getByRole('form', { name: t('admin.reference.newDepartment') });
  await departmentForm.getByRole('button', { name: t('admin.reference.addDepartment') }).click();
  await expect(departmentForm.getByRole('alert')).toContainText(t('admin.reference.nameShort'));
  await expectAccessible(page, `new department with errors (${language})`);
  await departmentForm.getByLabel(t('admin.reference.name'), { exact: true }).fill(department);
  await departmentForm.getByRole('button', { name: t('admin.reference.addDepartment') }).click();
  await expect(
    page.getByRole('status').filter({ hasText: t('admin.reference.departmentCreated', { name: department }) }),
  ).toBeVisible();
  await expect(page.getByRole('rowheader', { name: department })).toBeVisible();

  // Renamed in a dialog.
  const renamed = `Omdöpta förvaltningen ${tag}`;
  await page.getByRole('button', { name: t('admin.reference.renameNamed', { name: department }) }).click();
  const rename = page.getByRole('dialog', { name: t('admin.reference.renameTitle', { name: department }) });
  await expectAccessible(page, `rename department dialog (${language})`);
  await rename.getByLabel(t('admin.reference.name'), { exact: true }).fill(renamed);
  await rename.getByRole('button', { name: t('admin.reference.save') }).click();
  await expect(rename).toHaveCount(0);
  await expect(page.getByRole('rowheader', { name: renamed })).toBeVisible();

  // A welfare area with its Swedish and English names, then an English name corrected.
  const code = `prov_${tag}`;
  const areaForm = page.getByRole('form', { name: t('admin.reference.newArea') });
  await areaForm.getByLabel(t('admin.reference.code'), { exact: true }).fill('Fel kod');
  await areaForm.getByLabel(t('admin.reference.nameSv'), { exact: true }).fill('Kultur och fritid');
  await areaForm.getByLabel(t('admin.reference.nameEn'), { exact: true }).fill('Culture');
  await areaForm.getByRole('button', { name: t('admin.reference.addArea') }).click();
  await expect(areaForm.getByRole('alert')).toContainText(t('admin.reference.codeInvalid'));
  await expect(areaForm.getByLabel(t('admin.reference.nameSv'), { exact: true })).toHaveValue('Kultur och fritid');
  await areaForm.getByLabel(t('admin.reference.code'), { exact: true }).fill(code);
  await areaForm.getByRole('button', { name: t('admin.reference.addArea') }).click();
  await expect(page.getByRole('row').filter({ hasText: code })).toContainText('Kultur och fritid');
  await page.getByRole('button', { name: t('admin.reference.editNamesOf', { code }) }).click();
  const edit = page.getByRole('dialog', { name: t('admin.reference.editAreaTitle', { code }) });
  await expectAccessible(page, `edit welfare area dialog (${language})`);
  await edit.getByLabel(t('admin.reference.nameEn'), { exact: true }).fill('Culture and leisure');
  await edit.getByRole('button', { name: t('admin.reference.save') }).click();
  await expect(page.getByRole('row').filter({ hasText: code })).toContainText('Culture and leisure');

  // The audit log: the department's history, newest first, the rename as before → after.
  const departments = (await (await page.request.get('/api/v1/departments')).json()) as { id: string; name: string }[];
  const id = departments.find((d) => d.name === renamed)?.id ?? '';
  await page
    .getByRole('navigation', { name: t('layout.mainNavigation') })
    .getByRole('link', { name: t('nav.audit') })
    .click();
  await expectPage(page, t('admin.audit.title'));
  await page.getByRole('button', { name: new RegExp(t('admin.audit.entityType')) }).click();
  await page.getByRole('option', { name: t('admin.audit.entities.department') }).click();
  await expect(page).toHaveURL(/entityType=department/);
  await page.getByLabel(t('admin.audit.entityId'), { exact: true }).fill(id);
  await page.getByLabel(t('admin.audit.from'), { exact: true }).fill(stockholmDay());
  await page.getByLabel(t('admin.audit.to'), { exact: true }).fill(stockholmDay());
  await page.getByRole('button', { name: t('admin.audit.apply') }).click();
  await expect(page.getByRole('status').filter({ hasText: t('admin.audit.showing', { count: 2 }) })).toBeVisible();
  const entries = page.getByRole('article');
  await expect(entries.nth(0)).toContainText('department.updated');
  await expect(entries.nth(1)).toContainText('department.created');
  const change = entries
    .nth(0)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: /name/ }) });
  expect(await change.getByRole('cell').allTextContents()).toEqual([department, renamed]);
  await expect(entries.nth(0).getByRole('rowheader')).toContainText(t('admin.audit.change.changed'));
  await expect(entries.nth(1).getByRole('rowheader').first()).toContainText(t('admin.audit.change.added'));
  await expectAccessible(page, `audit log, one department's history (${language})`);
  await screenshots(page, 'admin-audit', language);

  // Only this person's changes; then a window that ends before it begins is refused in words.
  await entries
    .nth(0)
    .getByRole('button', { name: t('admin.audit.onlyActorNamed', { name: ADMIN.name }) })
    .click();
  await expect(page).toHaveURL(/actorId=/);
  await expect(page.getByText(t('admin.audit.actorFilter', { name: ADMIN.name }))).toBeVisible();
  await page.getByLabel(t('admin.audit.from'), { exact: true }).fill(stockholmDay(1));
  await page.getByRole('button', { name: t('admin.audit.apply') }).click();
  await expect(page.getByRole('alert').filter({ hasText: t('admin.audit.toBeforeFrom') })).toBeVisible();
  await expect(page.getByLabel(t('admin.audit.from'), { exact: true })).toHaveValue(stockholmDay(1));
  await expectAccessible(page, `audit log, dates refused (${language})`);
  await page.getByLabel(t('admin.audit.to'), { exact: true }).fill(stockholmDay(1));
  await page.getByRole('button', { name: t('admin.audit.apply') }).click();
  await expect(page.getByRole('status').filter({ hasText: t('admin.audit.none') })).toBeVisible();
});

test('a director reads the audit log (and nothing else of the administration)', async ({ page, t, language }) => {
  await signInAs(page, t, 'director@demo.testbed.se', 'demo-director-2026');
  await expect(page.getByRole('link', { name: t('nav.admin') })).toHaveCount(0);
  await page.getByRole('link', { name: t('nav.audit') }).click();
  await expectPage(page, t('admin.audit.title'));
  await expect(page.getByRole('article').first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: t('admin.navigation') })).toHaveCount(0);
  await expectAccessible(page, `audit log for a director (${language})`);
  await screenshots(page, 'audit-director', language);
  await page.goto('/admin/users');
  await expect(page.getByText(t('admin.notAllowed', { roles: t('account.roles.admin') }))).toBeVisible();
  await expectAccessible(page, `users page refused to a director (${language})`);
});

test('administration by keyboard only: sign in, find a person, add a welfare area, filter the audit log', async ({
  page,
  t,
}) => {
  await page.goto('/sign-in');
  await tabTo(page, page.getByLabel(t('account.signIn.email'), { exact: true }));
  await page.keyboard.type(ADMIN.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await expectPage(page, t('home.title'));

  await tabTo(page, page.getByRole('link', { name: t('nav.admin') }));
  await page.keyboard.press('Enter');
  await expectPage(page, t('admin.users.title'));
  await tabTo(page, page.getByRole('searchbox', { name: t('admin.users.search') }));
  await page.keyboard.type('astrid');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=astrid/);
  const trigger = page.getByRole('button', { name: t('admin.users.changeRolesFor', { name: ADMIN.name }) });
  await tabTo(page, trigger);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('dialog')).toContainText(t('admin.users.roles'));
  await page.keyboard.press('Escape');
  await expect(trigger).toBeFocused();

  await tabTo(page, page.getByRole('link', { name: t('admin.reference.title') }));
  await page.keyboard.press('Enter');
  await expectPage(page, t('admin.reference.title'));
  const code = `tangent_${suffix()}`;
  await tabTo(page, page.getByLabel(t('admin.reference.code'), { exact: true }));
  await page.keyboard.type(code);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Tangentbordsområde');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Keyboard area');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: t('admin.reference.areaCreated', { code }) })).toBeVisible();

  await tabTo(page, page.getByRole('link', { name: t('admin.audit.title') }).last());
  await page.keyboard.press('Enter');
  await expectPage(page, t('admin.audit.title'));
  await tabTo(page, page.getByLabel(t('admin.audit.entityId'), { exact: true }));
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`entityId=${code}`));
  await expect(page.getByRole('article')).toHaveCount(1);
  await expect(page.getByRole('article')).toContainText('welfare-area.created');
  await expect(page.getByRole('article').getByRole('row').filter({ hasText: 'nameSv' })).toContainText(
    'Tangentbordsområde',
  );
});
