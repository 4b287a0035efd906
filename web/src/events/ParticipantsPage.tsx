import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Link } from 'react-aria-components';
import { ApiError } from '../api/client';
import { RequireSignIn } from '../account/RequireSignIn';
import { NotFoundContent } from '../app/NotFoundPage';
import { CheckboxField } from '../ui/CheckboxField';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { attendanceOpen } from './calendar';
import { useEventTimes } from './format';
import { csvLink, useEvent, useMarkAttendance, useParticipants } from './hooks';
import type { EventItem, Participant } from './hooks';
import './events.css';

/** The participant list for the organisers: names, organisations, needs, the waiting list; CSV. */
export function ParticipantsPage() {
  const { t } = useTranslation();
  return (
    <OrganiserPage title={t('events.participants.pageTitle')}>
      {(event, participants) => (
        <Page title={t('events.participants.title', { title: event.title })} lead={t('events.participants.lead')}>
          <p>
            <a href={csvLink(event.id)} download>
              {t('events.participants.csv')}
            </a>
          </p>
          <ParticipantTable participants={participants} />
          <p>
            <Link href={`/events/${event.id}/attendance`}>{t('events.organiser.attendance')}</Link> ·{' '}
            <Link href={`/events/${event.id}`}>{t('events.participants.back')}</Link>
          </p>
        </Page>
      )}
    </OrganiserPage>
  );
}

function ParticipantTable({ participants }: { participants: Participant[] }) {
  const { t } = useTranslation();
  if (participants.length === 0) return <p>{t('events.participants.none')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption>{t('events.participants.caption', { count: participants.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('events.participants.name')}</th>
            <th scope="col">{t('events.participants.organization')}</th>
            <th scope="col">{t('events.participants.needs')}</th>
            <th scope="col">{t('events.participants.status')}</th>
          </tr>
        </thead>
        <tbody>
          {participants.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                {p.user.name}
                <br />
                <span className="muted">{p.email}</span>
              </th>
              <td>{p.organization?.name ?? '–'}</td>
              <td>{p.needs ?? '–'}</td>
              <td>
                {p.status === 'waiting'
                  ? t('events.participants.waiting', { position: p.waitingPosition ?? 0 })
                  : p.attendedAt
                    ? t('events.participants.attended')
                    : t('events.participants.registered')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** At the door: a checklist of the registered participants; each tick marks attendance at once. */
export function AttendancePage() {
  const { t } = useTranslation();
  return (
    <OrganiserPage title={t('events.attendance.pageTitle')}>
      {(event, participants) => (
        <Page title={t('events.attendance.title', { title: event.title })} lead={t('events.attendance.lead')}>
          <Checklist event={event} participants={participants.filter((p) => p.status === 'registered')} />
          <p>
            <Link href={`/events/${event.id}/participants`}>{t('events.attendance.toParticipants')}</Link> ·{' '}
            <Link href={`/events/${event.id}`}>{t('events.participants.back')}</Link>
          </p>
        </Page>
      )}
    </OrganiserPage>
  );
}

function Checklist({ event, participants }: { event: EventItem; participants: Participant[] }) {
  const { t } = useTranslation();
  const times = useEventTimes();
  const mark = useMarkAttendance(event.id);
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState('');
  const open = attendanceOpen(event, new Date());
  const present = participants.filter((p) => p.attendedAt).length;
  if (participants.length === 0) return <p>{t('events.attendance.none')}</p>;
  return (
    <>
      {!open && (
        <p className="notice">
          {t('events.attendance.closed', {
            opens: times.dateTime(new Date(new Date(event.startsAt).getTime() - 3_600_000).toISOString()),
          })}
        </p>
      )}
      <p role="status" className="result-count">
        {announcement || t('events.attendance.count', { present, count: participants.length })}
      </p>
      {failure && (
        <p role="alert" className="field-error">
          {failure}
        </p>
      )}
      <fieldset className="checklist">
        <legend>{t('events.attendance.legend')}</legend>
        {participants.map((p) => (
          <CheckboxField
            key={p.id}
            label={p.organization ? `${p.user.name} (${p.organization.name})` : p.user.name}
            isSelected={!!p.attendedAt}
            isDisabled={!open}
            onChange={(attended) => {
              setFailure('');
              mark.mutate(
                { registrationId: p.id, attended },
                {
                  onSuccess: () =>
                    setAnnouncement(
                      t(attended ? 'events.attendance.marked' : 'events.attendance.unmarked', { name: p.user.name }),
                    ),
                  onError: (error) =>
                    setFailure(
                      error instanceof ApiError && error.status === 422
                        ? t('events.attendance.refusedWindow')
                        : t('events.attendance.refused', { name: p.user.name }),
                    ),
                },
              );
            }}
          />
        ))}
      </fieldset>
    </>
  );
}

/** The event and its participants, for the organisers only (others are told, not shown). */
function OrganiserPage({
  title,
  children,
}: {
  title: string;
  children: (event: EventItem, participants: Participant[]) => ReactNode;
}) {
  return <RequireSignIn title={title}>{() => <Loaded title={title}>{children}</Loaded>}</RequireSignIn>;
}

function Loaded({
  title,
  children,
}: {
  title: string;
  children: (event: EventItem, participants: Participant[]) => ReactNode;
}) {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const event = useEvent(id);
  const participants = useParticipants(id);
  if (event.error instanceof ApiError && [400, 404].includes(event.error.status)) return <NotFoundContent />;
  if (participants.error instanceof ApiError && participants.error.status === 403) {
    return (
      <Page title={title}>
        <p className="notice">{t('events.participants.forbidden')}</p>
      </Page>
    );
  }
  return (
    <QueryState query={event} page={title}>
      {(data) => (
        <QueryState query={participants} page={title}>
          {(list) => children(data, list.items)}
        </QueryState>
      )}
    </QueryState>
  );
}
