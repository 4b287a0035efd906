import type { APIRequestContext, Browser, Locator, Page, Response } from '@playwright/test';
import type { TFunction } from 'i18next';
import { BASE_URL } from '../support/environment';
import { expect, expectAccessible, expectPage, screenshots, test } from '../support/fixtures';
import type { Language } from '../support/fixtures';
import { signIn, tabTo } from '../support/journeys';

const HEADERS = { origin: BASE_URL };
test.use({ actionTimeout: 15_000 });

/** React Aria keeps a checkbox's or radio's native input visually hidden: click its label, as a person does. */
function choose(input: Locator): Promise<void> {
  return input.locator('xpath=ancestor::label[1]').click();
}
const PASSWORDS: Record<string, string> = {
  'department@demo.testbed.se': 'demo-department-2026',
  'evaluator@demo.testbed.se': 'demo-evaluator-2026',
  'evaluator2@demo.testbed.se': 'demo-evaluator2-2026',
  'evaluator3@demo.testbed.se': 'demo-evaluator3-2026',
  'partner@demo.testbed.se': 'demo-partner-2026',
};

/** `datetime-local` value `days` from now (the browser's zone). */
function localInput(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T12:00`;
}

/** A second person in their own browser context, signed in through the sign-in page. */
async function personPage(browser: Browser, language: Language, t: TFunction, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  const page = await context.newPage();
  await page.addInitScript((lang: string) => localStorage.setItem('testbed.language', lang), language);
  await page.goto('/sign-in');
  await signIn(page, t, email, PASSWORDS[email]);
  await expectPage(page, t('home.title'));
  return page;
}

/** Signed in through the API only (for what another workspace's screens do). */
async function apiSession(browser: Browser, email: string): Promise<APIRequestContext> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  const response = await context.request.post('/api/v1/auth/session', {
    headers: HEADERS,
    data: { email, password: PASSWORDS[email] },
  });
  expect(response.status()).toBeLessThan(300);
  return context.request;
}

async function ok<T>(response: Promise<{ status(): number; json(): Promise<unknown>; text(): Promise<string> }>) {
  const r = await response;
  if (r.status() >= 300) throw new Error(`${r.status()} ${await r.text()}`);
  return (await r.json()) as T;
}

test('staff publish a challenge, evaluators review it blind, staff rank and accept it', async ({
  page,
  t,
  language,
  browser,
}) => {
  test.setTimeout(360_000);
  const stamp = `${language}-${Date.now().toString(36)}`;
  const title = `Trygg hemgång ${stamp}`;

  // Department staff: their challenges, then a new one.
  await page.goto('/sign-in');
  await signIn(page, t, 'department@demo.testbed.se', PASSWORDS['department@demo.testbed.se']);
  await expectPage(page, t('home.title'));
  await page
    .getByRole('navigation')
    .getByRole('link', { name: t('nav.department') })
    .click();
  await expectPage(page, t('department.list.title'));
  await expectAccessible(page, `department challenges (${language})`);
  await screenshots(page, 'city-department-challenges', language);
  await page.getByRole('link', { name: t('department.list.create') }).click();
  await expectPage(page, t('department.editor.createTitle'));

  // Nothing filled in: the errors next to their fields, in the summary.
  await page.getByRole('button', { name: t('department.editor.create') }).click();
  await expect(page.getByRole('alert').filter({ hasText: t('department.editor.errors.title') })).toBeVisible();
  await expectAccessible(page, `challenge form with errors (${language})`);

  await page.getByLabel(t('department.editor.fields.title'), { exact: true }).fill(title);
  await page
    .getByLabel(t('department.editor.fields.summary'), { exact: true })
    .fill('Stöd när äldre kommer hem från sjukhuset.');
  await page
    .getByLabel(t('department.editor.fields.description'), { exact: true })
    .fill('Hur kan första veckan hemma bli trygg?');
  await page.getByLabel(t('department.editor.fields.expectedEffects'), { exact: true }).fill('Färre återinläggningar.');
  await page.getByRole('button', { name: new RegExp(t('department.editor.fields.welfareArea')) }).click();
  await page.getByRole('option').nth(1).click();
  await page.getByLabel(t('department.editor.fields.submissionDeadline'), { exact: true }).fill(localInput(30));
  await page.getByLabel(t('department.editor.fields.testbedSite'), { exact: true }).fill('Oceanhamnen');
  await page.getByLabel(t('department.editor.fields.tags'), { exact: true }).fill('äldre, trygghet');
  await choose(page.getByRole('checkbox', { name: t('sdg.3') }));
  await page.getByLabel(t('department.criteria.name'), { exact: true }).first().fill('Effekt för invånaren');
  await page.getByLabel(t('department.criteria.weight'), { exact: true }).first().fill('60');
  await page.getByRole('button', { name: t('department.criteria.add') }).click();
  await page.getByLabel(t('department.criteria.name'), { exact: true }).nth(1).fill('Genomförbarhet');
  await page.getByLabel(t('department.criteria.weight'), { exact: true }).nth(1).fill('30');
  // The running sum, in a polite live region.
  const sum = page.locator('#weight-sum');
  await expect(sum).toHaveText(t('department.criteria.sumUnder', { sum: 90, left: 10 }));
  await expect(sum).toHaveAttribute('aria-live', 'polite');
  await page.getByRole('button', { name: t('department.editor.create') }).click();
  await expectPage(page, title);
  await expectAccessible(page, `challenge draft (${language})`);
  await screenshots(page, 'city-challenge-draft', language);
  const challengeId = /\/department\/challenges\/([0-9a-f-]{36})/.exec(page.url())![1];

  // Publishing at a weight sum of 90: refused by the API, the reason in words next to the criteria.
  await page.getByRole('button', { name: t('department.editor.publish.action') }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: t('department.editor.publish.confirmTitle') })).toBeVisible();
  await expectAccessible(page, `publish dialog (${language})`);
  await dialog.getByRole('button', { name: t('department.editor.publish.confirm') }).click();
  const refusal = t('department.criteria.issue.sum', { sum: 90 });
  await expect(page.getByRole('alert').filter({ hasText: refusal })).toBeVisible();
  await expect(page.locator('#criteria-error')).toHaveText(refusal);
  await expectAccessible(page, `publish refused (${language})`);
  await screenshots(page, 'city-publish-refused', language);

  // 100: published; the fixed terms are read-only with the reason.
  await page.getByLabel(t('department.criteria.weight'), { exact: true }).nth(1).fill('40');
  await expect(sum).toHaveText(t('department.criteria.sumOk', { sum: 100 }));
  await page.getByRole('button', { name: t('department.editor.publish.action') }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: t('department.editor.publish.confirm') })
    .click();
  await expect(page.getByRole('status').filter({ hasText: t('department.editor.done.publish') })).toBeVisible();
  await expect(page.getByText(t('department.editor.readOnly.fixed')).first()).toBeVisible();
  await expect(page.getByRole('button', { name: t('department.editor.close.action') })).toBeVisible();
  await expectAccessible(page, `challenge published (${language})`);
  await screenshots(page, 'city-challenge-published', language);

  // The public page links back to the workspace for its department's staff.
  await page.goto(`/challenges/${challengeId}`);
  await expect(page.getByRole('link', { name: t('department.common.manage') })).toBeVisible();

  // A partner submits through the API; evaluator3 is a member of the lead organisation.
  const partner = await apiSession(browser, 'partner@demo.testbed.se');
  const organization = await ok<{ id: string; name: string }>(
    partner.post('/api/v1/organizations', {
      headers: HEADERS,
      data: { name: `Grannar för trygg hemgång ${stamp}`, kind: 'resident' },
    }),
  );
  const proposal = await ok<{ id: string }>(
    partner.post(`/api/v1/challenges/${challengeId}/proposals`, {
      headers: HEADERS,
      data: {
        leadOrganizationId: organization.id,
        title: `Välkommen hem ${stamp}`,
        summary: 'Ett besök och ett samtal varje dag första veckan.',
        description: 'Vi ringer och besöker.',
        requestedBudgetSek: 300000,
        durationMonths: 6,
        trl: 5,
      },
    }),
  );
  await ok(partner.post(`/api/v1/proposals/${proposal.id}/submit`, { headers: HEADERS }));
  await ok(
    partner.post(`/api/v1/organizations/${organization.id}/members`, {
      headers: HEADERS,
      data: { email: 'evaluator3@demo.testbed.se', role: 'member' },
    }),
  );
  const evaluator3 = await apiSession(browser, 'evaluator3@demo.testbed.se');
  const invitations = await ok<{ items: { id: string; organization: { id: string } }[] }>(
    evaluator3.get('/api/v1/invitations'),
  );
  const invitation = invitations.items.find((i) => i.organization.id === organization.id)!;
  await ok(evaluator3.post(`/api/v1/invitations/${invitation.id}/accept`, { headers: HEADERS }));

  // Staff: the challenge's proposals with consortium and progress, filtered by state.
  await page.goto(`/department/challenges/${challengeId}/proposals`);
  await expectPage(page, t('department.proposals.title'));
  const row = page.getByRole('row').filter({ hasText: `Välkommen hem ${stamp}` });
  await expect(row).toContainText(organization.name);
  await expect(row).toContainText(t('department.proposals.reviews', { submitted: 0, count: 0 }));
  await page.getByRole('button', { name: new RegExp(t('department.proposals.filter')) }).click();
  await page.getByRole('option', { name: t('department.proposalState.accepted') }).click();
  await expect(page.getByRole('row').filter({ hasText: `Välkommen hem ${stamp}` })).toHaveCount(0);
  await page.getByRole('button', { name: new RegExp(t('department.proposals.filter')) }).click();
  await page.getByRole('option', { name: t('department.proposals.anyState') }).click();
  await expectAccessible(page, `proposals of a challenge (${language})`);
  await screenshots(page, 'city-proposals', language);
  await row.getByRole('link').click();
  await expectPage(page, `Välkommen hem ${stamp}`);

  // Assign: evaluator3 is refused for the conflict, explained; Elsa and Erik are assigned.
  const combo = page.getByRole('combobox', { name: t('department.assign.evaluator') });
  const assign = async (name: string) => {
    await combo.fill(name.split(' ')[0]);
    await page.getByRole('option', { name }).click();
    await page.getByLabel(t('department.assign.dueAt')).fill(localInput(14));
    await page.getByRole('button', { name: t('department.assign.action') }).click();
  };
  await assign('Fatima Prövare');
  const conflict = t('department.assign.conflict.lead', { name: 'Fatima Prövare', organization: organization.name });
  await expect(page.getByRole('alert').filter({ hasText: conflict })).toBeVisible();
  await expectAccessible(page, `assignment refused for conflict (${language})`);
  await screenshots(page, 'city-assign-conflict', language);
  await assign('Elsa Bedömare');
  await expect(
    page.getByRole('status').filter({ hasText: t('department.assign.done', { name: 'Elsa Bedömare' }) }),
  ).toBeVisible();
  await assign('Erik Granskare');
  await expect(
    page.getByRole('status').filter({ hasText: t('department.assign.done', { name: 'Erik Granskare' }) }),
  ).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Erik Granskare' })).toContainText(
    t('department.assign.status.assigned'),
  );
  await expectAccessible(page, `proposal with evaluators (${language})`);
  await screenshots(page, 'city-proposal-staff', language);

  // Each evaluator: declare, draft, reload, submit; Erik's by keyboard only.
  const identifying = [organization.name, 'Per Partner', 'partner@demo.testbed.se', organization.id];
  await review(browser, language, t, 'evaluator@demo.testbed.se', `Välkommen hem ${stamp}`, [5, 5], identifying, false);
  await review(browser, language, t, 'evaluator2@demo.testbed.se', `Välkommen hem ${stamp}`, [1, 1], identifying, true);

  // Staff: the ranking flags the disagreement (100 against 20), sortable; then accept.
  await page.goto(`/department/challenges/${challengeId}/ranking`);
  await expectPage(page, t('department.ranking.title'));
  const ranked = page.getByRole('row').filter({ hasText: `Välkommen hem ${stamp}` });
  await expect(ranked).toContainText(t('department.ranking.disagreement'));
  await expect(ranked).toContainText(t('department.ranking.disagreementReason', { spread: '80' }));
  await expect(ranked).toContainText('Elsa Bedömare: 100');
  await page.getByRole('button', { name: t('department.ranking.columns.spread') }).click();
  await expect(page.getByRole('columnheader', { name: t('department.ranking.columns.spread') })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await page.getByText(t('department.ranking.helpTitle')).click();
  await expectAccessible(page, `ranking (${language})`);
  await screenshots(page, 'city-ranking', language);

  await ranked.getByRole('link').click();
  await expectPage(page, `Välkommen hem ${stamp}`);
  await expect(
    page.getByRole('heading', { name: t('department.reviews.by', { name: 'Elsa Bedömare' }) }),
  ).toBeVisible();
  await page.getByLabel(t('department.decision.reason')).fill('Tydlig nytta och en rimlig plan.');
  await page.getByRole('button', { name: t('department.decision.accept'), exact: true }).click();
  await expect(page.getByRole('dialog')).toContainText(organization.name);
  await expectAccessible(page, `accept dialog (${language})`);
  await page
    .getByRole('dialog')
    .getByRole('button', { name: t('department.decision.acceptConfirm') })
    .click();
  const pilotLink = page.getByRole('link', { name: t('department.decision.pilotLink') });
  await expect(pilotLink).toBeVisible();
  await expectAccessible(page, `proposal accepted (${language})`);
  await screenshots(page, 'city-proposal-accepted', language);
  const pilotId = /\/pilots\/([0-9a-f-]{36})/.exec((await pilotLink.getAttribute('href')) ?? '')![1];
  const pilot = await ok<{ id: string; stage: string }>(page.request.get(`/api/v1/pilots/${pilotId}`));
  expect(pilot.id).toBe(pilotId);
});

/**
 * One evaluator's whole part. Blind: nothing identifying the proposer in the page's text nor in
 * any API response the page received. `keyboard`: the declaration and the draft by keyboard only.
 */
async function review(
  browser: Browser,
  language: Language,
  t: TFunction,
  email: string,
  proposalTitle: string,
  scores: number[],
  identifying: string[],
  keyboard: boolean,
) {
  const page = await personPage(browser, language, t, email);
  const bodies: string[] = [];
  page.on('response', (response: Response) => {
    if (response.url().includes('/api/'))
      void response.text().then(
        (text) => bodies.push(text),
        () => undefined,
      );
  });
  const who = email.split('@')[0];
  await page
    .getByRole('navigation')
    .getByRole('link', { name: t('nav.evaluation') })
    .click();
  await expectPage(page, t('evaluation.list.title'));
  await expectAccessible(page, `assignments (${language}, ${who})`);
  await screenshots(page, `city-assignments-${who}`, language);
  await page.getByRole('link', { name: proposalTitle }).click();
  await expectPage(page, proposalTitle);
  await expectAccessible(page, `declaration (${language}, ${who})`);
  await screenshots(page, `city-declaration-${who}`, language);

  const declare = page.getByRole('button', { name: t('evaluation.declare.action') });
  if (keyboard) {
    // The group's answer chosen from the keyboard: focus on the answer, Space chooses it.
    const no = page.getByRole('radio', { name: t('evaluation.declare.no') });
    await no.focus();
    await page.keyboard.press('Space');
    await expect(no).toBeChecked();
    await tabTo(page, declare);
    await page.keyboard.press('Enter');
  } else {
    // Sending without an answer first: the error next to the question.
    await declare.click();
    await expect(page.getByRole('alert').filter({ hasText: t('evaluation.declare.errors.answer') })).toBeVisible();
    await expectAccessible(page, `declaration with error (${language})`);
    await choose(page.getByRole('radio', { name: t('evaluation.declare.yes') }));
    await expect(page.getByText(t('evaluation.declare.consequence'))).toBeVisible();
    await choose(page.getByRole('radio', { name: t('evaluation.declare.no') }));
    await declare.click();
  }
  await expect(page.getByRole('heading', { name: t('evaluation.review.title') })).toBeVisible();
  await expect(page.getByText(t('evaluation.proposal.blind'))).toBeVisible();

  // Score the first criterion, comment, save the draft, reload: all still there.
  const groups = page.getByRole('radiogroup');
  const first = groups.nth(0);
  if (keyboard) {
    // The score chosen from the keyboard: focus on it, Space chooses it.
    const score = first.getByRole('radio', { name: new RegExp(`^${scores[0]} `) });
    await score.focus();
    await page.keyboard.press('Space');
    await expect(score).toBeChecked();
    await tabTo(page, page.getByRole('button', { name: t('evaluation.review.saveDraft') }));
    await page.keyboard.press('Enter');
  } else {
    await choose(first.getByRole('radio', { name: new RegExp(`^${scores[0]} `) }));
    await page.getByLabel(t('evaluation.review.criterionComment', { name: 'Effekt för invånaren' })).fill('Stark idé.');
    await page.getByRole('button', { name: t('evaluation.review.saveDraft') }).click();
  }
  await expect(
    page.getByRole('status').filter({ hasText: t('evaluation.review.savedAt', { time: '' }).slice(0, 12) }),
  ).toBeVisible();
  await page.reload();
  await expect(groups.nth(0).getByRole('radio', { name: new RegExp(`^${scores[0]} `) })).toBeChecked();
  if (!keyboard) {
    await expect(
      page.getByLabel(t('evaluation.review.criterionComment', { name: 'Effekt för invånaren' })),
    ).toHaveValue('Stark idé.');
  }
  if (!keyboard) {
    // Submitting with the second criterion unscored: the dialog says what is missing, and behind
    // it the summary names the criterion and the recommendation, each link landing on its group's
    // first option.
    await page.getByRole('button', { name: t('evaluation.review.submit') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: t('evaluation.review.submitConfirm') }).click();
    await expect(dialog.getByText(t('evaluation.review.errors.incomplete'))).toBeVisible();
    await dialog.getByRole('button', { name: t('actions.cancel') }).click();
    const summary = page.locator('.error-summary');
    await expect(summary).toBeVisible();
    await summary.getByRole('link').first().click();
    await expect(groups.nth(1).getByRole('radio').first()).toBeFocused();
    await summary.getByRole('link', { name: t('evaluation.review.errors.recommendation') }).click();
    await expect(page.getByRole('radio', { name: t('evaluation.review.recommendations.yes') })).toBeFocused();
  }
  await choose(groups.nth(1).getByRole('radio', { name: new RegExp(`^${scores[1]} `) }));
  const recommendation = scores[0] >= 4 ? 'yes' : 'no';
  await choose(page.getByRole('radio', { name: t(`evaluation.review.recommendations.${recommendation}`) }));
  // Answered questions lose their errors at once, in the field and in the summary.
  await expect(page.locator('.error-summary')).toHaveCount(0);
  await expect(page.getByText(t('evaluation.review.errors.recommendation'))).toHaveCount(0);
  const total = (100 * (60 * scores[0] + 40 * scores[1])) / 500;
  await expect(page.locator('.running-total')).toHaveText(t('evaluation.review.total', { total: String(total) }));
  await expectAccessible(page, `review form (${language}, ${who})`);
  await screenshots(page, `city-review-${who}`, language);

  await page.getByRole('button', { name: t('evaluation.review.submit') }).click();
  await expectAccessible(page, `submit dialog (${language}, ${who})`);
  await page
    .getByRole('dialog')
    .getByRole('button', { name: t('evaluation.review.submitConfirm') })
    .click();
  await expect(page.getByRole('heading', { name: t('evaluation.review.ownTitle') })).toBeVisible();
  await expect(page.getByRole('heading', { name: t('evaluation.others.title') })).toBeVisible();
  if (keyboard) await expect(page.getByRole('heading', { name: t('evaluation.others.label', { n: 1 }) })).toBeVisible();
  await expectAccessible(page, `review submitted (${language}, ${who})`);
  await screenshots(page, `city-review-submitted-${who}`, language);

  // The blind check: the whole text of the page and every API answer it received.
  const text = await page.locator('body').innerText();
  for (const value of identifying) {
    expect(text, `page text names ${value}`).not.toContain(value);
    for (const body of bodies) expect(body, `an API response names ${value}`).not.toContain(value);
  }
  await page.context().close();
}
