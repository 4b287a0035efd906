import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import { Form, Link } from 'react-aria-components';
import { ApiError } from '../api/client';
import { useProblemMessage } from '../api/problems';
import { useSession } from '../account/session';
import { NotFoundContent } from '../app/NotFoundPage';
import { Button, LinkButton } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { Select } from '../ui/Select';
import { TextAreaField } from '../ui/TextAreaField';
import { registrationAction } from './calendar';
import { useEventTimes } from './format';
import {
  calendarLink,
  FEED_LINK,
  useCancelRegistration,
  useEvent,
  useEventStatus,
  useMyOrganizations,
  useRegister,
} from './hooks';
import type { EventItem } from './hooks';
import { usePlaceText } from './place';
import './events.css';

/** One event: what, when, where, places left; register, wait, cancel; the organisers' tools. */
export default function EventPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const event = useEvent(id);
  if (event.error instanceof ApiError && [400, 404].includes(event.error.status)) return <NotFoundContent />;
  return (
    <QueryState query={event} page={t('events.detail.pageTitle')}>
      {(data) => <EventView event={data} />}
    </QueryState>
  );
}

function EventView({ event }: { event: EventItem }) {
  const { t, i18n } = useTranslation();
  const times = useEventTimes();
  const place = usePlaceText();
  const en = i18n.language === 'en';
  const title = en && event.titleEn ? event.titleEn : event.title;
  const description = en && event.descriptionEn ? event.descriptionEn : event.description;
  return (
    <Page title={title}>
      <p className="card-kicker">
        {t(`events.kind.${event.kind}`)} · {t(`events.status.${event.status}`)}
      </p>
      {event.status === 'cancelled' && (
        <p className="notice" role="note">
          {t('events.detail.cancelledNotice')}
        </p>
      )}
      <div className="two-columns">
        <div>
          <dl className="facts">
            <dt>{t('events.detail.when')}</dt>
            <dd>
              <time dateTime={event.startsAt}>{times.span(event.startsAt, event.endsAt)}</time>{' '}
              <span className="muted">{t('events.detail.timeZone')}</span>
            </dd>
            <dt>{t('events.detail.where')}</dt>
            <dd>
              {place(event)}
              {event.place.room?.accessibilityNotes && (
                <p className="muted">
                  {t('events.detail.accessibility')}: {event.place.room.accessibilityNotes}
                </p>
              )}
              {event.place.onlineUrl && (
                <p>
                  <a href={event.place.onlineUrl} rel="noreferrer" target="_blank">
                    {t('events.detail.onlineLink')}
                  </a>
                </p>
              )}
            </dd>
            <dt>{t('events.detail.organiser')}</dt>
            <dd>
              {event.organiser.department ? event.organiser.department.name : t('events.detail.innovationCentre')}
            </dd>
            {event.challenge && (
              <>
                <dt>{t('events.detail.challenge')}</dt>
                <dd>
                  <Link href={`/challenges/${event.challenge.id}`}>{event.challenge.title}</Link>
                </dd>
              </>
            )}
            {event.pilot && (
              <>
                <dt>{t('events.detail.pilot')}</dt>
                <dd>{event.pilot.title}</dd>
              </>
            )}
          </dl>
          <section aria-labelledby="about">
            <h2 id="about">{t('events.detail.about')}</h2>
            <p className="prose">{description}</p>
          </section>
          {event.attendance && (
            <section aria-labelledby="attendance-figures">
              <h2 id="attendance-figures">{t('events.detail.attendanceTitle')}</h2>
              <p>
                {t('events.detail.attendanceFigures', {
                  count: event.attendance.attended,
                  organizations: event.attendance.organizations,
                })}
              </p>
            </section>
          )}
        </div>
        <aside aria-labelledby="places" className="panel">
          <h2 id="places">{t('events.detail.places')}</h2>
          <dl className="facts">
            <dt>{t('events.detail.capacity')}</dt>
            <dd>{event.capacity}</dd>
            <dt>{t('events.detail.placesLeft')}</dt>
            <dd data-testid="places-left">{event.placesLeft}</dd>
            <dt>{t('events.detail.waiting')}</dt>
            <dd>{event.waitingCount}</dd>
            <dt>{t('events.detail.registration')}</dt>
            <dd>
              {t('events.detail.registrationWindow', {
                opens: times.dateTime(event.registrationOpensAt),
                closes: times.dateTime(event.registrationClosesAt),
              })}
            </dd>
          </dl>
          <Registration event={event} />
          <h3>{t('events.detail.calendarTitle')}</h3>
          <ul>
            <li>
              <a href={calendarLink(event.id)} download={`event-${event.id}.ics`}>
                {t('events.detail.addToCalendar')}
              </a>
            </li>
            <li>
              <a href={FEED_LINK}>{t('events.detail.subscribe')}</a>
            </li>
          </ul>
        </aside>
      </div>
      {event.canManage && <Organiser event={event} />}
      <p>
        <Link href="/events">{t('events.detail.back')}</Link>
      </p>
    </Page>
  );
}

