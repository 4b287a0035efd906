import type { APIRequestContext, Page } from '@playwright/test';
import type { TFunction } from 'i18next';
import { BASE_URL } from '../support/environment';
import { expect, expectAccessible, expectPage, screenshots, test, uniqueEmail } from '../support/fixtures';
import type { Language } from '../support/fixtures';
import { PASSWORD, registerPartner, signIn, tabTo } from '../support/journeys';

const SAME_ORIGIN = { origin: BASE_URL };

// Long journeys (two accounts registered through the pages, then the whole life of a proposal) on a shared machine.
test.describe.configure({ timeout: 300_000 });

/** A valid Swedish organisationsnummer (third digit ≥ 2, Luhn check digit), different each call. */
function orgNumber(): string {
  const nine = `55${2 + Math.floor(Math.random() * 8)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${nine.slice(0, 6)}-${nine.slice(6)}${(10 - (sum % 10)) % 10}`;
}

/** Organisations are created through the API (their screens belong to another workspace). */
async function createOrganization(page: Page, name: string, kind: 'company' | 'academia'): Promise<string> {
  const response = await page.request.post('/api/v1/organizations', {
    headers: SAME_ORIGIN,
    data: kind === 'company' ? { name, kind, orgNumber: orgNumber() } : { name, kind },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function signOut(page: Page): Promise<void> {
  expect((await page.request.delete('/api/v1/auth/session', { headers: SAME_ORIGIN })).status()).toBe(204);
}

async function signInAs(page: Page, t: TFunction, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await signIn(page, t, email, password);
  await expectPage(page, t('home.title'));
}

/** A published demo challenge still open for proposals, with a budget (of this department, when given). */
async function openChallenge(
  request: APIRequestContext,
  departmentId?: string,
): Promise<{ id: string; title: string; budgetSek: number | null }> {
  const list = (await (await request.get('/api/v1/challenges?status=published&limit=50')).json()) as {
    items: {
      id: string;
      title: string;
      budgetSek: number | null;
      submissionDeadline: string;
      department: { id: string };
    }[];
  };
  const open = list.items.find(
    (c) =>
      new Date(c.submissionDeadline).getTime() > Date.now() + 86_400_000 &&
      c.budgetSek &&
      (!departmentId || c.department.id === departmentId),
  );
  if (!open) throw new Error('no open demo challenge');
  return open;
}

/** Two partner accounts, each with an organisation; the lead's is a company. */
async function partners(page: Page, t: TFunction, language: Language) {
  const suffix = `${language}-${Date.now().toString(36)}`;
  const lead = { email: uniqueEmail(`lead-${language}`), org: `Ledaren AB ${suffix}` };
  const partner = { email: uniqueEmail(`partner-${language}`), org: `Partnerhögskolan ${suffix}` };
  await registerPartner(page, t, partner.email, 'Petra Partner');
  await signInAs(page, t, partner.email);
  const partnerOrgId = await createOrganization(page, partner.org, 'academia');
  await signOut(page);
  await registerPartner(page, t, lead.email, 'Leo Ledare');
  await signInAs(page, t, lead.email);
  const leadOrgId = await createOrganization(page, lead.org, 'company');
  return { lead, partner, leadOrgId, partnerOrgId };
}

async function fillProposal(page: Page, t: TFunction, title: string) {
  await page.getByLabel(t('proposals.form.title')).fill(title);
  await page.getByLabel(t('proposals.form.summary')).fill('Digitala fikastunder som för äldre samman.');
  await page
    .getByLabel(t('proposals.form.description'))
    .fill('Vi kopplar ihop hemtjänstens brukare med varandra.\nRad två.');
  await page.getByLabel(t('proposals.form.requestedBudgetSek')).fill('100 000');
  await page.getByLabel(t('proposals.form.durationMonths')).fill('12');
}

test('a company proposes with a partner: draft kept over a reload, consortium, checklist, submit, decision and timeline', async ({
  page,
  t,
  language,
  request,
}) => {
  // The browser's question before a reload with unsaved changes is answered "leave"; the app's own
  // question before following a link is recorded and answered "stay".
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'beforeunload') return void dialog.accept();
    asked.push(dialog.message());
    return void dialog.dismiss();
  });
  const { lead, partner } = await partners(page, t, language);
  // The decision is taken by department@ (through the API), so the challenge is one of their department's.
  const staff = await request.post('/api/v1/auth/session', {
    headers: SAME_ORIGIN,
    data: { email: 'department@demo.testbed.se', password: 'demo-department-2026' },
  });
  expect(staff.ok()).toBe(true);
  const { departmentId } = (await (await request.get('/api/v1/auth/me')).json()) as { departmentId: string };
  const challenge = await openChallenge(request, departmentId);

  // From the challenge's page to the form; the navigation has "My proposals".
  await page.goto(`/challenges/${challenge.id}`);
  await expect(page.getByRole('navigation', { name: t('layout.mainNavigation') })).toContainText(t('nav.proposals'));
  await page.getByRole('link', { name: t('challenges.detail.proposeAction') }).click();
  await expectPage(page, t('proposals.propose.title'));
  await expect(page.getByText(t('proposals.form.keptLocally'))).toBeVisible();
  await expect(page.getByRole('radio', { name: lead.org })).toBeChecked();
  await expectAccessible(page, `propose, empty (${language})`);
  await screenshots(page, 'proposals-propose', language);

  // Checks before the API: every problem at once, next to its field, what was typed kept.
  await page.getByLabel(t('proposals.form.requestedBudgetSek')).fill(String((challenge.budgetSek ?? 0) + 1));
  await page.getByRole('button', { name: t('proposals.form.save') }).click();
  await expect(page.getByRole('alert').filter({ hasText: t('forms.errorSummary') })).toBeVisible();
  const summary = page.getByRole('alert').filter({ hasText: t('forms.errorSummary') });
  await expect(summary).toContainText(t('proposals.form.problems.titleLength'));
  await expect(summary).toContainText(t('proposals.form.problems.durationRange'));
  await expectAccessible(page, `propose, errors (${language})`);
  await screenshots(page, 'proposals-propose-errors', language);

  // Typing survives a reload before anything is saved.
  const title = `Fika för alla ${language} ${Date.now().toString(36)}`;
  await fillProposal(page, t, title);
  await expect(page.getByText(t('proposals.form.state.unsaved'))).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(t('proposals.form.title'))).toHaveValue(title);
  await expect(page.getByLabel(t('proposals.form.durationMonths'))).toHaveValue('12');
  await expect(page.getByText(t('proposals.form.discard'))).toBeVisible();
  await page.getByRole('button', { name: t('proposals.form.save') }).click();
  await expectPage(page, title);
  await expect(page.getByText(t('proposals.form.state.upToDate'))).toBeVisible();
  const proposalId = page.url().split('/').pop() ?? '';

  // Unsaved change on the saved draft, then a link: the page asks first (and stays when told to).
  await page.getByLabel(t('proposals.form.expectedEffects')).fill('Mindre ensamhet, mätt med enkät.');
  await page
    .getByRole('main')
    .getByRole('link', { name: t('proposals.page.back') })
    .click();
  expect(asked).toEqual([t('proposals.form.leaveQuestion')]);
  await expectPage(page, title);
  await page.reload();
  await expect(page.getByLabel(t('proposals.form.expectedEffects'))).toHaveValue('Mindre ensamhet, mätt med enkät.');
  await page.getByLabel(t('proposals.form.trl')).fill('6');
  await page.getByRole('button', { name: t('proposals.form.save') }).click();
  await expect(page.getByText(t('proposals.form.state.saved'))).toBeVisible();
  await expectAccessible(page, `proposal draft, saved (${language})`);
  await screenshots(page, 'proposals-draft', language);

  // Consortium: search by name, invite.
  await page.getByLabel(t('proposals.consortium.search')).fill(partner.org);
  await page.getByRole('button', { name: t('proposals.consortium.searchAction'), exact: true }).click();
  await page.getByRole('button', { name: t('proposals.consortium.inviteNamed', { name: partner.org }) }).click();
  await expect(page.getByText(t('proposals.consortium.invited', { name: partner.org }))).toBeVisible();
  await expect(page.getByRole('main')).toContainText(t('proposals.consortium.state.invited'));
  await expectAccessible(page, `proposal, partner invited (${language})`);

  // Submit too early: the dialog, then the API's checklist naming the partner that has not confirmed.
  await page.getByRole('button', { name: t('proposals.submit.action') }).click();
  await expect(page.getByRole('dialog')).toContainText(t('proposals.submit.frozen'));
  await expectAccessible(page, `submit dialog (${language})`);
  await screenshots(page, 'proposals-submit-dialog', language);
  await page
    .getByRole('dialog')
    .getByRole('button', { name: t('proposals.submit.confirm') })
    .click();
  await expect(page.getByRole('alert').filter({ hasText: t('proposals.submit.checklistTitle') })).toContainText(
    t('proposals.submit.missing.unconfirmed', { names: partner.org }),
  );
  await expectAccessible(page, `submit checklist (${language})`);
  await screenshots(page, 'proposals-checklist', language);

  // The partner's owner confirms from their own workspace.
  await signOut(page);
  await signInAs(page, t, partner.email);
  await page
    .getByRole('navigation', { name: t('layout.mainNavigation') })
    .getByRole('link', { name: t('nav.proposals') })
    .click();
  await expectPage(page, t('proposals.mine.title'));
  await expect(page.getByText(t('proposals.requests.meaning'))).toBeVisible();
  await expectAccessible(page, `my proposals, a request (${language})`);
  await screenshots(page, 'proposals-requests', language);
  await page.getByRole('button', { name: t('proposals.requests.confirm', { organization: partner.org }) }).click();
  await expect(page.getByText(t('proposals.requests.none'))).toBeVisible();

  // The lead submits: the deadline with time left, the confirmation, and the content is frozen.
  await signOut(page);
  await signInAs(page, t, lead.email);
  await page.goto(`/proposals/${proposalId}`);
  await expect(page.getByRole('main')).toContainText(t('proposals.consortium.state.confirmed'));
  await expect(page.locator('.deadline').first()).toContainText(t('proposals.deadline.label'));
  await page.getByRole('button', { name: t('proposals.submit.action') }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: t('proposals.submit.confirm') })
    .click();
  await expect(page.getByRole('main')).toContainText(t('proposals.page.frozen'));
  await expect(page.getByRole('button', { name: t('proposals.withdraw.action') })).toBeVisible();

  // The city rejects it (through the API, as department staff); My proposals shows the reason and the timeline.
  const reason = 'Lösningen passar inte utmaningens målgrupp den här gången.';
  const decided = await request.post(`/api/v1/proposals/${proposalId}/decision`, {
    headers: SAME_ORIGIN,
    data: { outcome: 'rejected', reason },
  });
  expect(decided.status(), await decided.text()).toBe(200);
  await page.goto('/proposals');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
  await expect(card).toContainText(t('proposals.status.rejected'));
  await expect(card).toContainText(reason);
  await card.getByRole('button', { name: new RegExp(t('proposals.mine.showTimeline')) }).click();
  for (const event of ['created', 'submitted', 'rejected'] as const) {
    await expect(card.getByRole('list')).toContainText(t(`proposals.history.events.${event}`));
  }
  await expect(card).toContainText(t('proposals.history.events.partner-confirmed', { name: partner.org }));
  await expectAccessible(page, `my proposals, decided (${language})`);
  await screenshots(page, 'proposals-mine', language);
  await card.getByRole('link', { name: title }).click();
  await expectPage(page, title);
  await expect(page.getByRole('main')).toContainText(reason);
  await expectAccessible(page, `proposal, decided (${language})`);
  await screenshots(page, 'proposals-decided', language);
});

