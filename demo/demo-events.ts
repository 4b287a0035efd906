import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../src/common/auth.decorators';
import type { CreateEventDto } from '../src/events/dto/event.dto';
import type { EventKind } from '../src/events/event-rules';
import { EventRegistrationsService } from '../src/events/event-registrations.service';
import { EventsService } from '../src/events/events.service';
import { RoomsService } from '../src/events/rooms.service';
import { UsersService } from '../src/users/users.service';

/** The rooms of the innovation centre in Oceanhamnen. */
export const DEMO_ROOMS = [
  {
    name: 'Hörsalen',
    capacity: 120,
    accessibilityNotes: 'Step-free entrance from the quay, hearing loop, wheelchair places on the front row.',
  },
  {
    name: 'Verkstaden',
    capacity: 30,
    accessibilityNotes: 'Ground floor, height-adjustable tables, quiet room next door.',
  },
  { name: 'Labbet', capacity: 20, accessibilityNotes: 'Ground floor; demo equipment can be moved for wheelchairs.' },
  { name: 'Mötesrummet Kajen', capacity: 12, accessibilityNotes: 'Lift to the first floor; hearing loop.' },
];

type Fate = 'published' | 'draft' | 'cancelled' | 'held';

interface DemoEvent {
  title: string;
  titleEn: string;
  description: string;
  kind: EventKind;
  /** Days from today (negative: already held) and the hour (UTC) it starts, and its length in hours. */
  day: number;
  hour: number;
  hours: number;
  room?: string;
  online?: string;
  address?: string;
  capacity: number;
  /** Organised by the demo department, or by the innovation centre (the director). */
  by: 'department' | 'centre';
  challenge?: string;
  pilot?: boolean;
  fate: Fate;
  /** Demo accounts that register, in this order (more than the capacity: a waiting list). */
  registrants?: string[];
}

const EVERYONE = ['partner', 'evaluator', 'evaluator2', 'evaluator3'];

/** A season at the innovation centre: upcoming events of every kind, a full one with a waiting list, a draft, a cancelled one, two held. */
export const DEMO_EVENTS: DemoEvent[] = [
  {
    title: 'Frukostmöte: innovationsnätverket i Helsingborg',
    titleEn: 'Breakfast meeting: the Helsingborg innovation network',
    description:
      'Kort frukostmöte online för alla som arbetar med välfärdsutmaningarna: nyheter, nya utmaningar och frågor.',
    kind: 'meeting',
    day: 5,
    hour: 7,
    hours: 1,
    online: 'https://meet.example.se/innovationsnatverket',
    capacity: 50,
    by: 'centre',
    fate: 'published',
    registrants: ['partner'],
  },
  {
    title: 'Kick-off: Minskad ofrivillig ensamhet inom äldreomsorgen',
    titleEn: 'Kick-off workshop: less involuntary loneliness in elderly care',
    description:
      'Utmaningens kick-off: vi går igenom behovet med äldreomsorgen, träffar brukare och föreningar och bildar konsortier.',
    kind: 'workshop',
    day: 10,
    hour: 12,
    hours: 3,
    room: 'Verkstaden',
    capacity: 30,
    by: 'department',
    challenge: 'Minskad ofrivillig ensamhet inom äldreomsorgen',
    fate: 'published',
    registrants: ['partner', 'evaluator2'],
  },
  {
    title: 'Workshop: tjänstedesign för föreningar',
    titleEn: 'Workshop: service design for associations',
    description:
      'En praktisk workshop i små grupper. Få platser: anmäl dig tidigt, väntelistan flyttas upp i tur och ordning.',
    kind: 'workshop',
    day: 12,
    hour: 13,
    hours: 2,
    room: 'Mötesrummet Kajen',
    capacity: 2,
    by: 'department',
    fate: 'published',
    registrants: EVERYONE,
  },
  {
    title: 'Föreläsning: AI i välfärden – möjligheter och risker',
    titleEn: 'Lecture: AI in welfare – opportunities and risks',
    description: 'Forskare och stadens jurister om hur AI kan användas i välfärden, och vad lagen kräver.',
    kind: 'lecture',
    day: 17,
    hour: 16,
    hours: 2,
    room: 'Hörsalen',
    capacity: 100,
    by: 'centre',
    fate: 'published',
    registrants: ['evaluator', 'partner'],
  },
  {
    title: 'Matchmaking: trygghet möter startups',
    titleEn: 'Matchmaking: safety meets startups',
    description:
      'Korta möten mellan förvaltningar, företag och föreningar kring utmaningen om trygghet vid Knutpunkten.',
    kind: 'matchmaking',
    day: 24,
    hour: 13,
    hours: 3,
    room: 'Labbet',
    capacity: 20,
    by: 'centre',
    challenge: 'Tryggare stadsmiljö kring Knutpunkten kvällstid',
    fate: 'published',
  },
  {
    title: 'Demo day: piloterna visar vad de lärt sig',
    titleEn: 'Demo day: the pilots show what they learned',
    description: 'Piloterna visar resultat mot sina effektmål. Öppet för alla.',
    kind: 'demo_day',
    day: 31,
    hour: 14,
    hours: 3,
    room: 'Hörsalen',
    capacity: 120,
    by: 'department',
    pilot: true,
    fate: 'published',
  },
  {
    title: 'Sommarläger för unga innovatörer',
    titleEn: 'Summer camp for young innovators',
    description: 'Utkast: planeras tillsammans med arbetsmarknadsförvaltningen.',
    kind: 'workshop',
    day: 60,
    hour: 8,
    hours: 6,
    address: 'Oceanhamnen, Helsingborg',
    capacity: 40,
    by: 'department',
    fate: 'draft',
  },
  {
    title: 'Hackathon: öppna data för trygghet',
    titleEn: 'Hackathon: open data for safety',
    description: 'Inställt på grund av för få anmälda; vi återkommer med ett nytt datum.',
    kind: 'workshop',
    day: 20,
    hour: 8,
    hours: 8,
    room: 'Labbet',
    capacity: 20,
    by: 'centre',
    fate: 'cancelled',
    registrants: ['evaluator3'],
  },
  {
    title: 'Föreläsning: Staden som testbädd',
    titleEn: 'Lecture: the city as a testbed',
    description: 'Hur Helsingborg arbetar med utmaningsdriven innovation: från utmaning till skalad pilot.',
    kind: 'lecture',
    day: -14,
    hour: 16,
    hours: 2,
    room: 'Hörsalen',
    capacity: 100,
    by: 'centre',
    fate: 'held',
    registrants: EVERYONE,
  },
  {
    title: 'Workshop: fossilfria leveranser i city',
    titleEn: 'Workshop: fossil-free deliveries in the city centre',
    description: 'Utmaningens workshop med handlare, åkerier och forskare.',
    kind: 'workshop',
    day: -30,
    hour: 12,
    hours: 3,
    room: 'Verkstaden',
    capacity: 30,
    by: 'department',
    challenge: 'Fossilfria leveranser i city',
    fate: 'held',
    registrants: ['partner', 'evaluator'],
  },
];

