import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import type { TFunction } from 'i18next';
import { Client } from 'pg';
import { BASE_URL, STATE_FILE } from '../support/environment';
import { expect, expectAccessible, expectPage, mailedCode, screenshots, test, uniqueEmail } from '../support/fixtures';
import { signIn, tabTo } from '../support/journeys';

/**
 * The innovation centre's events: organisers create and publish a workshop (a double booking of the
 * room refused and explained), partners register, fill it and wait, a cancellation promotes the
 * first in line, the organisers see needs and mark attendance at the door, the public sees places
 * left and never names, rooms are kept by admins; the month view by keyboard.
 */

const ORIGIN = { origin: BASE_URL };
const PASSWORD = 'a long enough password 1';

/** `2027-03-01T13:00` as a Stockholm clock shows the instant (what the form's inputs take). */
function stockholmInput(date: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Stockholm',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** A browser context of its own, signed in through the API (a second person at another computer). */
async function personPage(browser: Browser, language: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  await context.addInitScript((lang: string) => localStorage.setItem('testbed.language', lang), language);
  const page = await context.newPage();
  const res = await page.request.post('/api/v1/auth/session', { headers: ORIGIN, data: { email, password } });
  expect(res.status()).toBe(200);
  return page;
}

/** A new partner account through the API and the mailed code. */
async function newPartner(browser: Browser, language: string, name: string): Promise<{ page: Page; email: string }> {
  const email = uniqueEmail('event.partner');
  const context = await browser.newContext({ baseURL: BASE_URL });
  const request = context.request;
  expect((await request.post('/api/v1/auth/register', { headers: ORIGIN, data: { email } })).status()).toBe(202);
  const code = await mailedCode(email, 'registration.confirm');
  const confirmed = await request.post('/api/v1/auth/register/confirm', {
    headers: ORIGIN,
    data: { code, name, password: PASSWORD },
  });
  expect(confirmed.status()).toBe(201);
  await context.close();
  return { page: await personPage(browser, language, email, PASSWORD), email };
}

/** The outbox's templates to one address (the app runs with MAIL_TRANSPORT=none). */
async function mailTemplates(email: string): Promise<string[]> {
  const { suite } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { suite: string };
  const client = new Client({ connectionString: suite });
  await client.connect();
  try {
    const { rows } = await client.query<{ template: string }>(
      `SELECT template FROM outbox_mails WHERE recipient = lower($1) ORDER BY created_at, id`,
      [email],
    );
    return rows.map((row) => row.template);
  } finally {
    await client.end();
  }
}

async function fillEventForm(
  page: Page,
  t: TFunction,
  values: { title: string; description: string; starts: Date; ends: Date; room: string; capacity: number },
) {
  const field = (name: string) =>
    page.getByLabel(t(`events.form.fields.${name}` as 'events.form.fields.title'), { exact: true });
  await field('title').fill(values.title);
  await field('description').fill(values.description);
  await field('startsAt').fill(stockholmInput(values.starts));
  await field('endsAt').fill(stockholmInput(values.ends));
  await page.getByRole('button', { name: new RegExp(t('events.form.fields.roomId')) }).click();
  await page.getByRole('option', { name: new RegExp(values.room) }).click();
  await field('capacity').fill(String(values.capacity));
}

test('a workshop from creation to the door: booking rule, registration, waiting list, promotion, attendance', async ({
  page,
  browser,
  t,
  language,
}) => {
  // Four people, two contexts each way, on a shared two-core machine: generous.
  test.setTimeout(480_000);
  const suffix = Math.random().toString(36).slice(2, 7);
  const roomName = `Verkstan ${suffix}`;
  // Admins keep the rooms: one of this run's own, so no other run's booking is in the way.
  const admin = await personPage(browser, language, 'admin@demo.testbed.se', 'demo-admin-2026');
  const room = await admin.request.post('/api/v1/rooms', {
    headers: ORIGIN,
    data: { name: roomName, capacity: 12, accessibilityNotes: 'Entré utan trappsteg, hörslinga.' },
  });
  expect(room.status()).toBe(201);

  // ── Staff create the workshop (starting in 50 minutes: the door opens an hour before) ──────
  await page.goto('/sign-in');
  await signIn(page, t, 'department@demo.testbed.se', 'demo-department-2026');
  await expectPage(page, t('home.title'));
  await page
    .getByRole('navigation', { name: t('layout.mainNavigation') })
    .getByRole('link', { name: t('nav.events') })
    .click();
  await expectPage(page, t('events.list.title'));
  await expectAccessible(page, 'events: calendar list (staff)');
  await page.getByRole('link', { name: t('events.list.create') }).click();
  await expectPage(page, t('events.form.createTitle'));
  await expectAccessible(page, 'events: new event form');
  await screenshots(page, 'events-form', language);
  await page.getByRole('button', { name: t('events.form.create') }).click();
  await expect(page.getByRole('alert').filter({ hasText: t('forms.errorSummary') })).toBeVisible();
  await expectAccessible(page, 'events: new event form with errors');

  const starts = new Date(Math.ceil((Date.now() + 50 * 60_000) / 60_000) * 60_000);
  const ends = new Date(starts.getTime() + 2 * 3_600_000);
  const title = `Workshop ${suffix}: trygghet i Oceanhamnen`;
  await fillEventForm(page, t, {
    title,
    description: 'Vi arbetar med utmaningen.',
    starts,
    ends,
    room: roomName,
    capacity: 2,
  });
  await page.getByRole('button', { name: t('events.form.create') }).click();
  await expectPage(page, title);
  const eventUrl = page.url();
  const eventId = eventUrl.split('/').pop() ?? '';
  await expectAccessible(page, 'events: draft event page (organiser)');
  await page.getByRole('button', { name: t('events.organiser.publish') }).click();
  await expect(page.getByRole('status').filter({ hasText: t('events.organiser.published') })).toBeVisible();

  // ── A second booking of the room at an overlapping time: refused, and explained at the room ──
  await page.goto('/events/new');
  await expectPage(page, t('events.form.createTitle'));
  await fillEventForm(page, t, {
    title: `Krock ${suffix}`,
    description: 'Samma rum, samma tid.',
    starts: new Date(starts.getTime() + 3_600_000),
    ends: new Date(ends.getTime() + 3_600_000),
    room: roomName,
    capacity: 5,
  });
  await page.getByRole('button', { name: t('events.form.create') }).click();
  const clash = t('events.form.roomTaken', { room: roomName });
  await expect(page.getByRole('alert').filter({ hasText: clash })).toBeVisible();
  await expect(page.getByLabel(t('events.form.fields.title'), { exact: true })).toHaveValue(`Krock ${suffix}`);
  await expectAccessible(page, 'events: room double-booking refused');
  await screenshots(page, 'events-form-room-taken', language);

  // ── The first partner registers with needs, on behalf of an organisation ───────────────────
  const per = await personPage(browser, language, 'partner@demo.testbed.se', 'demo-partner-2026');
  await per.goto(`/events/${eventId}`);
  await expectPage(per, title);
  await expect(per.getByRole('button', { name: t('events.register.register'), exact: true })).toBeVisible();
  await expectAccessible(per, 'events: event page with the registration form');
  await screenshots(per, 'events-event-register', language);
  await per.getByRole('button', { name: new RegExp(t('events.register.organization')) }).click();
  await per.getByRole('option').nth(1).click();
  await per.getByLabel(t('events.register.needs')).fill('Glutenfritt, tack');
  await per.getByRole('button', { name: t('events.register.register'), exact: true }).click();
  await expect(per.getByRole('status').filter({ hasText: t('events.register.nowRegistered') })).toBeVisible();
  await expect(per.getByText(t('events.register.youAreRegistered'), { exact: true })).toBeVisible();

  // ── A second fills the last place (through the API); a third finds it full and waits ──────
  const anna = await newPartner(browser, language, `Anna ${suffix}`);
  expect(
    (await anna.page.request.post(`/api/v1/events/${eventId}/registrations`, { headers: ORIGIN, data: {} })).status(),
  ).toBe(201);
  const cecilia = await newPartner(browser, language, `Cecilia ${suffix}`);
  await cecilia.page.goto(`/events/${eventId}`);
  await expectPage(cecilia.page, title);
  await expect(cecilia.page.getByTestId('places-left')).toHaveText('0');
  await expect(cecilia.page.getByText(t('events.register.fullNotice', { count: 0 }))).toBeVisible();
  await cecilia.page.getByRole('button', { name: t('events.register.joinWaitingList'), exact: true }).click();
  await expect(
    cecilia.page.getByText(t('events.register.youAreWaiting', { position: 1 }), { exact: true }),
  ).toBeVisible();
  await expectAccessible(cecilia.page, 'events: on the waiting list');
  await screenshots(cecilia.page, 'events-event-waiting', language);

  // ── The first cancels (a dialog); the one waiting is promoted, shown and mailed ────────────
  await per.reload();
  await per.getByRole('button', { name: t('events.register.cancel') }).click();
  await expect(per.getByRole('dialog')).toBeVisible();
  await expectAccessible(per, 'events: cancel registration dialog');
  await per.getByRole('button', { name: t('events.register.cancelConfirm') }).click();
  await expect(per.getByRole('status').filter({ hasText: t('events.register.cancelled') })).toBeVisible();
  await cecilia.page.reload();
  await expect(cecilia.page.getByText(t('events.register.youAreRegistered'), { exact: true })).toBeVisible();
  await expect(cecilia.page.getByRole('link', { name: t('events.detail.addToCalendar') })).toBeVisible();
  expect(await mailTemplates(cecilia.email)).toContain('event.promoted');

  // ── Add to calendar: an iCalendar file ────────────────────────────────────────────────────
  const href = await cecilia.page.getByRole('link', { name: t('events.detail.addToCalendar') }).getAttribute('href');
  const ics = await cecilia.page.request.get(href ?? '');
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toMatch(/^text\/calendar/);
  expect(await ics.text()).toContain('BEGIN:VEVENT');
  const feed = await cecilia.page.request.get(
    (await cecilia.page.getByRole('link', { name: t('events.detail.subscribe') }).getAttribute('href')) ?? '',
  );
  expect(feed.headers()['content-type']).toMatch(/^text\/calendar/);

  // ── The public: places left, never names ──────────────────────────────────────────────────
  const publicContext = await browser.newContext({ baseURL: BASE_URL });
  await publicContext.addInitScript((lang: string) => localStorage.setItem('testbed.language', lang), language);
  const visitor = await publicContext.newPage();
  await visitor.goto(`/events/${eventId}`);
  await expectPage(visitor, title);
  await expect(visitor.getByTestId('places-left')).toHaveText('0');
  await expect(visitor.getByRole('link', { name: t('events.register.signInToRegister') })).toBeVisible();
  for (const name of [`Anna ${suffix}`, `Cecilia ${suffix}`, 'Per Partner', 'Glutenfritt']) {
    await expect(visitor.getByText(name)).toHaveCount(0);
  }
  await expect(visitor.getByRole('link', { name: /Deltagare|Participants/ })).toHaveCount(0);
  await expectAccessible(visitor, 'events: event page signed out');
  await screenshots(visitor, 'events-event-public', language);
  expect((await visitor.request.get(`/api/v1/events/${eventId}/registrations`)).status()).toBe(401);
  await publicContext.close();

  // ── The organiser: participants with needs, CSV, and attendance at the door ───────────────
  await page.goto(`/events/${eventId}`);
  await page.getByRole('link', { name: t('events.organiser.participants', { count: 2, waiting: 0 }) }).click();
  await expectPage(page, t('events.participants.title', { title }));
  const table = page.getByRole('table');
  await expect(table.getByRole('rowheader').filter({ hasText: `Anna ${suffix}` })).toBeVisible();
  await expect(table.getByRole('rowheader').filter({ hasText: `Cecilia ${suffix}` })).toBeVisible();
  await expect(table.getByText('Glutenfritt')).toHaveCount(0); // Per cancelled: his needs left with him.
  await expectAccessible(page, 'events: participants');
  await screenshots(page, 'events-participants', language);
  const csvHref = await page.getByRole('link', { name: t('events.participants.csv') }).getAttribute('href');
  const csv = await page.request.get(csvHref ?? '');
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
  expect(await csv.text()).toContain(`Cecilia ${suffix}`);

  await page.getByRole('link', { name: t('events.organiser.attendance') }).click();
  await expectPage(page, t('events.attendance.title', { title }));
  const annaBox = page.getByRole('checkbox', { name: `Anna ${suffix}` });
  // At the door, by keyboard: Tab to the box, Space ticks it.
  await tabTo(page, annaBox);
  await page.keyboard.press('Space');
  await expect(
    page.getByRole('status').filter({ hasText: t('events.attendance.marked', { name: `Anna ${suffix}` }) }),
  ).toBeVisible();
  await expect(annaBox).toBeChecked();
  await expectAccessible(page, 'events: attendance checklist');
  await screenshots(page, 'events-attendance', language);
  const participants = await page.request.get(`/api/v1/events/${eventId}/registrations`);
  const marked = ((await participants.json()) as { items: { user: { name: string }; attendedAt: string | null }[] })
    .items;
  expect(marked.find((p) => p.user.name === `Anna ${suffix}`)?.attendedAt).not.toBeNull();

  // ── The month view by keyboard: from the toggle to the event, and into it ─────────────────
  await page.goto('/events');
  await expectPage(page, t('events.list.title'));
  // The view switch is one tab stop: Tab reaches the chosen view, an arrow moves to the other.
  await tabTo(page, page.getByRole('radio', { name: t('events.list.listView') }));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: t('events.list.monthView') })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('table')).toBeVisible();
  const monthParam = stockholmInput(starts).slice(0, 7);
  if (!page.url().includes(monthParam)) {
    // Near a month's end the event may fall in the next month: the "next month" button, by keyboard.
    const current = new URL(page.url()).searchParams.get('month');
    if (current !== null && current !== monthParam) {
      await tabTo(page, page.getByRole('button', { name: t('events.month.next') }));
      await page.keyboard.press('Enter');
    }
  }
  const eventLink = page.getByRole('table').getByRole('link', { name: new RegExp(title) });
  await expectAccessible(page, 'events: month view');
  await screenshots(page, 'events-month', language);
  await tabTo(page, eventLink);
  await page.keyboard.press('Enter');
  await expectPage(page, title);

  await admin.context().close();
  await per.context().close();
  await anna.page.context().close();
  await cecilia.page.context().close();
});