/** The signed-in person's registration: its state, the form to register or wait, and cancelling. */
function Registration({ event }: { event: EventItem }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const session = useSession();
  const signedIn = !!session.data;
  const cancel = useCancelRegistration(event.id);
  const [announcement, setAnnouncement] = useState('');
  const mine = event.myRegistration;
  const action = registrationAction(event);
  return (
    <section aria-labelledby="my-registration">
      <h3 id="my-registration">{t('events.register.title')}</h3>
      <p role="status" className="success-text">
        {announcement}
      </p>
      {mine?.status === 'registered' && <p className="success">{t('events.register.youAreRegistered')}</p>}
      {mine?.status === 'waiting' && (
        <p className="success">{t('events.register.youAreWaiting', { position: mine.waitingPosition ?? 0 })}</p>
      )}
      {mine && event.status === 'published' && new Date(event.startsAt).getTime() > Date.now() && (
        <div className="button-row">
          <ConfirmDialog
            triggerLabel={t('events.register.cancel')}
            title={t('events.register.cancelTitle')}
            confirmLabel={t('events.register.cancelConfirm')}
            cancelLabel={t('events.register.keep')}
            isPending={cancel.isPending}
            onConfirm={async () => {
              await cancel.mutateAsync();
              setAnnouncement(t('events.register.cancelled'));
            }}
          >
            <p>{t('events.register.cancelBody')}</p>
          </ConfirmDialog>
        </div>
      )}
      {!mine && !signedIn && event.registrationOpen && (
        <p>
          <LinkButton href={`/sign-in?returnTo=${encodeURIComponent(pathname)}`}>
            {t('events.register.signInToRegister')}
          </LinkButton>
        </p>
      )}
      {!mine && !event.registrationOpen && event.status === 'published' && (
        <p className="muted">{t('events.register.closed')}</p>
      )}
      {signedIn && action && (
        <RegisterForm event={event} action={action} onDone={(message) => setAnnouncement(message)} />
      )}
    </section>
  );
}

