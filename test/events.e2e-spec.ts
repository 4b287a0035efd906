import ICAL from 'ical.js';
import { EventReminders } from '../src/events/event-reminders';
import { challengeIn } from './factories/challenges';
import { createEvent, createRoom, eventBody, hoursFromNow } from './factories/events';
import { createOrganization } from './factories/proposals';
import { createCast, createUser, departmentId, TestUser } from './factories/users';
import { auditEvents, expectProblem } from './support/expectations';
import { MAILS_PER_ADDRESS_PER_HOUR } from '../src/mail/mail-outbox';
import { mailsTo, outbox } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';

describe('events of the innovation centre', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof createCast>>;
  let otherStaff: TestUser;
  let room: { id: string; name: string; capacity: number };

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000', EVENT_REMINDER_INTERVAL_SECONDS: '3600' });
    cast = await createCast(t);
    otherStaff = await createUser(t, {
      roles: ['department'],
      departmentId: await departmentId(t, 'socialforvaltningen'),
    });
    room = await createRoom(t, cast.admin, { name: 'Hörsalen', capacity: 80 });
  });
  afterAll(() => t.close());

  const as = (who: TestUser | undefined) => ({
    get: (path: string) => {
      const req = t.http().get(`${API}${path}`);
      return who ? req.set('Authorization', who.auth) : req;
    },
    post: (path: string, body: object = {}) => {
      const req = t.http().post(`${API}${path}`);
      return (who ? req.set('Authorization', who.auth) : req).send(body);
    },
    patch: (path: string, body: object = {}) => {
      const req = t.http().patch(`${API}${path}`);
      return (who ? req.set('Authorization', who.auth) : req).send(body);
    },
    delete: (path: string) => {
      const req = t.http().delete(`${API}${path}`);
      return who ? req.set('Authorization', who.auth) : req;
    },
  });

  /** Moves an event to have started five minutes ago (inside the attendance window), past the API's rules. */
  const startNow = (eventId: string) =>
    t.db.query(
      `UPDATE events SET registration_opens_at = now() - interval '2 hours', registration_closes_at = now() - interval '10 minutes',
         starts_at = now() - interval '5 minutes', ends_at = now() + interval '2 hours' WHERE id = $1`,
      [eventId],
    );

  describe('rooms', () => {
    it('anyone lists the rooms; admins add them (audited); others may not', async () => {
      const list = await as(undefined).get('/rooms').expect(200);
      expect(list.body).toContainEqual(
        expect.objectContaining({
          id: room.id,
          name: 'Hörsalen',
          capacity: 80,
          accessibilityNotes: expect.any(String),
        }),
      );
      expect((await auditEvents(t, 'room', room.id)).map((e) => e.action)).toEqual(['room.created']);
      expectProblem(await as(undefined).post('/rooms', { name: 'Verkstaden', capacity: 20 }), 401);
      expectProblem(await as(cast.department).post('/rooms', { name: 'Verkstaden', capacity: 20 }), 403);
      expectProblem(await as(cast.director).post('/rooms', { name: 'Verkstaden', capacity: 20 }), 403);
      expectProblem(await as(cast.admin).post('/rooms', { name: 'Verkstaden', capacity: 0 }), 400, 'capacity');
      expectProblem(await as(cast.admin).post('/rooms', { name: 'Verkstaden', capacity: 5, x: 1 }), 400);
      expectProblem(await as(cast.admin).post('/rooms', { name: 'Hörsalen', capacity: 5 }), 409);
    });
  });

  describe('creating, publishing, editing', () => {
    it('department staff create a draft for their department; it is audited and invisible to the public', async () => {
      const res = await as(cast.department).post('/events', eventBody(room.id)).expect(201);
      expect(res.body).toMatchObject({
        status: 'draft',
        kind: 'workshop',
        timeZone: 'Europe/Stockholm',
        organiser: { kind: 'department', department: { id: cast.department.departmentId } },
        place: { kind: 'room', room: { id: room.id, name: 'Hörsalen' } },
        placesLeft: 20,
        canManage: true,
        version: 1,
      });
      expect(res.body.startsAtLocal).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
      expect(new Date(res.body.startsAtLocal).toISOString()).toBe(new Date(res.body.startsAt).toISOString());
      expect((await auditEvents(t, 'event', res.body.id)).map((e) => e.action)).toEqual(['event.created']);
      expectProblem(await as(undefined).get(`/events/${res.body.id}`), 404);
      expectProblem(await as(cast.partner).get(`/events/${res.body.id}`), 404);
      expectProblem(await as(otherStaff).get(`/events/${res.body.id}`), 404);
      await as(cast.director).get(`/events/${res.body.id}`).expect(200);
      const publicList = await as(undefined).get('/events?limit=100').expect(200);
      expect(publicList.body.items.map((e: { id: string }) => e.id)).not.toContain(res.body.id);
    });

    it('the innovation centre’s own events are organised by directors and admins, not department staff', async () => {
      const byDirector = await as(cast.director).post('/events', eventBody(null)).expect(201);
      expect(byDirector.body.organiser).toEqual({ kind: 'innovation_centre', department: null });
      expectProblem(await as(cast.department).post('/events', eventBody(null, { departmentId: null })), 403);
      expectProblem(
        await as(cast.department).post('/events', eventBody(null, { departmentId: otherStaff.departmentId })),
        403,
      );
      expectProblem(await as(otherStaff).post(`/events/${byDirector.body.id}/publish`), 404);
      await as(cast.admin).post(`/events/${byDirector.body.id}/publish`).expect(200);
      expectProblem(await as(cast.department).post(`/events/${byDirector.body.id}/cancel`), 403);
    });

    it('refuses who may not create, and malformed or rule-breaking input', async () => {
      expectProblem(await as(undefined).post('/events', eventBody(room.id)), 401);
      expectProblem(await as(cast.partner).post('/events', eventBody(room.id)), 403);
      expectProblem(await as(cast.evaluator).post('/events', eventBody(room.id)), 403);
      const d = cast.department;
      expectProblem(await as(d).post('/events', eventBody(room.id, { title: '' })), 400, 'title');
      expectProblem(await as(d).post('/events', eventBody(room.id, { kind: 'party' })), 400, 'kind');
      expectProblem(
        await as(d).post('/events', eventBody(room.id, { startsAt: '2027-03-01T12:00:00' })),
        400,
        'startsAt',
      );
      expectProblem(await as(d).post('/events', eventBody(room.id, { capacity: 0 })), 400, 'capacity');
      expectProblem(await as(d).post('/events', eventBody(room.id, { roomId: 'nope' })), 400, 'roomId');
      expectProblem(await as(d).post('/events', eventBody(room.id, { unknown: 1 })), 400);
      expectProblem(
        await as(d).post(
          '/events',
          eventBody(null, { placeKind: 'online', address: undefined, onlineUrl: 'javascript:x' }),
        ),
        400,
        'onlineUrl',
      );
      const body = eventBody(room.id);
      expectProblem(await as(d).post('/events', { ...body, endsAt: body.startsAt }), 422, 'endsAt');
      expectProblem(
        await as(d).post('/events', { ...body, registrationClosesAt: body.endsAt }),
        422,
        'registrationClosesAt',
      );
      expectProblem(await as(d).post('/events', { ...body, capacity: 81 }), 422, 'capacity');
      expectProblem(
        await as(d).post('/events', { ...body, roomId: '00000000-0000-4000-8000-000000000000' }),
        422,
        'roomId',
      );
      expectProblem(
        await as(d).post('/events', { ...body, challengeId: '00000000-0000-4000-8000-000000000000' }),
        422,
        'challengeId',
      );
    });

    it('publishes once, edits with the current version, and refuses strangers', async () => {
      const draft = await createEvent(t, cast.department, null, {}, false);
      expectProblem(await as(cast.partner).post(`/events/${draft.id}/publish`), 403);
      expectProblem(await as(otherStaff).post(`/events/${draft.id}/publish`), 404);
      expectProblem(await as(undefined).post(`/events/${draft.id}/publish`), 401);
      expectProblem(await as(cast.department).post('/events/not-a-uuid/publish'), 400);
      const published = await as(cast.department).post(`/events/${draft.id}/publish`).expect(200);
      expect(published.body).toMatchObject({ status: 'published', version: 2, sequence: 0 });
      expectProblem(await as(cast.department).post(`/events/${draft.id}/publish`), 409);
      expectProblem(await as(otherStaff).patch(`/events/${draft.id}`, { version: 2, title: 'Nytt namn' }), 403);
      expectProblem(await as(cast.director).patch(`/events/${draft.id}`, { version: 2, title: 'Nytt namn' }), 403);
      expectProblem(await as(cast.department).patch(`/events/${draft.id}`, { version: 1, title: 'Nytt namn' }), 409);
      expectProblem(await as(cast.department).patch(`/events/${draft.id}`, { title: 'Nytt namn' }), 400, 'version');
      const edited = await as(cast.department)
        .patch(`/events/${draft.id}`, { version: 2, title: 'Nytt namn' })
        .expect(200);
      expect(edited.body).toMatchObject({ title: 'Nytt namn', version: 3, sequence: 1 });
      expect((await auditEvents(t, 'event', draft.id)).map((e) => e.action)).toEqual([
        'event.created',
        'event.published',
        'event.updated',
      ]);
    });

    it('refuses null for a field an event must have (400 naming it) and changes nothing', async () => {
      const event = await createEvent(t, cast.department, null);
      const before = (await as(cast.department).get(`/events/${event.id}`).expect(200)).body;
      const required = ['title', 'description', 'kind', 'startsAt', 'endsAt', 'placeKind', 'capacity'];
      for (const field of [...required, 'registrationOpensAt', 'registrationClosesAt']) {
        expectProblem(
          await as(cast.department).patch(`/events/${event.id}`, { version: before.version, [field]: null }),
          400,
          field,
        );
      }
      expect((await as(cast.department).get(`/events/${event.id}`).expect(200)).body).toEqual(before);
      expect((await auditEvents(t, 'event', event.id)).map((e) => e.action)).not.toContain('event.updated');
    });

    it('completes only after the end, and then nothing changes', async () => {
      const event = await createEvent(t, cast.department, null);
      expectProblem(await as(cast.department).post(`/events/${event.id}/complete`), 422);
      await t.db.query(
        `UPDATE events SET registration_opens_at = now() - interval '3 days', registration_closes_at = now() - interval '2 days',
           starts_at = now() - interval '2 days', ends_at = now() - interval '2 days' + interval '2 hours' WHERE id = $1`,
        [event.id],
      );
      const done = await as(cast.department).post(`/events/${event.id}/complete`).expect(200);
      expect(done.body.status).toBe('completed');
      expect(done.body.attendance).toEqual({ attended: 0, organizations: 0 });
      expectProblem(await as(cast.department).post(`/events/${event.id}/cancel`), 409);
      expectProblem(await as(cast.department).patch(`/events/${event.id}`, { version: done.body.version }), 409);
      expect((await auditEvents(t, 'event', event.id)).map((e) => e.action)).toContain('event.completed');
    });
  });

  describe('no room is ever double-booked', () => {
    it('two simultaneous bookings of one room at overlapping times: one 201, one 409 naming the room', async () => {
      const workshop = await createRoom(t, cast.admin, { name: 'Verkstan', capacity: 30 });
      const body = eventBody(workshop.id, { capacity: 30 });
      const overlapping = {
        ...body,
        startsAt: new Date(new Date(body.startsAt as string).getTime() + 3_600_000).toISOString(),
        endsAt: new Date(new Date(body.endsAt as string).getTime() + 3_600_000).toISOString(),
      };
      const [a, b] = await Promise.all([
        as(cast.department).post('/events', body),
        as(cast.admin).post('/events', overlapping),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const refused = a.status === 409 ? a : b;
      expectProblem(refused, 409, 'roomId');
      expect(refused.body.detail).toContain('"Verkstan"');
      expect(refused.body.detail).toMatch(/never double-booked/);
      const [{ n }] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM events WHERE room_id = $1`, [
        workshop.id,
      ]);
      expect(n).toBe(1);

      // Back to back is fine: [start, end) ranges that only touch do not overlap.
      const next = await as(cast.department)
        .post('/events', {
          ...body,
          startsAt: overlapping.endsAt,
          endsAt: hoursFromNow(24 * 400),
          registrationClosesAt: overlapping.endsAt,
        })
        .expect(201);
      // Moving another event onto the booked time is refused as well.
      expectProblem(
        await as(cast.department).patch(`/events/${next.body.id}`, {
          version: 1,
          startsAt: overlapping.startsAt,
          endsAt: overlapping.endsAt,
          registrationClosesAt: overlapping.startsAt,
        }),
        409,
      );
      // A cancelled event frees its room.
      const winner = (a.status === 201 ? a : b).body as { id: string };
      const winnerBy = a.status === 201 ? cast.department : cast.admin;
      await as(winnerBy).post(`/events/${winner.id}/cancel`).expect(200);
      await as(cast.admin).post('/events', overlapping).expect(201);
    });

    it('the database itself refuses an overlapping booking (a write that skips the API)', async () => {
      const small = await createRoom(t, cast.admin, { name: 'Lilla rummet', capacity: 8 });
      const e = await createEvent(t, cast.department, small.id, { capacity: 8 }, false);
      const [row] = await t.db.query<{ starts_at: Date; ends_at: Date }[]>(
        `SELECT starts_at, ends_at FROM events WHERE id = $1`,
        [e.id],
      );
      await expect(
        t.db.query(
          `INSERT INTO events (title_sv, description_sv, kind, starts_at, ends_at, place_kind, room_id, capacity,
             registration_opens_at, registration_closes_at, created_by)
           SELECT 'x', 'x', 'meeting', $2, $3, 'room', $1, 2, $2::timestamptz - interval '1 day', $2, $4`,
          [small.id, row.starts_at, row.ends_at, cast.admin.id],
        ),
      ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23P01' }) });
    });
  });

  describe('registration', () => {
    it('50 simultaneous registrations for 10 places: exactly 10 registered and 40 waiting, in arrival order', async () => {
      const event = await createEvent(t, cast.department, null, { capacity: 10 });
      const people = await Promise.all(Array.from({ length: 50 }, (_, i) => createUser(t, { name: `Deltagare ${i}` })));
      const answers = await Promise.all(people.map((p) => as(p).post(`/events/${event.id}/registrations`, {})));
      expect(answers.map((r) => r.status)).toEqual(Array(50).fill(201));
      const statuses = answers.map((r) => r.body.status as string);
      expect(statuses.filter((s) => s === 'registered')).toHaveLength(10);
      expect(statuses.filter((s) => s === 'waiting')).toHaveLength(40);
      // Arrival order is the order the database decided them in: every registered arrival before
      // every waiting one, and waiting positions 1..40 follow arrival.
      const rows = await t.db.query<{ id: string; status: string; arrival: string }[]>(
        `SELECT id, status, arrival FROM event_registrations WHERE event_id = $1 ORDER BY arrival`,
        [event.id],
      );
      expect(rows.map((r) => r.status)).toEqual([...Array(10).fill('registered'), ...Array(40).fill('waiting')]);
      const position = new Map(answers.map((r) => [r.body.id as string, r.body.waitingPosition as number | null]));
      expect(rows.slice(10).map((r) => position.get(r.id))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      const view = await as(undefined).get(`/events/${event.id}`).expect(200);
      expect(view.body).toMatchObject({ registeredCount: 10, waitingCount: 40, placesLeft: 0, myRegistration: null });
      expect(JSON.stringify(view.body)).not.toContain('Deltagare');
    });

    it('a cancellation promotes the first in line (mailed, notified, audited); concurrent cancellations promote in order', async () => {
      const event = await createEvent(t, cast.department, null, { capacity: 2 });
      const people = await Promise.all(Array.from({ length: 5 }, (_, i) => createUser(t, { name: `Kö ${i}` })));
      for (const p of people) await as(p).post(`/events/${event.id}/registrations`, {}).expect(201);
      const mine = await as(people[3]).get(`/events/${event.id}`).expect(200);
      expect(mine.body.myRegistration).toMatchObject({ status: 'waiting', waitingPosition: 2 });

      await Promise.all([
        as(people[0]).delete(`/events/${event.id}/registrations/mine`).expect(204),
        as(people[1]).delete(`/events/${event.id}/registrations/mine`).expect(204),
      ]);
      const after = await as(cast.department).get(`/events/${event.id}/registrations`).expect(200);
      expect(after.body.items.map((p: { user: { name: string }; status: string }) => [p.user.name, p.status])).toEqual([
        ['Kö 2', 'registered'],
        ['Kö 3', 'registered'],
        ['Kö 4', 'waiting'],
      ]);
      for (const promoted of [people[2], people[3]]) {
        const mails = await mailsTo(t, promoted.email);
        expect(mails.map((m) => m.template)).toEqual(['event.promoted']);
        const notes = await as(promoted).get('/notifications').expect(200);
        expect(notes.body.items).toContainEqual(
          expect.objectContaining({ kind: 'event.promoted', entityId: event.id }),
        );
      }
      expect(await mailsTo(t, people[4].email)).toEqual([]);
      const [promotedRegistration] = await t.db.query<{ id: string }[]>(
        `SELECT id FROM event_registrations WHERE event_id = $1 AND user_id = $2 AND status = 'registered'`,
        [event.id, people[2].id],
      );
      expect((await auditEvents(t, 'event-registration', promotedRegistration.id)).map((e) => e.action)).toEqual([
        'event.registered',
        'event.registration-promoted',
      ]);
      const [cancelled] = await t.db.query<{ id: string }[]>(
        `SELECT id FROM event_registrations WHERE event_id = $1 AND user_id = $2`,
        [event.id, people[0].id],
      );
      expect((await auditEvents(t, 'event-registration', cancelled.id)).map((e) => e.action)).toEqual([
        'event.registered',
        'event.registration-cancelled',
      ]);
      // A waiting person who cancels promotes nobody.
      await as(people[4]).delete(`/events/${event.id}/registrations/mine`).expect(204);
      // More capacity moves the waiting list up too.
      const again = await createUser(t);
      const other = await createUser(t);
      await as(again).post(`/events/${event.id}/registrations`, {}).expect(201);
      await as(other).post(`/events/${event.id}/registrations`, {}).expect(201);
      const current = await as(cast.department).get(`/events/${event.id}`).expect(200);
      expectProblem(
        await as(cast.department).patch(`/events/${event.id}`, { version: current.body.version, capacity: 1 }),
        422,
        'capacity',
      );
      const bigger = await as(cast.department)
        .patch(`/events/${event.id}`, { version: current.body.version, capacity: 3 })
        .expect(200);
      expect(bigger.body).toMatchObject({ registeredCount: 3, waitingCount: 1 });
    });

    it('refuses what it must: not signed in, drafts, twice, closed windows, someone else’s organisation, cancelling nothing', async () => {
      const event = await createEvent(t, cast.department, null);
      const draft = await createEvent(t, cast.department, null, {}, false);
      const person = await createUser(t);
      const org = await createOrganization(t, cast.partner);
      expectProblem(await as(undefined).post(`/events/${event.id}/registrations`, {}), 401);
      expectProblem(await as(person).post(`/events/${draft.id}/registrations`, {}), 404);
      expectProblem(await as(person).post(`/events/00000000-0000-4000-8000-000000000000/registrations`, {}), 404);
      expectProblem(await as(person).post(`/events/x/registrations`, {}), 400);
      expectProblem(await as(person).post(`/events/${event.id}/registrations`, { needs: 5 }), 400, 'needs');
      expectProblem(await as(person).post(`/events/${event.id}/registrations`, { seat: 'A1' }), 400);
      expectProblem(
        await as(person).post(`/events/${event.id}/registrations`, { organizationId: org.id }),
        422,
        'organizationId',
      );
      expectProblem(await as(person).delete(`/events/${event.id}/registrations/mine`), 404);
      await as(cast.partner)
        .post(`/events/${event.id}/registrations`, { organizationId: org.id, needs: 'Vegan' })
        .expect(201);
      expectProblem(await as(cast.partner).post(`/events/${event.id}/registrations`, {}), 409);
      const notYet = await createEvent(t, cast.department, null, { registrationOpensAt: hoursFromNow(24) });
      expectProblem(await as(person).post(`/events/${notYet.id}/registrations`, {}), 422);
      // Registration closed and the event started: no registering, no cancelling.
      await as(person).post(`/events/${event.id}/registrations`, {}).expect(201);
      await t.db.query(
        `UPDATE events SET registration_opens_at = now() - interval '3 hours', registration_closes_at = now() - interval '1 hour',
           starts_at = now() - interval '1 hour' WHERE id = $1`,
        [event.id],
      );
      expectProblem(await as(await createUser(t)).post(`/events/${event.id}/registrations`, {}), 422);
      expectProblem(await as(person).delete(`/events/${event.id}/registrations/mine`), 422);
      await as(cast.department).post(`/events/${draft.id}/cancel`).expect(200);
      expectProblem(await as(person).post(`/events/${draft.id}/registrations`, {}), 409);
    });

    it('the online link only for registered participants and the organisers', async () => {
      const online = await createEvent(t, cast.department, null, {
        placeKind: 'online',
        address: undefined,
        onlineUrl: 'https://meet.example.se/abc',
        capacity: 1,
      });
      const first = await createUser(t);
      const second = await createUser(t);
      expect((await as(undefined).get(`/events/${online.id}`)).body.place.onlineUrl).toBeNull();
      await as(first).post(`/events/${online.id}/registrations`, {}).expect(201);
      await as(second).post(`/events/${online.id}/registrations`, {}).expect(201);
      expect((await as(first).get(`/events/${online.id}`)).body.place.onlineUrl).toBe('https://meet.example.se/abc');
      expect((await as(second).get(`/events/${online.id}`)).body.place.onlineUrl).toBeNull();
      expect((await as(cast.department).get(`/events/${online.id}`)).body.place.onlineUrl).toBe(
        'https://meet.example.se/abc',
      );
      const feed = await t.http().get(`${API}/events/calendar.ics`).expect(200);
      expect(feed.text).not.toContain('meet.example.se');
    });
  });

  describe('participants and attendance', () => {
    it('organisers, the department, directors and admins see names and needs; CSV with BOM; nobody else', async () => {
      const event = await createEvent(t, cast.department, null);
      const org = await createOrganization(t, cast.partner, { name: 'Föreningen Öresund' });
      await as(cast.partner)
        .post(`/events/${event.id}/registrations`, { organizationId: org.id, needs: 'Rullstol; "glutenfri"' })
        .expect(201);
      for (const who of [cast.department, cast.director, cast.admin]) {
        const list = await as(who).get(`/events/${event.id}/registrations`).expect(200);
        expect(list.body.items).toEqual([
          expect.objectContaining({
            user: { id: cast.partner.id, name: 'Partner' },
            organization: { id: org.id, name: 'Föreningen Öresund' },
            needs: 'Rullstol; "glutenfri"',
            status: 'registered',
          }),
        ]);
      }
      expectProblem(await as(undefined).get(`/events/${event.id}/registrations`), 401);
      expectProblem(await as(cast.partner).get(`/events/${event.id}/registrations`), 403);
      expectProblem(await as(otherStaff).get(`/events/${event.id}/registrations`), 403);
      expectProblem(await as(otherStaff).get(`/events/${event.id}/registrations/export`), 403);
      expectProblem(await as(cast.department).get(`/events/00000000-0000-4000-8000-000000000000/registrations`), 404);
      const csv = await as(cast.department).get(`/events/${event.id}/registrations/export`).buffer(true).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      const raw = Buffer.from(csv.text, 'utf8');
      expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toBe('name,email,organization,status,waiting_position,needs,attended,registered_at');
      expect(lines[1]).toContain('"Föreningen Öresund"');
      expect(lines[1]).toContain('"Rullstol; ""glutenfri"""');
      // Audit keeps no needs.
      const [registration] = await t.db.query<{ id: string }[]>(
        `SELECT id FROM event_registrations WHERE event_id = $1`,
        [event.id],
      );
      const trail = await auditEvents(t, 'event-registration', registration.id);
      expect(JSON.stringify(trail)).not.toContain('Rullstol');
    });

    it('marks attendance at the door; the figures appear on the event', async () => {
      const event = await createEvent(t, cast.department, null, { capacity: 2 });
      const a = await createUser(t);
      const b = await createUser(t);
      const c = await createUser(t);
      const orgA = await createOrganization(t, a);
      const ra = (await as(a).post(`/events/${event.id}/registrations`, { organizationId: orgA.id }).expect(201)).body;
      const rb = (await as(b).post(`/events/${event.id}/registrations`, {}).expect(201)).body;
      const rc = (await as(c).post(`/events/${event.id}/registrations`, {}).expect(201)).body;
      const mark = (who: TestUser | undefined, id: string, body: object = { attended: true }) =>
        as(who).post(`/events/${event.id}/registrations/${id}/attendance`, body);
      expectProblem(await mark(undefined, ra.id), 401);
      expectProblem(await mark(a, ra.id), 403);
      expectProblem(await mark(otherStaff, ra.id), 403);
      expectProblem(await mark(cast.director, ra.id), 403);
      expectProblem(await mark(cast.department, ra.id, { attended: 'yes' }), 400, 'attended');
      // A week before the start: the door is not open yet.
      const early = await mark(cast.department, ra.id);
      expectProblem(early, 422);
      expect(early.body.detail).toMatch(/one hour before/);
      await startNow(event.id);
      expectProblem(await mark(cast.department, rc.id), 422);
      expectProblem(await mark(cast.department, '00000000-0000-4000-8000-000000000000'), 404);
      const other = await createEvent(t, cast.department, null);
      const rOther = (await as(a).post(`/events/${other.id}/registrations`, {}).expect(201)).body;
      expectProblem(await mark(cast.department, rOther.id), 404);
      const marked = await mark(cast.department, ra.id).expect(200);
      expect(marked.body).toMatchObject({ id: ra.id, status: 'registered' });
      await mark(cast.department, rb.id).expect(200);
      await mark(cast.department, rb.id, { attended: false }).expect(200);
      const view = await as(undefined).get(`/events/${event.id}`).expect(200);
      expect(view.body.attendance).toEqual({ attended: 1, organizations: 1 });
      expect((await auditEvents(t, 'event-registration', ra.id)).map((e) => e.action)).toContain(
        'event.attendance-marked',
      );
      // Eight days after the end the list is closed.
      await t.db.query(
        `UPDATE events SET registration_opens_at = now() - interval '11 days', registration_closes_at = now() - interval '10 days',
           starts_at = now() - interval '9 days', ends_at = now() - interval '8 days' WHERE id = $1`,
        [event.id],
      );
      const late = await mark(cast.department, rb.id);
      expectProblem(late, 422);
      expect(late.body.detail).toMatch(/seven days after/);
    });
  });

  describe('editing a published event: times, place and who is told', () => {
    it('a move in time or place mails and notifies everyone registered or waiting; a new title tells nobody', async () => {
      const event = await createEvent(t, cast.department, null, { capacity: 1 });
      const [a, b] = [await createUser(t), await createUser(t)];
      await as(a).post(`/events/${event.id}/registrations`, {}).expect(201);
      await as(b).post(`/events/${event.id}/registrations`, {}).expect(201);
      const retitled = await as(cast.department)
        .patch(`/events/${event.id}`, { version: event.version, title: 'Workshop: nytt namn' })
        .expect(200);
      expect(await mailsTo(t, a.email)).toEqual([]);
      const startsAt = hoursFromNow(24 * 9);
      const moved = await as(cast.department)
        .patch(`/events/${event.id}`, {
          version: retitled.body.version,
          startsAt,
          endsAt: hoursFromNow(24 * 9 + 2),
          placeKind: 'online',
          onlineUrl: 'https://meet.example.se/oceanhamnen',
          registrationClosesAt: startsAt,
        })
        .expect(200);
      expect(moved.body.sequence).toBe(retitled.body.sequence + 1);
      for (const who of [a, b]) {
        const mails = await mailsTo(t, who.email);
        expect(mails.map((m) => m.template)).toEqual(['event.changed']);
        expect(mails[0].body).toContain('tiden och platsen');
        expect(mails[0].body).toContain('Online');
        // The link is for registered participants' pages, never in a mail to the waiting list.
        expect(mails[0].body).not.toContain('meet.example.se');
        const notes = await as(who).get('/notifications').expect(200);
        expect(notes.body.items).toContainEqual(
          expect.objectContaining({
            kind: 'event.changed',
            entityId: event.id,
            message: expect.stringContaining('time and place'),
          }),
        );
      }
      // A draft's changes tell nobody (nobody can be registered).
      const draft = await createEvent(t, cast.department, null, {}, false);
      await as(cast.department)
        .patch(`/events/${draft.id}`, {
          version: draft.version,
          startsAt: hoursFromNow(24 * 20),
          endsAt: hoursFromNow(24 * 20 + 1),
        })
        .expect(200);
    });

    it('times cannot be set into the past, on creation or by an edit; an unchanged past start is no problem', async () => {
      const d = cast.department;
      expectProblem(
        await as(d).post(
          '/events',
          eventBody(null, {
            startsAt: hoursFromNow(-3),
            endsAt: hoursFromNow(-1),
            registrationOpensAt: hoursFromNow(-5),
            registrationClosesAt: hoursFromNow(-4),
          }),
        ),
        422,
        'startsAt',
      );
      const event = await createEvent(t, d, null);
      const res = await as(d).patch(`/events/${event.id}`, { version: event.version, startsAt: hoursFromNow(-2) });
      expectProblem(res, 422, 'startsAt');
      expectProblem(
        await as(d).patch(`/events/${event.id}`, { version: event.version, endsAt: hoursFromNow(-1) }),
        422,
        'endsAt',
      );
      // A running event: its description may still change.
      await startNow(event.id);
      const current = (await as(d).get(`/events/${event.id}`).expect(200)).body;
      await as(d)
        .patch(`/events/${event.id}`, { version: current.version, description: 'Rättad beskrivning.' })
        .expect(200);
    });
  });

  describe('rooms: edit and delete', () => {
    it('admins rename and resize a room (never below an upcoming event in it); others may not', async () => {
      const hall = await createRoom(t, cast.admin, { name: 'Ateljén', capacity: 30 });
      await createEvent(t, cast.department, hall.id, { capacity: 25 });
      expectProblem(await as(undefined).patch(`/rooms/${hall.id}`, { capacity: 40 }), 401);
      expectProblem(await as(cast.department).patch(`/rooms/${hall.id}`, { capacity: 40 }), 403);
      expectProblem(await as(cast.director).patch(`/rooms/${hall.id}`, { capacity: 40 }), 403);
      expectProblem(await as(cast.admin).patch(`/rooms/${hall.id}`, { capacity: 0 }), 400, 'capacity');
      expectProblem(await as(cast.admin).patch(`/rooms/${hall.id}`, { name: 'x' }), 400, 'name');
      expectProblem(await as(cast.admin).patch(`/rooms/${hall.id}`, { floor: 2 }), 400);
      expectProblem(await as(cast.admin).patch('/rooms/nope', { capacity: 40 }), 400);
      expectProblem(await as(cast.admin).patch('/rooms/00000000-0000-4000-8000-000000000000', { capacity: 40 }), 404);
      expectProblem(await as(cast.admin).patch(`/rooms/${hall.id}`, { capacity: 20 }), 422, 'capacity');
      expectProblem(await as(cast.admin).patch(`/rooms/${hall.id}`, { name: 'Hörsalen' }), 409, 'name');
      const edited = await as(cast.admin)
        .patch(`/rooms/${hall.id}`, { name: 'Ateljén 2', capacity: 25, accessibilityNotes: null })
        .expect(200);
      expect(edited.body).toEqual({ id: hall.id, name: 'Ateljén 2', capacity: 25, accessibilityNotes: null });
      const trail = await auditEvents(t, 'room', hall.id);
      expect(trail.map((e) => e.action)).toEqual(['room.created', 'room.updated']);
      expect(trail[1].before).toMatchObject({ name: 'Ateljén', capacity: 30 });
    });

    it('a room with upcoming bookings is not deleted (409); an unused one is, a used one is retired', async () => {
      const busy = await createRoom(t, cast.admin, { name: 'Studion' });
      const booked = await createEvent(t, cast.department, busy.id);
      expectProblem(await as(cast.department).delete(`/rooms/${busy.id}`), 403);
      expectProblem(await as(undefined).delete(`/rooms/${busy.id}`), 401);
      const refused = await as(cast.admin).delete(`/rooms/${busy.id}`);
      expectProblem(refused, 409);
      expect(refused.body.detail).toContain('Studion');
      // Once the booking is cancelled the room can go; the cancelled event keeps its place.
      await as(cast.department).post(`/events/${booked.id}/cancel`).expect(200);
      await as(cast.admin).delete(`/rooms/${busy.id}`).expect(204);
      expect((await as(undefined).get('/rooms').expect(200)).body.map((r: { id: string }) => r.id)).not.toContain(
        busy.id,
      );
      expect((await as(undefined).get(`/events/${booked.id}`).expect(200)).body.place.room).toMatchObject({
        name: 'Studion',
      });
      expectProblem(await as(cast.department).post('/events', eventBody(busy.id)), 422, 'roomId');
      expectProblem(await as(cast.admin).delete(`/rooms/${busy.id}`), 404);
      // A retired room's name is free again.
      await createRoom(t, cast.admin, { name: 'Studion' });
      const unused = await createRoom(t, cast.admin);
      await as(cast.admin).delete(`/rooms/${unused.id}`).expect(204);
      expect(await t.db.query(`SELECT 1 FROM rooms WHERE id = $1`, [unused.id])).toEqual([]);
      expect((await auditEvents(t, 'room', busy.id)).map((e) => e.action)).toEqual(['room.created', 'room.retired']);
      expect((await auditEvents(t, 'room', unused.id)).map((e) => e.action)).toEqual(['room.created', 'room.deleted']);
    });

    it('a booking and a delete of one room at the same moment: never an event in a deleted room', async () => {
      const room = await createRoom(t, cast.admin);
      const [booking, removal] = await Promise.all([
        as(cast.department).post('/events', eventBody(room.id)),
        as(cast.admin).delete(`/rooms/${room.id}`),
      ]);
      // Either the booking came first (the delete is refused) or the delete did (the booking names no room).
      expect([
        [201, 409],
        [422, 204],
      ]).toContainEqual([booking.status, removal.status]);
    });
  });

  describe('reminders and the mail shares', () => {
    it('reminders are the platform’s own mail: they never use the organiser’s share of mail to a person', async () => {
      const person = await createUser(t);
      // More events the next day than one sender may mail one address in an hour.
      const events = [];
      for (let i = 0; i < MAILS_PER_ADDRESS_PER_HOUR + 1; i += 1) {
        events.push(
          await createEvent(t, cast.department, null, {
            startsAt: hoursFromNow(10 + i),
            endsAt: hoursFromNow(10 + i + 0.5),
            registrationClosesAt: hoursFromNow(9),
          }),
        );
      }
      for (const e of events) await as(person).post(`/events/${e.id}/registrations`, {}).expect(201);
      await t.app.get(EventReminders).tick();
      const reminders = (await mailsTo(t, person.email)).filter((m) => m.template === 'event.reminder');
      expect(reminders).toHaveLength(MAILS_PER_ADDRESS_PER_HOUR + 1);
      // And the organiser can still mail this person (a change of one of the events).
      const first = (await as(cast.department).get(`/events/${events[0].id}`).expect(200)).body;
      await as(cast.department)
        .patch(`/events/${first.id}`, { version: first.version, endsAt: hoursFromNow(11) })
        .expect(200);
      expect((await mailsTo(t, person.email)).map((m) => m.template)).toContain('event.changed');
    });
  });

  describe('attendance figures in the directors’ pipeline', () => {
    it('events held, participants, people and organisations reached, by kind and welfare area, in the caller’s scope', async () => {
      const challenge = await challengeIn(t, cast.department, 'published', { welfareArea: 'security' });
      const event = await createEvent(t, cast.department, null, { challengeId: challenge.id, kind: 'matchmaking' });
      const [a, b, c] = [await createUser(t), await createUser(t), await createUser(t)];
      const org = await createOrganization(t, a);
      const ra = (await as(a).post(`/events/${event.id}/registrations`, { organizationId: org.id }).expect(201)).body;
      const rb = (await as(b).post(`/events/${event.id}/registrations`, {}).expect(201)).body;
      await as(c).post(`/events/${event.id}/registrations`, {}).expect(201);
      await startNow(event.id);
      for (const r of [ra, rb]) {
        await as(cast.department)
          .post(`/events/${event.id}/registrations/${r.id}/attendance`, { attended: true })
          .expect(200);
      }
      await t.db.query(
        `UPDATE events SET registration_opens_at = now() - interval '3 days', registration_closes_at = now() - interval '2 days',
           starts_at = now() - interval '2 days', ends_at = now() - interval '2 days' + interval '2 hours' WHERE id = $1`,
        [event.id],
      );
      await as(cast.department).post(`/events/${event.id}/complete`).expect(200);
      const figures = { held: 1, participants: 2, people: 2, organizations: 1 };
      const city = await as(cast.director).get('/pipeline?area=security').expect(200);
      expect(city.body.events).toEqual({
        ...figures,
        byKind: [{ kind: 'matchmaking', ...figures }],
        byArea: [{ area: 'security', ...figures }],
      });
      const own = await as(cast.department).get('/pipeline?area=security').expect(200);
      expect(own.body.events).toMatchObject(figures);
      const other = await as(otherStaff).get('/pipeline?area=security').expect(200);
      expect(other.body.events).toMatchObject({ held: 0, participants: 0 });
      const view = await as(undefined).get(`/events/${event.id}`).expect(200);
      expect(view.body).toMatchObject({ status: 'completed', attendance: { attended: 2, organizations: 1 } });
    });
  });

  describe('cancelling an event', () => {
    it('tells everyone registered or waiting by mail and in the app; frees the room; audited', async () => {
      const hall = await createRoom(t, cast.admin, { name: 'Galleriet', capacity: 10 });
      const event = await createEvent(t, cast.department, hall.id, { capacity: 1 });
      const [a, b] = [await createUser(t), await createUser(t)];
      await as(a).post(`/events/${event.id}/registrations`, {}).expect(201);
      await as(b).post(`/events/${event.id}/registrations`, {}).expect(201);
      expectProblem(await as(cast.partner).post(`/events/${event.id}/cancel`), 403);
      expectProblem(await as(undefined).post(`/events/${event.id}/cancel`), 401);
      const cancelled = await as(cast.department).post(`/events/${event.id}/cancel`).expect(200);
      expect(cancelled.body.status).toBe('cancelled');
      for (const who of [a, b]) {
        expect((await mailsTo(t, who.email)).map((m) => m.template)).toEqual(['event.cancelled']);
        const notes = await as(who).get('/notifications').expect(200);
        expect(notes.body.items).toContainEqual(
          expect.objectContaining({ kind: 'event.cancelled', entityId: event.id }),
        );
      }
      expect((await auditEvents(t, 'event', event.id)).map((e) => e.action)).toEqual([
        'event.created',
        'event.published',
        'event.cancelled',
      ]);
      expectProblem(await as(cast.department).post(`/events/${event.id}/cancel`), 409);
      // Cancelled events stay readable (so calendars and people see it), but take no registrations.
      await as(undefined).get(`/events/${event.id}`).expect(200);
    });
  });

  describe('lists', () => {
    it('filters by challenge, pilot-less, kind and status, soonest first, with keyset pages', async () => {
      const challenge = await challengeIn(t, cast.department, 'published');
      const kickoff = await createEvent(t, cast.department, null, { challengeId: challenge.id, kind: 'workshop' });
      const second = await createEvent(t, cast.department, null, { challengeId: challenge.id, kind: 'lecture' });
      const byChallenge = await as(undefined).get(`/events?challengeId=${challenge.id}`).expect(200);
      expect(byChallenge.body.items.map((e: { id: string }) => e.id)).toEqual([kickoff.id, second.id]);
      expect(byChallenge.body.items[0].challenge).toEqual({ id: challenge.id, title: challenge.title });
      const lectures = await as(undefined).get(`/events?challengeId=${challenge.id}&kind=lecture`).expect(200);
      expect(lectures.body.items.map((e: { id: string }) => e.id)).toEqual([second.id]);
      const page1 = await as(undefined).get(`/events?challengeId=${challenge.id}&limit=1`).expect(200);
      expect(page1.body.items.map((e: { id: string }) => e.id)).toEqual([kickoff.id]);
      const page2 = await as(undefined)
        .get(`/events?challengeId=${challenge.id}&limit=1&cursor=${String(page1.body.nextCursor)}`)
        .expect(200);
      expect(page2.body.items.map((e: { id: string }) => e.id)).toEqual([second.id]);
      expect(page2.body.nextCursor).toBeNull();
      expect((await as(undefined).get(`/events?pilotId=${challenge.id}`).expect(200)).body.items).toEqual([]);
      expectProblem(await as(undefined).get('/events?cursor=abc'), 400, 'cursor');
      expectProblem(await as(undefined).get('/events?status=open'), 400, 'status');
      expectProblem(await as(undefined).get('/events?challengeId=1'), 400, 'challengeId');
      expectProblem(await as(undefined).get('/events?limit=0'), 400, 'limit');
      expectProblem(await as(undefined).get('/events?from=yesterday'), 400, 'from');
    });
  });

  describe('iCalendar', () => {
    it('one event and the feed, parsed by ical.js: stable UID, SEQUENCE for updates, STATUS for cancellation', async () => {
      const event = await createEvent(t, cast.department, room.id, {
        title: 'Föreläsning: AI, välfärd; och tillit',
        description: 'Rad ett\nRad två med, komma; semikolon och ett långt stycke text som måste vikas '.repeat(3),
      });
      const parse = (text: string) => {
        const calendar = new ICAL.Component(ICAL.parse(text));
        return calendar.getAllSubcomponents('vevent').map((v) => ({ v, e: new ICAL.Event(v) }));
      };
      const one = await t.http().get(`${API}/events/${event.id}/calendar.ics`).buffer(true).expect(200);
      expect(one.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
      expect(one.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
      expect(one.text.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
      const [{ e: first, v: vfirst }] = parse(one.text);
      expect(first.uid).toBe(`event-${event.id}@testbed.helsingborg.se`);
      expect(first.summary).toBe('Föreläsning: AI, välfärd; och tillit');
      expect(first.description).toContain('Rad ett\nRad två med, komma; semikolon');
      expect(first.location).toBe('Hörsalen, Innovationscentrum Oceanhamnen, Helsingborg');
      expect(first.startDate.toJSDate().toISOString()).toBe(new Date(String(event.startsAt)).toISOString());
      expect(first.sequence).toBe(0);
      expect(vfirst.getFirstPropertyValue('status')).toBe('CONFIRMED');

      await as(cast.department).patch(`/events/${event.id}`, { version: event.version, title: 'Ny titel' }).expect(200);
      const [{ e: updated }] = parse((await t.http().get(`${API}/events/${event.id}/calendar.ics`).buffer(true)).text);
      expect(updated.uid).toBe(first.uid);
      expect(updated.sequence).toBe(1);
      expect(updated.summary).toBe('Ny titel');

      const feedBefore = parse((await t.http().get(`${API}/events/calendar.ics`).buffer(true).expect(200)).text);
      expect(feedBefore.map(({ e }) => e.uid)).toContain(first.uid);
      await as(cast.department).post(`/events/${event.id}/cancel`).expect(200);
      const feed = parse((await t.http().get(`${API}/events/calendar.ics`).buffer(true).expect(200)).text);
      const mine = feed.find(({ e }) => e.uid === first.uid)!;
      expect(mine.e.sequence).toBe(2);
      expect(mine.v.getFirstPropertyValue('status')).toBe('CANCELLED');

      const draft = await createEvent(t, cast.department, null, {}, false);
      expect(feed.map(({ e }) => e.uid)).not.toContain(`event-${draft.id}@testbed.helsingborg.se`);
      expectProblem(await t.http().get(`${API}/events/${draft.id}/calendar.ics`), 404);
      expectProblem(await t.http().get(`${API}/events/nope/calendar.ics`), 400);
    });
  });

  describe('reminders the day before, exactly once with two instances', () => {
    it('two instances running the job side by side mail each registered person once', async () => {
      const second = await startTestApp({ EVENT_REMINDER_INTERVAL_SECONDS: '3600' }, t.database);
      try {
        const soon = await createEvent(t, cast.department, null, {
          startsAt: hoursFromNow(20),
          endsAt: hoursFromNow(22),
          registrationClosesAt: hoursFromNow(19),
          capacity: 3,
        });
        const later = await createEvent(t, cast.department, null, {
          startsAt: hoursFromNow(30),
          endsAt: hoursFromNow(32),
          registrationClosesAt: hoursFromNow(29),
        });
        const people = await Promise.all(Array.from({ length: 5 }, () => createUser(t)));
        for (const p of people) await as(p).post(`/events/${soon.id}/registrations`, {}).expect(201);
        await as(people[0]).post(`/events/${later.id}/registrations`, {}).expect(201);
        // One registered person cancels: the first waiting one is promoted and must be reminded instead.
        await as(people[1]).delete(`/events/${soon.id}/registrations/mine`).expect(204);

        const jobs = [t.app.get(EventReminders), second.app.get(EventReminders)];
        // Both instances at once (a tick already running is shared, not repeated), then both again.
        const rounds = await Promise.all(jobs.map((j) => j.tick()));
        const more = await Promise.all(jobs.map((j) => j.tick()));
        expect([...rounds, ...more].reduce((a, b) => a + b, 0)).toBe(3);
        expect(more).toEqual([0, 0]);
        const emails = people.map((p) => p.email.toLowerCase());
        const reminders = (await outbox(t)).filter(
          (m) => m.template === 'event.reminder' && emails.includes(m.recipient),
        );
        const registered = [people[0], people[2], people[3]].map((p) => p.email.toLowerCase()).sort();
        expect(reminders.map((m) => m.recipient).sort()).toEqual(registered);
        expect(reminders[0].body).toContain('Europe/Stockholm');
      } finally {
        await second.close();
      }
    });
  });
});
