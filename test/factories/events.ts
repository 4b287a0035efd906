import type { TestApp } from '../support/test-app';
import type { TestUser } from './users';

/** Whole minutes, as people schedule events. */
export const hoursFromNow = (hours: number): string =>
  new Date(Math.floor((Date.now() + hours * 3_600_000) / 60_000) * 60_000).toISOString();

/** A room of the innovation centre, added by `admin`. */
export async function createRoom(
  t: TestApp,
  admin: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; name: string; capacity: number }> {
  const res = await t
    .http()
    .post('/api/v1/rooms')
    .set('Authorization', admin.auth)
    .send({
      name: `Rum ${Math.random().toString(36).slice(2, 8)}`,
      capacity: 60,
      accessibilityNotes: 'Step-free entrance; hearing loop.',
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`createRoom: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string; capacity: number };
}

/** A valid event body: a workshop in `roomId` (or at an address) a week from now, registration open now. */
let slot = 0;
export function eventBody(roomId: string | null, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // Each body its own three-hour slot, so events in one room never clash unless a test means them to.
  slot += 1;
  const start = 24 * 7 + slot * 3;
  const startsAt = hoursFromNow(start);
  return {
    title: 'Workshop: trygghet i Oceanhamnen',
    titleEn: 'Workshop: safety in Oceanhamnen',
    description: 'Vi arbetar tillsammans med utmaningen.',
    kind: 'workshop',
    startsAt,
    endsAt: hoursFromNow(start + 2),
    ...(roomId ? { placeKind: 'room', roomId } : { placeKind: 'address', address: 'Drottninggatan 1, Helsingborg' }),
    capacity: 20,
    registrationOpensAt: hoursFromNow(-1),
    registrationClosesAt: startsAt,
    ...overrides,
  };
}

/** A draft created by `by`; published too unless `publish` is false. */
export async function createEvent(
  t: TestApp,
  by: TestUser,
  roomId: string | null,
  overrides: Record<string, unknown> = {},
  publish = true,
): Promise<{ id: string; version: number } & Record<string, unknown>> {
  const res = await t.http().post('/api/v1/events').set('Authorization', by.auth).send(eventBody(roomId, overrides));
  if (res.status !== 201) throw new Error(`createEvent: ${res.status} ${JSON.stringify(res.body)}`);
  if (!publish) return res.body as { id: string; version: number };
  const published = await t
    .http()
    .post(`/api/v1/events/${String(res.body.id)}/publish`)
    .set('Authorization', by.auth);
  if (published.status !== 200) throw new Error(`publishEvent: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body as { id: string; version: number };
}