test('admins keep the rooms: add, edit, and a delete refused while the room is booked', async ({
  page,
  t,
  language,
}) => {
  const suffix = Math.random().toString(36).slice(2, 7);
  await page.goto('/sign-in');
  await signIn(page, t, 'admin@demo.testbed.se', 'demo-admin-2026');
  await expectPage(page, t('home.title'));
  await page.goto('/events/rooms');
  await expectPage(page, t('events.rooms.title'));
  await expectAccessible(page, 'events: rooms');
  await screenshots(page, 'events-rooms', language);

  // Add, by keyboard: the dialog takes the focus; a bad capacity is explained at the field.
  await tabTo(page, page.getByRole('button', { name: t('events.rooms.add') }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(t('events.rooms.name')).fill(`Salongen ${suffix}`);
  await dialog.getByLabel(t('events.rooms.capacity')).fill('noll');
  await dialog.getByRole('button', { name: t('events.rooms.add') }).click();
  await expect(dialog.getByText(t('events.rooms.capacityInvalid')).first()).toBeVisible();
  await expect(dialog.getByLabel(t('events.rooms.name'))).toHaveValue(`Salongen ${suffix}`);
  await expectAccessible(page, 'events: add room dialog with an error');
  await dialog.getByLabel(t('events.rooms.capacity')).fill('24');
  await dialog.getByRole('button', { name: t('events.rooms.add') }).click();
  await expect(
    page.getByRole('status').filter({ hasText: t('events.rooms.added', { name: `Salongen ${suffix}` }) }),
  ).toBeVisible();

  // Edit it.
  await page.getByRole('button', { name: t('events.rooms.editOf', { name: `Salongen ${suffix}` }) }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'events: edit room dialog');
  await page.getByRole('dialog').getByLabel(t('events.rooms.capacity')).fill('30');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: t('events.rooms.save') })
    .click();
  await expect(page.getByRole('row', { name: new RegExp(`Salongen ${suffix}`) })).toContainText('30');

  // A booked room: the delete is refused and said why, inside the dialog.
  const rooms = (await (await page.request.get('/api/v1/rooms')).json()) as { id: string; name: string }[];
  const mine = rooms.find((r) => r.name === `Salongen ${suffix}`)!;
  const inAMonth = Date.now() + 30 * 86_400_000 + Math.floor(Math.random() * 1000) * 3_600_000;
  const booking = await page.request.post('/api/v1/events', {
    headers: ORIGIN,
    data: {
      title: `Bokning ${suffix}`,
      description: 'Håller rummet.',
      kind: 'meeting',
      startsAt: new Date(inAMonth).toISOString(),
      endsAt: new Date(inAMonth + 3_600_000).toISOString(),
      placeKind: 'room',
      roomId: mine.id,
      capacity: 5,
      registrationOpensAt: new Date().toISOString(),
      registrationClosesAt: new Date(inAMonth).toISOString(),
    },
  });
  expect(booking.status()).toBe(201);
  await page.getByRole('button', { name: t('events.rooms.deleteOf', { name: `Salongen ${suffix}` }) }).click();
  await expectAccessible(page, 'events: delete room dialog');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: t('events.rooms.deleteConfirm') })
    .click();
  await expect(
    page.getByRole('dialog').getByText(t('events.rooms.booked', { name: `Salongen ${suffix}` })),
  ).toBeVisible();
  await expectAccessible(page, 'events: delete room refused');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: t('events.rooms.keep') })
    .click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
