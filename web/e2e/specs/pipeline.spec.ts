import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { TFunction } from 'i18next';
import { expect, expectAccessible, expectPage, screenshots, test } from '../support/fixtures';
import type { Language } from '../support/fixtures';
import { signIn, tabTo } from '../support/journeys';

interface Pipeline {
  scope: { departmentId: string | null; area: string | null; stalledDays: number };
  funnel: {
    challengesPublished: number;
    proposalsSubmitted: number;
    proposalsAccepted: number;
    pilotsReached: Record<string, number>;
    implemented: number;
    discontinued: number;
  };
  stages: { stage: string; active: number; onHold: number; medianDaysInStage: number | null }[];
  areas: { area: string; challengesPublished: number; proposalsSubmitted: number; pilots: number }[];
  stalled: { pilotId: string; title: string; daysWithoutDecision: number }[];
  evaluatorBacklog: { name: string; assigned: number; submitted: number; overdue: number }[];
  events: { held: number; participants: number; people: number; organizations: number };
}

// Long journeys with full-page screenshots at two widths on a shared, slow machine.
test.describe.configure({ timeout: 180_000 });

const LOCALE = { sv: 'sv-SE', en: 'en-GB' } as const;
const DEPARTMENT = 'Vård- och omsorgsförvaltningen';