test('keyboard only: write a draft, submit it, and withdraw it', async ({ page, t, language, request }) => {
  const email = uniqueEmail(`solo-${language}`);
  await registerPartner(page, t, email, 'Sara Solo');
  await signInAs(page, t, email);
  await createOrganization(page, `Solo AB ${language} ${Date.now().toString(36)}`, 'company');
  const challenge = await openChallenge(request);
  await page.goto(`/challenges/${challenge.id}/propose`);
  await expectPage(page, t('proposals.propose.title'));

  const title = `Ensam lösning ${language} ${Date.now().toString(36)}`;
  await tabTo(page, page.getByLabel(t('proposals.form.title')));
  await page.keyboard.type(title);
  await page.keyboard.press('Tab');
  await page.keyboard.type('En kort sammanfattning.');
  await page.keyboard.press('Tab');
  await page.keyboard.type('En beskrivning.');
  await tabTo(page, page.getByLabel(t('proposals.form.requestedBudgetSek')));
  await page.keyboard.type('50000');
  await page.keyboard.press('Tab');
  await page.keyboard.type('6');
  await tabTo(page, page.getByRole('button', { name: t('proposals.form.save') }));
  await page.keyboard.press('Enter');
  await expectPage(page, title);

  await tabTo(page, page.getByRole('button', { name: t('proposals.submit.action') }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await tabTo(page, page.getByRole('dialog').getByRole('button', { name: t('proposals.submit.confirm') }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toContainText(t('proposals.page.frozen'));

  await tabTo(page, page.getByRole('button', { name: t('proposals.withdraw.action') }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toContainText(t('proposals.withdraw.body'));
  await expectAccessible(page, `withdraw dialog (${language})`);
  await screenshots(page, 'proposals-withdraw-dialog', language);
  await tabTo(page, page.getByRole('dialog').getByRole('button', { name: t('proposals.withdraw.confirm') }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByText(t('proposals.status.withdrawn')).first()).toBeVisible();
  await expect(page.getByRole('button', { name: t('proposals.withdraw.action') })).toHaveCount(0);
  await expect(page.getByRole('main')).toContainText(t('proposals.history.events.withdrawn'));
  await expectAccessible(page, `proposal, withdrawn (${language})`);
  await screenshots(page, 'proposals-withdrawn', language);
});