function RegisterForm({
  event,
  action,
  onDone,
}: {
  event: EventItem;
  action: 'register' | 'wait';
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const register = useRegister(event.id);
  const organizations = useMyOrganizations(true);
  const form = useFormState(
    {
      organizationId: { id: 'register-organization', label: t('events.register.organization') },
      needs: { id: 'register-needs', label: t('events.register.needs') },
    },
    { organizationId: '', needs: '' },
  );
  const orgs = organizations.data?.items ?? [];
  return (
    <Form
      className="form"
      validationBehavior="aria"
      onSubmit={form.submit(register, {
        check: (values) => ({
          needs: values.needs.length > 1000 ? t('events.register.needsTooLong') : undefined,
        }),
        variables: (values) => ({
          organizationId: values.organizationId || undefined,
          needs: values.needs.trim() || undefined,
        }),
        onSuccess: (registration) =>
          onDone(
            registration.status === 'registered'
              ? t('events.register.nowRegistered')
              : t('events.register.nowWaiting', { position: registration.waitingPosition ?? 0 }),
          ),
        refusal: (refusal) =>
          refusal.status === 409
            ? { message: t('events.register.refusedConflict') }
            : refusal.status === 422 && refusal.fieldErrors().organizationId
              ? { field: 'organizationId', message: t('events.register.notYourOrganization') }
              : refusal.status === 422
                ? { message: t('events.register.refusedClosed') }
                : null,
      })}
    >
      <ErrorSummary errors={form.summary} />
      {action === 'wait' && <p className="notice">{t('events.register.fullNotice', { count: event.waitingCount })}</p>}
      {orgs.length > 0 && (
        <Select
          label={t('events.register.organization')}
          anyLabel={t('events.register.asMyself')}
          value={form.values.organizationId}
          options={orgs.map((org) => ({ id: org.id, label: org.name }))}
          onChange={form.set('organizationId')}
        />
      )}
      <TextAreaField {...form.field('needs')} hint={t('events.register.needsHint')} />
      <div className="button-row">
        <Button type="submit" isPending={register.isPending}>
          {action === 'register' ? t('events.register.register') : t('events.register.joinWaitingList')}
        </Button>
      </div>
    </Form>
  );
}

/** For the organisers: edit, publish, cancel, and the way to participants and the door. */
function Organiser({ event }: { event: EventItem }) {
  const { t } = useTranslation();
  const status = useEventStatus(event.id);
  const [announcement, setAnnouncement] = useState('');
  const problem = useProblemMessage();
  const message = (error: unknown) =>
    error instanceof ApiError && error.status === 409
      ? t('events.organiser.refusedConflict')
      : error instanceof ApiError && error.status === 422
        ? t('events.organiser.refusedRule')
        : problem(error);
  const editable = event.status === 'draft' || event.status === 'published';
  return (
    <section aria-labelledby="organiser" className="notice organiser">
      <h2 id="organiser">{t('events.organiser.title')}</h2>
      <p role="status">{announcement}</p>
      {status.error && (
        <p className="field-error" role="alert">
          {message(status.error)}
        </p>
      )}
      <div className="button-row">
        {editable && (
          <LinkButton variant="secondary" href={`/events/${event.id}/edit`}>
            {t('events.organiser.edit')}
          </LinkButton>
        )}
        {event.status === 'draft' && (
          <Button
            isPending={status.isPending}
            onPress={() =>
              status.mutate('publish', { onSuccess: () => setAnnouncement(t('events.organiser.published')) })
            }
          >
            {t('events.organiser.publish')}
          </Button>
        )}
        {event.status === 'published' && new Date(event.endsAt).getTime() < Date.now() && (
          <Button
            isPending={status.isPending}
            onPress={() =>
              status.mutate('complete', { onSuccess: () => setAnnouncement(t('events.organiser.completed')) })
            }
          >
            {t('events.organiser.complete')}
          </Button>
        )}
        {editable && (
          <ConfirmDialog
            triggerLabel={t('events.organiser.cancel')}
            title={t('events.organiser.cancelTitle')}
            confirmLabel={t('events.organiser.cancelConfirm')}
            cancelLabel={t('events.organiser.keep')}
            isPending={status.isPending}
            onConfirm={async () => {
              await status.mutateAsync('cancel');
              setAnnouncement(t('events.organiser.cancelled'));
            }}
          >
            <p>{t('events.organiser.cancelBody', { count: event.registeredCount + event.waitingCount })}</p>
          </ConfirmDialog>
        )}
      </div>
      {event.status !== 'draft' && (
        <ul>
          <li>
            <Link href={`/events/${event.id}/participants`}>
              {t('events.organiser.participants', { count: event.registeredCount, waiting: event.waitingCount })}
            </Link>
          </li>
          <li>
            <Link href={`/events/${event.id}/attendance`}>{t('events.organiser.attendance')}</Link>
          </li>
        </ul>
      )}
    </section>
  );
}