const dayAt = (day: number, hour: number): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + day, hour));
};

/** The centre's rooms and a season of events, through the service (so the audit trail has them). Idempotent by title. */
export async function seedEvents(app: INestApplicationContext): Promise<void> {
  const db = app.get(DataSource);
  const users = app.get(UsersService);
  const events = app.get(EventsService);
  const roomsService = app.get(RoomsService);
  const registrationsService = app.get(EventRegistrationsService);
  const account = (name: string) => users.findActiveByEmail(`${name}@demo.testbed.se`);
  const [admin, director, department] = await Promise.all(['admin', 'director', 'department'].map(account));
  if (!admin || !director || !department) return;

  const rooms = new Map((await roomsService.rooms()).map((r) => [r.name, r.id]));
  for (const room of DEMO_ROOMS) {
    if (!rooms.has(room.name)) rooms.set(room.name, (await roomsService.createRoom(admin, room)).id);
  }
  const idOf = async (sql: string, value?: string) =>
    (await db.query<{ id: string }[]>(sql, value === undefined ? [] : [value]))[0]?.id;
  const pilotId = await idOf(`SELECT id FROM pilots WHERE status = 'active' ORDER BY created_at, id LIMIT 1`);

  for (const e of DEMO_EVENTS) {
    if (await idOf(`SELECT id FROM events WHERE title_sv = $1`, e.title)) continue;
    const by: AuthUser = e.by === 'centre' ? director : department;
    // A held event is created ahead (registration is open now), then moved back to its real date.
    const day = e.fate === 'held' ? 7 : e.day;
    const startsAt = dayAt(day, e.hour);
    const dto: CreateEventDto = {
      title: e.title,
      titleEn: e.titleEn,
      description: e.description,
      kind: e.kind,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + e.hours * 3_600_000).toISOString(),
      placeKind: e.room ? 'room' : e.online ? 'online' : 'address',
      roomId: e.room ? rooms.get(e.room) : undefined,
      onlineUrl: e.online,
      address: e.address,
      capacity: e.capacity,
      registrationOpensAt: new Date(Date.now() - 86_400_000).toISOString(),
      registrationClosesAt: startsAt.toISOString(),
      challengeId: e.challenge ? await idOf(`SELECT id FROM challenges WHERE title = $1`, e.challenge) : undefined,
      pilotId: e.pilot ? pilotId : undefined,
    };
    const event = await events.create(by, dto);
    if (e.fate === 'draft') continue;
    await events.publish(by, event.id);
    const registrations: string[] = [];
    for (const name of e.registrants ?? []) {
      const person = await account(name);
      if (person) registrations.push((await registrationsService.register(person, event.id, {})).id);
    }
    if (e.fate === 'cancelled') await events.cancel(by, event.id);
    if (e.fate === 'held') {
      // Moves the event (its registration window with it) to start at `to`.
      const move = (to: Date) =>
        db.query(
          `UPDATE events SET registration_opens_at = registration_opens_at + ($2::timestamptz - starts_at),
             registration_closes_at = registration_closes_at + ($2::timestamptz - starts_at),
             ends_at = ends_at + ($2::timestamptz - starts_at), starts_at = $2::timestamptz WHERE id = $1`,
          [event.id, to],
        );
      // Attendance is marked only from an hour before the start to seven days after the end: at
      // the door of a day six days back, then on to its real date.
      await move(new Date(Date.now() - 6 * 86_400_000));
      // Most of those registered came.
      for (const id of registrations.slice(0, Math.max(1, registrations.length - 1))) {
        await registrationsService.markAttendance(by, event.id, id, { attended: true });
      }
      await move(dayAt(e.day, e.hour));
      await events.complete(by, event.id);
    }
  }
}