/** The API's answer for a scope, asked with the page's own session. */
async function apiPipeline(page: Page, query: Record<string, string | number> = {}): Promise<Pipeline> {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const response = await page.request.get(`/api/v1/pipeline?${search.toString()}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Pipeline;
}

/** The dashboard's filters (its own form landmark). */
const filtersOf = (page: Page, t: TFunction) => page.getByRole('form', { name: t('pipeline.filters') });

/** A table row by its header cell's text, as the cells' texts. */
async function rowCells(table: Locator, header: string): Promise<string[]> {
  const row = table
    .getByRole('row')
    .filter({ has: table.page().getByRole('rowheader', { name: header, exact: true }) });
  await expect(row).toHaveCount(1);
  return row.getByRole('cell').allTextContents();
}

/** Every figure the dashboard shows equals the API's, in the page's number format. */
async function expectFiguresMatch(page: Page, t: TFunction, language: Language, api: Pipeline): Promise<void> {
  const n = (value: number) => new Intl.NumberFormat(LOCALE[language], { maximumFractionDigits: 2 }).format(value);
  const funnel = page.getByRole('table', { name: t('pipeline.sections.funnel'), exact: true });
  const steps: [string, number][] = [
    ['challengesPublished', api.funnel.challengesPublished],
    ['proposalsSubmitted', api.funnel.proposalsSubmitted],
    ['proposalsAccepted', api.funnel.proposalsAccepted],
    ['explore_idea', api.funnel.pilotsReached.explore_idea],
    ['explore_setup', api.funnel.pilotsReached.explore_setup],
    ['develop_pilot', api.funnel.pilotsReached.develop_pilot],
    ['scale', api.funnel.pilotsReached.scale],
    ['implemented', api.funnel.implemented],
    ['discontinued', api.funnel.discontinued],
  ];
  for (const [step, value] of steps) {
    expect(await rowCells(funnel, t(`pipeline.funnel.${step}` as 'pipeline.funnel.scale'))).toEqual([n(value)]);
  }
  const stages = page.getByRole('table', { name: t('pipeline.sections.stages'), exact: true });
  for (const stage of api.stages) {
    expect(await rowCells(stages, t(`pilots.stages.${stage.stage}` as 'pilots.stages.scale'))).toEqual([
      n(stage.active),
      n(stage.onHold),
      stage.medianDaysInStage === null ? t('pipeline.noMedian') : n(stage.medianDaysInStage),
    ]);
  }
  const areas = page.getByRole('table', { name: t('pipeline.sections.areas'), exact: true });
  await expect(areas.getByRole('row')).toHaveCount(api.areas.length + 1);
  for (const [index, area] of api.areas.entries()) {
    const cells = await areas
      .getByRole('row')
      .nth(index + 1)
      .getByRole('cell')
      .allTextContents();
    expect(cells).toEqual([n(area.challengesPublished), n(area.proposalsSubmitted), n(area.pilots)]);
  }
  if (api.stalled.length > 0) {
    const stalled = page.getByRole('table', {
      name: t('pipeline.stalledCaption', { count: api.stalled.length }),
      exact: true,
    });
    await expect(stalled.getByRole('row')).toHaveCount(api.stalled.length + 1);
    const first = api.stalled[0];
    await expect(stalled.getByRole('link', { name: first.title, exact: true }).first()).toHaveAttribute(
      'href',
      `/workspace/pilots/${first.pilotId}`,
    );
  } else {
    await expect(page.getByText(t('pipeline.noneStalled'))).toBeVisible();
  }
  if (api.evaluatorBacklog.length > 0) {
    const backlog = page.getByRole('table', { name: t('pipeline.sections.backlog'), exact: true });
    await expect(backlog.getByRole('row')).toHaveCount(api.evaluatorBacklog.length + 1);
    const first = api.evaluatorBacklog[0];
    expect(await backlog.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([
      n(first.assigned),
      n(first.submitted),
      n(first.overdue),
    ]);
  }
  for (const key of ['held', 'participants', 'people', 'organizations'] as const) {
    await expect(
      page
        .getByRole('listitem')
        .filter({ hasText: t(`pipeline.columns.${key}`) })
        .first(),
    ).toContainText(n(api.events[key]));
  }
}

test("a director's dashboard shows the API's figures, for the city and one department, and downloads them for Excel", async ({
  page,
  t,
  language,
}) => {
  await page.goto('/sign-in');
  await signIn(page, t, 'director@demo.testbed.se', 'demo-director-2026');
  await page
    .getByRole('navigation', { name: t('layout.mainNavigation') })
    .getByRole('link', { name: t('nav.pipeline') })
    .click();
  await expectPage(page, t('pipeline.title'));
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: t('pipeline.showing', { scope: `${t('pipeline.wholeCity')}, ${t('pipeline.allAreas')}` }) }),
  ).toBeVisible();
  await expectFiguresMatch(page, t, language, await apiPipeline(page));
  await expectAccessible(page, `pipeline whole city with charts (${language})`);
  await screenshots(page, 'pipeline-city', language);

  // One department: the select narrows every figure.
  await filtersOf(page, t)
    .getByRole('button', { name: new RegExp(t('pipeline.department')) })
    .click();
  await expectAccessible(page, `pipeline department select open (${language})`);
  await page.getByRole('option', { name: DEPARTMENT }).click();
  await expect(page).toHaveURL(/departmentId=/);
  const departmentId = new URL(page.url()).searchParams.get('departmentId') ?? '';
  await expect(page.getByRole('status').filter({ hasText: DEPARTMENT })).toBeVisible();
  await expectFiguresMatch(page, t, language, await apiPipeline(page, { departmentId }));

  // Stalled after fewer days: the field refetches, and the list is the API's for that number.
  const days = page.getByRole('textbox', { name: t('pipeline.stalledDays') });
  await days.fill('30');
  await days.press('Enter');
  await expect(page).toHaveURL(/stalledDays=30/);
  const narrow = await apiPipeline(page, { departmentId, stalledDays: 30 });
  await expect(page.getByText(t('pipeline.stalledLead', { count: 30 }))).toBeVisible();
  await expectFiguresMatch(page, t, language, narrow);
  await expectAccessible(page, `pipeline one department, stalled after 30 days (${language})`);
  await screenshots(page, 'pipeline-department', language);

  // The CSV: UTF-8 with a BOM, the department's Swedish name intact, the figures of the page.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: t('pipeline.download') }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${t('pipeline.fileName')}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const separator = language === 'sv' ? ';' : ',';
  expect(text).toContain(DEPARTMENT);
  expect(text).toContain(
    `${t('pipeline.funnel.challengesPublished')}${separator}${narrow.funnel.challengesPublished}\r\n`,
  );
  expect(text).toContain(`${t('pipeline.funnel.implemented')}${separator}${narrow.funnel.implemented}\r\n`);
  for (const pilot of narrow.stalled) expect(text).toContain(`/workspace/pilots/${pilot.pilotId}`);
  if (language === 'sv') expect(text).toContain('Välfärdsområde');
});

test('department staff see their own department only; a partner is told the page is not for them', async ({
  page,
  t,
  language,
}) => {
  await page.goto('/sign-in');
  await signIn(page, t, 'department@demo.testbed.se', 'demo-department-2026');
  await expectPage(page, t('home.title'));
  await page.goto('/pipeline');
  await expectPage(page, t('pipeline.title'));
  await expect(page.getByText(t('pipeline.leadDepartment'))).toBeVisible();
  await expect(filtersOf(page, t).getByRole('button', { name: new RegExp(t('pipeline.department')) })).toHaveCount(0);
  const api = await apiPipeline(page);
  expect(api.scope.departmentId).not.toBeNull();
  await expectFiguresMatch(page, t, language, api);
  await expectAccessible(page, `pipeline department staff (${language})`);
  await screenshots(page, 'pipeline-department-staff', language);

  await page.context().clearCookies();
  await page.goto('/sign-in');
  await signIn(page, t, 'partner@demo.testbed.se', 'demo-partner-2026');
  await expectPage(page, t('home.title'));
  await expect(page.getByRole('link', { name: t('nav.pipeline') })).toHaveCount(0);
  await page.goto('/pipeline');
  await expectPage(page, t('pipeline.title'));
  await expect(
    page.getByText(
      t('admin.notAllowed', {
        roles: [t('account.roles.director'), t('account.roles.admin'), t('account.roles.department')].join(', '),
      }),
    ),
  ).toBeVisible();
  await expectAccessible(page, `pipeline refused to a partner (${language})`);
});

test('the dashboard by keyboard only: the area filter, stalled days and the download', async ({
  page,
  t,
  language,
}) => {
  await page.goto('/sign-in');
  await signIn(page, t, 'director@demo.testbed.se', 'demo-director-2026');
  await expectPage(page, t('home.title'));
  await tabTo(page, page.getByRole('link', { name: t('nav.pipeline') }));
  await page.keyboard.press('Enter');
  await expectPage(page, t('pipeline.title'));

  await tabTo(page, filtersOf(page, t).getByRole('button', { name: new RegExp(t('pipeline.area')) }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/area=/);
  const area = new URL(page.url()).searchParams.get('area') ?? '';

  await tabTo(page, page.getByRole('textbox', { name: t('pipeline.stalledDays') }));
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('45');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/stalledDays=45/);
  await expectFiguresMatch(page, t, language, await apiPipeline(page, { area, stalledDays: 45 }));

  const button = page.getByRole('button', { name: t('pipeline.download') });
  await tabTo(page, button);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  await expect(button).toBeFocused();
});
