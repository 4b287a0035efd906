import { request } from '@playwright/test';
import type { APIRequestContext, Browser, BrowserContext, Locator, Page } from '@playwright/test';
import type { TFunction } from 'i18next';
import { BASE_URL } from '../support/environment';
import { expect, expectAccessible, expectPage, screenshots, test } from '../support/fixtures';
import type { Language } from '../support/fixtures';
import { signIn, tabTo } from '../support/journeys';

/**
 * Pilot work (issues 17 and 19): a pilot goes through every gate on one page whose actions
 * depend on who looks. Each pilot is made the way the product makes one, through the API: a
 * published challenge, a proposal led by a fresh organisation of the demo partner, reviewed and
 * accepted, so that the Swedish and the English run each have their own.
 */
const DEMO = {
  department: ['department@demo.testbed.se', 'demo-department-2026'],
  director: ['director@demo.testbed.se', 'demo-director-2026'],
  partner: ['partner@demo.testbed.se', 'demo-partner-2026'],
  evaluator: ['evaluator@demo.testbed.se', 'demo-evaluator-2026'],
} as const;
type Who = keyof typeof DEMO;
type Gate = 'time' | 'money' | 'scale' | 'implement';
type Outcome = 'go' | 'hold' | 'stop';

const RATIONALE = 'The evidence so far supports this decision.';

