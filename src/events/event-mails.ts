import type { NewMail } from '../mail/mail-outbox';
import { stockholmTime } from './event-views';

export interface MailEvent {
  id: string;
  title: string;
  startsAt: Date;
  place: string;
}

const when = (e: MailEvent): string => `${stockholmTime(e.startsAt).slice(0, 16).replace('T', ' ')} (Europe/Stockholm)`;
const link = (publicUrl: string, e: MailEvent): string => `${publicUrl}/events/${e.id}`;

/** To everyone registered or waiting when the organisers cancel the event. */
export function cancelledMail(to: string, e: MailEvent, publicUrl: string): NewMail {
  return {
    recipient: to,
    template: 'event.cancelled',
    subject: `Inställt: ${e.title}`,
    body: [
      'Hej,',
      '',
      `Evenemanget "${e.title}" ${when(e)} är inställt. Din anmälan gäller inte längre.`,
      `The event "${e.title}" on ${when(e)} has been cancelled.`,
      '',
      link(publicUrl, e),
    ].join('\n'),
  };
}

/** To the person who moved up from the waiting list. */
export function promotedMail(to: string, e: MailEvent, publicUrl: string): NewMail {
  return {
    recipient: to,
    template: 'event.promoted',
    subject: `Du har fått en plats: ${e.title}`,
    body: [
      'Hej,',
      '',
      `En plats blev ledig och du är nu anmäld till "${e.title}" ${when(e)}, ${e.place}.`,
      `A place became free: you are now registered for "${e.title}" on ${when(e)}.`,
      'Kan du inte komma? Avanmäl dig så att nästa på väntelistan får platsen.',
      '',
      link(publicUrl, e),
    ].join('\n'),
  };
}

/** The day before: once per registered person. The online link goes only to registered participants. */
export function reminderMail(to: string, e: MailEvent & { onlineUrl: string | null }, publicUrl: string): NewMail {
  return {
    recipient: to,
    template: 'event.reminder',
    subject: `Påminnelse: ${e.title} i morgon`,
    body: [
      'Hej,',
      '',
      `Välkommen till "${e.title}" ${when(e)}, ${e.place}.`,
      `A reminder: "${e.title}" starts ${when(e)}.`,
      ...(e.onlineUrl ? ['', `Länk / link: ${e.onlineUrl}`] : []),
      'Kan du inte komma? Avanmäl dig så att nästa på väntelistan får platsen.',
      '',
      link(publicUrl, e),
    ].join('\n'),
  };
}

/** To everyone registered or waiting when the organisers move a published event in time or place. */
export function changedMail(
  to: string,
  e: MailEvent,
  changes: readonly ('time' | 'place')[],
  publicUrl: string,
): NewMail {
  const sv = changes.map((c) => (c === 'time' ? 'tiden' : 'platsen')).join(' och ');
  const en = changes.join(' and ');
  return {
    recipient: to,
    template: 'event.changed',
    subject: `Ändrat: ${e.title}`,
    body: [
      'Hej,',
      '',
      `Arrangörerna har ändrat ${sv} för "${e.title}". Nu gäller: ${when(e)}, ${e.place}.`,
      `The organisers changed the ${en} of "${e.title}": now ${when(e)}, ${e.place}.`,
      'Passar det inte längre? Avanmäl dig så att nästa på väntelistan får platsen.',
      '',
      link(publicUrl, e),
    ].join('\n'),
  };
}