async function apiAs(who: Who): Promise<APIRequestContext> {
  const [email, password] = DEMO[who];
  const anonymous = await request.newContext({ baseURL: BASE_URL });
  const login = await anonymous.post('/api/v1/auth/login', { data: { email, password } });
  expect(login.status(), `login ${who}`).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  await anonymous.dispose();
  return request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${accessToken}` } });
}

async function ok<T = Record<string, unknown>>(response: Promise<import('@playwright/test').APIResponse>): Promise<T> {
  const answer = await response;
  expect(answer.ok(), `${answer.url()}: ${answer.status()} ${await answer.text()}`).toBe(true);
  return (await answer.json()) as T;
}

/** A fresh pilot in explore_idea whose lead organisation the demo partner owns. */
async function makePilot(title: string): Promise<{ id: string }> {
  const [staff, partner, evaluator] = await Promise.all([apiAs('department'), apiAs('partner'), apiAs('evaluator')]);
  try {
    const challenge = await ok<{ id: string; criteria: { id: string }[] }>(
      staff.post('/api/v1/challenges', {
        data: {
          title: `Utmaning för ${title}`,
          summary: 'Hur kan vi minska ensamheten bland äldre som bor hemma?',
          description: 'Äldreomsorgen söker lösningar som minskar ofrivillig ensamhet.',
          welfareArea: 'healthcare',
          submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          budgetSek: 800_000,
          criteria: [
            { name: 'Effekt', description: 'Effect for residents', weight: 60 },
            { name: 'Genomförbarhet', description: 'Feasibility', weight: 40 },
          ],
        },
      }),
    );
    await ok(staff.post(`/api/v1/challenges/${challenge.id}/publish`));
    const organization = await ok<{ id: string }>(
      partner.post('/api/v1/organizations', {
        data: { name: `Pilotlag ${Math.random().toString(36).slice(2, 8)}`, kind: 'resident' },
      }),
    );
    const proposal = await ok<{ id: string }>(
      partner.post(`/api/v1/challenges/${challenge.id}/proposals`, {
        data: {
          leadOrganizationId: organization.id,
          title,
          summary: 'Video meetings and local cafés that bring older residents together.',
          description: 'Vi kopplar ihop hemtjänstens brukare med frivilliga och med varandra.',
          expectedEffects: 'Less loneliness.',
          requestedBudgetSek: 500_000,
          durationMonths: 12,
          trl: 6,
        },
      }),
    );
    await ok(partner.post(`/api/v1/proposals/${proposal.id}/submit`));
    const me = await ok<{ id: string }>(evaluator.get('/api/v1/auth/me'));
    const assignment = await ok<{ id: string }>(
      staff.post(`/api/v1/proposals/${proposal.id}/assignments`, { data: { evaluatorId: me.id } }),
    );
    await ok(evaluator.post(`/api/v1/assignments/${assignment.id}/declaration`, { data: { conflict: false } }));
    await ok(
      evaluator.put(`/api/v1/assignments/${assignment.id}/review`, {
        data: {
          scores: challenge.criteria.map((criterion) => ({ criterionId: criterion.id, score: 4 })),
          recommendation: 'yes',
          submit: true,
        },
      }),
    );
    const decision = await ok<{ pilotId: string }>(
      staff.post(`/api/v1/proposals/${proposal.id}/decision`, {
        data: { outcome: 'accepted', reason: 'A promising proposal for the testbed.' },
      }),
    );
    return { id: decision.pilotId };
  } finally {
    await Promise.all([staff.dispose(), partner.dispose(), evaluator.dispose()]);
  }
}

/** Switches the browser's session to another demo account (the cookie is set by the API, as the form does). */
async function becomeUser(page: Page, who: Who): Promise<void> {
  const [email, password] = DEMO[who];
  await page.request.delete('/api/v1/auth/session', { headers: { origin: BASE_URL } });
  const response = await page.request.post('/api/v1/auth/session', {
    headers: { origin: BASE_URL },
    data: { email, password },
  });
  expect(response.status()).toBe(200);
}

/** A second browser, signed in, in the project's language. */
async function browserAs(browser: Browser, language: Language, who: Who): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  await context.addInitScript((lang: string) => {
    if (!localStorage.getItem('testbed.language')) localStorage.setItem('testbed.language', lang);
  }, language);
  const [email, password] = DEMO[who];
  const response = await context.request.post('/api/v1/auth/session', {
    headers: { origin: BASE_URL },
    data: { email, password },
  });
  expect(response.status()).toBe(200);
  return context;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A radio by the start of its name (its description follows in the same label). */
const radio = (scope: Page | Locator, label: string): Locator =>
  scope.getByRole('radio', { name: new RegExp(`^${escape(label)}`) });

/** Chooses a radio with the mouse: a click on its label (the input itself is visually hidden). */
async function choose(scope: Page | Locator, label: string): Promise<void> {
  await scope
    .locator('label.radio')
    .filter({ hasText: new RegExp(`^${escape(label)}`) })
    .click();
  await expect(radio(scope, label)).toBeChecked();
}

/** A React Aria select's button: its name is the value, then the label (case matters: "All stages" is not "Stage"). */
const selectButton = (page: Page, label: string) =>
  page.getByRole('main').getByRole('button', { name: new RegExp(escape(label)) });

const gateTitle = (t: TFunction, gate: Gate) => t(`pilotWork.gateTitles.${gate}`);
const openGate = (t: TFunction, gate: Gate) => t('pilotWork.gate.open', { gate: t(`pilotWork.gates.${gate}`) });

/** Opens the gate's dialog, decides `outcome` with the rationale (and budget), and waits for the answer. */
async function decide(page: Page, t: TFunction, gate: Gate, outcome: Outcome, budget?: string): Promise<Locator> {
  await page.getByRole('button', { name: openGate(t, gate) }).click();
  const dialog = page.getByRole('dialog', { name: gateTitle(t, gate) });
  await expect(dialog).toBeVisible();
  await choose(dialog, t(`pilotWork.outcomes.${outcome}`));
  if (budget !== undefined) await dialog.getByLabel(t('pilotWork.gate.budget')).fill(budget);
  await dialog.getByLabel(t('pilotWork.gate.rationale')).fill(RATIONALE);
  await dialog.getByRole('button', { name: t('pilotWork.gate.submit') }).click();
  return dialog;
}

const stageLine = (page: Page, t: TFunction, stage: 'explore_idea' | 'explore_setup' | 'develop_pilot' | 'scale') =>
  expect(page.getByRole('region', { name: t('pilotWork.page.stageTitle') })).toContainText(t(`pilots.stages.${stage}`));

test('through every gate: the department takes time, the director money (refused without goals), the lead measures, the director scales and implements', async ({
  page,
  t,
  language,
}) => {
  test.setTimeout(300_000);
  const title = `Fikavänner på distans ${language} ${Date.now().toString(36)}`;
  const pilot = await makePilot(title);

  // ── Department staff: the list, the pilot page, the time decision by keyboard only ──
  await page.goto('/sign-in?returnTo=/workspace/pilots');
  await signIn(page, t, ...DEMO.department);
  await expectPage(page, t('pilotWork.list.title'));
  await expect(selectButton(page, t('pilotWork.list.department'))).toBeVisible();
  await expectAccessible(page, `pilot list, department (${language})`);
  await screenshots(page, 'pilot-list', language);

  // Filter by stage: the new pilot is in Explore the idea, not in Scale.
  await selectButton(page, t('pilotWork.list.stage')).click();
  await page.getByRole('option', { name: t('pilots.stages.scale') }).click();
  await expect(page).toHaveURL(/stage=scale/);
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  await selectButton(page, t('pilotWork.list.stage')).click();
  await page.getByRole('option', { name: t('pilots.stages.explore_idea') }).click();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expectAccessible(page, `pilot list filtered (${language})`);

  // Keyboard only from here to the recorded decision.
  const link = page.getByRole('link', { name: title });
  await tabTo(page, link, 120);
  await page.keyboard.press('Enter');
  await expectPage(page, title);
  await expect(page).toHaveURL(`/workspace/pilots/${pilot.id}`);
  await stageLine(page, t, 'explore_idea');
  const today = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'long' }).format(
    new Date(),
  );
  await expect(page.getByRole('region', { name: t('pilotWork.page.stageTitle') })).toContainText(
    t('pilotWork.page.inStage', { stage: t('pilots.stages.explore_idea'), date: today, count: 0 }),
  );
  await expect(page.getByRole('region', { name: t('pilotWork.history.title') })).toContainText(
    t('pilotWork.history.created'),
  );
  await expectAccessible(page, `pilot page, explore_idea, department (${language})`);
  await screenshots(page, 'pilot-page', language);

  const openTime = page.getByRole('button', { name: openGate(t, 'time') });
  await tabTo(page, openTime, 120);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: gateTitle(t, 'time') });
  await expect(dialog).toBeVisible();
  // Nothing chosen: the summary takes focus and names what is missing.
  await tabTo(page, dialog.getByRole('button', { name: t('pilotWork.gate.submit') }));
  await page.keyboard.press('Enter');
  const summary = dialog.getByRole('alert').filter({ hasText: t('forms.errorSummary') });
  await expect(summary).toBeFocused();
  await expect(summary).toContainText(t('pilotWork.gate.errors.outcome'));
  await expect(summary).toContainText(t('pilotWork.gate.errors.rationaleShort'));
  await expectAccessible(page, `gate dialog with errors (${language})`);
  await screenshots(page, 'pilot-gate-dialog-errors', language);
  await tabTo(page, radio(dialog, t('pilotWork.outcomes.go')));
  await page.keyboard.press('Space');
  await expect(radio(dialog, t('pilotWork.outcomes.go'))).toBeChecked();
  await tabTo(page, dialog.getByLabel(t('pilotWork.gate.rationale')));
  await page.keyboard.type(RATIONALE);
  await tabTo(page, dialog.getByRole('button', { name: t('pilotWork.gate.submit') }));
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('status').filter({
      hasText: t('pilotWork.notice.decided', {
        gate: t('pilotWork.gates.time'),
        outcome: t('pilotWork.outcomes.go'),
      }),
    }),
  ).toBeVisible();
  await stageLine(page, t, 'explore_setup');
  await expect(page.getByRole('region', { name: t('pilotWork.history.title') })).toContainText(RATIONALE);
  // The money decision is not the department's: no button, and who takes it is said.
  await expect(page.getByRole('button', { name: openGate(t, 'money') })).toHaveCount(0);
  await expect(page.getByText(t('pilotWork.page.whoDirector'))).toBeVisible();
  await expectAccessible(page, `pilot page after the time decision (${language})`);

  // ── Director: money without effect goals is refused and explained; goals; money granted ──
  await becomeUser(page, 'director');
  await page.reload();
  await expectPage(page, title);
  const gateRegion = page.getByRole('region', { name: t('pilotWork.page.gateTitle') });
  await expect(gateRegion).toContainText(`${t('pilotWork.pre.missing')}: ${t('pilotWork.pre.goals')}`);
  const moneyDialog = await decide(page, t, 'money', 'go', '500 000');
  const refusal = t('pilotWork.gate.errors.noGoals', { gate: t('pilotWork.gates.money') });
  await expect(moneyDialog.getByRole('alert').filter({ hasText: t('forms.errorSummary') })).toContainText(refusal);
  await expect(moneyDialog.getByLabel(t('pilotWork.gate.rationale'))).toHaveValue(RATIONALE);
  await expectAccessible(page, `money go refused without effect goals (${language})`);
  await screenshots(page, 'pilot-money-refused', language);
  await moneyDialog.getByRole('button', { name: t('actions.cancel') }).click();
  await expect(moneyDialog).toBeHidden();
  await expect(page.getByRole('button', { name: openGate(t, 'money') })).toBeFocused();

  // An effect goal: a target on the wrong side of the baseline is refused next to the field.
  const goalForm = page.getByRole('form', { name: t('pilotWork.goalForm.title') });
  await goalForm.getByLabel(t('pilotWork.goalForm.name')).fill('Besök per vecka');
  await goalForm.getByLabel(t('pilotWork.goalForm.unit')).fill('antal');
  await choose(goalForm, t('pilotWork.goalForm.increase'));
  await goalForm.getByLabel(t('pilotWork.goalForm.baseline')).fill('10');
  await goalForm.getByLabel(t('pilotWork.goalForm.target')).fill('5');
  await goalForm.getByRole('button', { name: t('pilotWork.goalForm.submit') }).click();
  await expect(goalForm.getByLabel(t('pilotWork.goalForm.target'))).toHaveAccessibleDescription(
    new RegExp(escape(t('pilotWork.goalForm.problem.notAbove'))),
  );
  await expect(goalForm.getByLabel(t('pilotWork.goalForm.name'))).toHaveValue('Besök per vecka');
  await expectAccessible(page, `effect goal form with errors (${language})`);
  await goalForm.getByLabel(t('pilotWork.goalForm.target')).fill('20');
  await goalForm.getByRole('button', { name: t('pilotWork.goalForm.submit') }).click();
  await expect(
    page.getByRole('status').filter({ hasText: t('pilotWork.notice.goalAdded', { name: 'Besök per vecka' }) }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Besök per vecka' })).toBeVisible();
  await expect(gateRegion).toContainText(`${t('pilotWork.pre.met')}: ${t('pilotWork.pre.goals')}`);
  await expectAccessible(page, `pilot page with an unmeasured goal (${language})`);

  await decide(page, t, 'money', 'go', '500 000');
  await expect(page.getByRole('dialog')).toBeHidden();
  await stageLine(page, t, 'develop_pilot');
  const sek = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'sv-SE', {
    style: 'currency',
    currency: 'SEK',
    maximumFractionDigits: 0,
  }).format(500_000);
  await expect(page.getByRole('region', { name: t('pilotWork.history.title') })).toContainText(
    t('pilotWork.history.budget', { amount: sek }),
  );
  // Scale needs a measurement of every goal: shown before anyone tries.
  await expect(gateRegion).toContainText(t('pilotWork.pre.measuredMissing', { goals: 'Besök per vecka' }));

  // ── The lead partner: sees the pilot, takes no decision, records a measurement ──
  await becomeUser(page, 'partner');
  await page.goto('/workspace/pilots');
  await expectPage(page, t('pilotWork.list.title'));
  await expect(selectButton(page, t('pilotWork.list.department'))).toHaveCount(0);
  await expectAccessible(page, `pilot list, lead partner (${language})`);
  await screenshots(page, 'pilot-list-partner', language);
  await page.getByRole('link', { name: title }).click();
  await expectPage(page, title);
  await expect(page.getByRole('button', { name: openGate(t, 'scale') })).toHaveCount(0);
  await expect(page.getByRole('form', { name: t('pilotWork.goalForm.title') })).toHaveCount(0);
  const measureForm = page.getByRole('form', { name: t('pilotWork.measureForm.title') });
  await measureForm.getByLabel(t('pilotWork.measureForm.valueIn', { unit: 'antal' })).fill('tolv');
  await measureForm.getByRole('button', { name: t('pilotWork.measureForm.submit') }).click();
  await expect(
    measureForm.getByLabel(t('pilotWork.measureForm.valueIn', { unit: 'antal' })),
  ).toHaveAccessibleDescription(new RegExp(escape(t('pilotWork.errors.figure'))));
  await expectAccessible(page, `measurement form with errors (${language})`);
  await measureForm.getByLabel(t('pilotWork.measureForm.valueIn', { unit: 'antal' })).fill('14');
  await measureForm.getByLabel(t('pilotWork.measureForm.note')).fill('Första mätningen efter start');
  await measureForm.getByRole('button', { name: t('pilotWork.measureForm.submit') }).click();
  await expect(
    page.getByRole('status').filter({ hasText: t('pilotWork.notice.measured', { name: 'Besök per vecka' }) }),
  ).toBeVisible();
  const figure = page.getByRole('figure', { name: new RegExp(`^${escape('Besök per vecka')}`) });
  await expect(figure.locator('circle.chart-point')).toHaveCount(1);
  await expect(figure.getByRole('img')).toBeVisible();
  const table = figure.getByRole('table', { name: t('pilotWork.chart.tableCaption', { name: 'Besök per vecka' }) });
  await expect(table.getByRole('row').filter({ hasText: 'Första mätningen efter start' })).toContainText('14');
  await expect(figure).toContainText(t('pilotWork.chart.target', { value: '20 antal' }));
  await expect(figure).toContainText(t('pilotWork.chart.baseline', { value: '10 antal' }));
  await expectAccessible(page, `pilot page with a measured goal, lead partner (${language})`);
  await screenshots(page, 'pilot-page-measured', language);

  // ── Director: scale, then implement ──
  await becomeUser(page, 'director');
  await page.reload();
  await expectPage(page, title);
  await expect(gateRegion).toContainText(`${t('pilotWork.pre.met')}: ${t('pilotWork.pre.measured')}`);
  await decide(page, t, 'scale', 'go');
  await expect(page.getByRole('dialog')).toBeHidden();
  await stageLine(page, t, 'scale');
  await decide(page, t, 'implement', 'go');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByText(t('pilotWork.page.noGate'))).toBeVisible();
  await expect(page.getByText(t('pilotWork.statusInfo.implemented'))).toBeVisible();
  await expect(page.getByRole('form', { name: t('pilotWork.goalForm.title') })).toHaveCount(0);
  const history = page.getByRole('region', { name: t('pilotWork.history.title') }).getByRole('listitem');
  await expect(history).toHaveCount(5);
  await expectAccessible(page, `implemented pilot (${language})`);
  await screenshots(page, 'pilot-page-implemented', language);
});

test('two browsers decide the same gate at once: one wins, the other is told and sees the page refreshed', async ({
  browser,
  t,
  language,
}) => {
  test.setTimeout(120_000);
  const title = `Samtidiga beslut ${language} ${Date.now().toString(36)}`;
  const pilot = await makePilot(title);
  const contexts = await Promise.all([
    browserAs(browser, language, 'department'),
    browserAs(browser, language, 'director'),
  ]);
  try {
    const pages = await Promise.all(contexts.map((context) => context.newPage()));
    const dialogs: Locator[] = [];
    for (const [index, page] of pages.entries()) {
      await page.goto(`/workspace/pilots/${pilot.id}`);
      await expectPage(page, title);
      await page.getByRole('button', { name: openGate(t, 'time') }).click();
      const dialog = page.getByRole('dialog', { name: gateTitle(t, 'time') });
      await choose(dialog, t(index === 0 ? 'pilotWork.outcomes.go' : 'pilotWork.outcomes.hold'));
      await dialog.getByLabel(t('pilotWork.gate.rationale')).fill(RATIONALE);
      dialogs.push(dialog);
    }
    await expectAccessible(pages[0], `gate dialog filled (${language})`);
    await screenshots(pages[0], 'pilot-gate-dialog', language);
    // Both press at once; both pages showed version 1.
    await Promise.all(
      dialogs.map((dialog) => dialog.getByRole('button', { name: t('pilotWork.gate.submit') }).click()),
    );
    for (const dialog of dialogs) await expect(dialog).toBeHidden();
    const stale = t('pilotWork.notice.stale');
    const told = await Promise.all(
      pages.map((page) =>
        page
          .getByRole('alert')
          .filter({ hasText: stale })
          .waitFor({ timeout: 10_000 })
          .then(
            () => true,
            () => false,
          ),
      ),
    );
    expect(told.filter(Boolean)).toHaveLength(1);
    const loser = pages[told.indexOf(true)];
    const winner = pages[told.indexOf(false)];
    await expect(winner.getByRole('status').filter({ hasText: t('pilotWork.gates.time') })).toBeVisible();
    // Focus moves to the explanation (the dialog's trigger may have gone with the old stage).
    await expect(loser.locator('.notice-stale')).toBeFocused();
    await expect(loser.locator('.notice-stale').getByRole('alert')).toHaveText(stale);
    // The loser's page shows what the winner decided, without a reload by hand.
    const history = loser.getByRole('region', { name: t('pilotWork.history.title') }).getByRole('listitem');
    await expect(history).toHaveCount(2);
    await expectAccessible(loser, `stale decision explained (${language})`);
    await screenshots(loser, 'pilot-stale-decision', language);
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});
