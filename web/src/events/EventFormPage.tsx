import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { Form, Link } from 'react-aria-components';
import { ApiError } from '../api/client';
import { RequireSignIn } from '../account/RequireSignIn';
import { NotFoundContent } from '../app/NotFoundPage';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { RadioField } from '../ui/RadioField';
import { SelectField } from '../ui/SelectField';
import { TextAreaField } from '../ui/TextAreaField';
import { TextField } from '../ui/TextField';
import { eventChangesOf, eventFormOf, eventFormProblems, eventInputOf, emptyEventForm } from './event-form';
import type { EventField, EventFormValues, EventProblem } from './event-form';
import { EVENT_KINDS, useCreateEvent, useEvent, useRooms, useUpdateEvent } from './hooks';
import type { EventItem } from './hooks';
import { isCityStaff } from './roles';
import './events.css';

/** A new event (a draft; published from its page). */
export function NewEventPage() {
  const { t } = useTranslation();
  return (
    <RequireSignIn title={t('events.form.createTitle')}>
      {(user) => (
        <Page title={t('events.form.createTitle')} lead={t('events.form.createLead')}>
          {isCityStaff(user.roles) ? (
            <EventForm event={null} />
          ) : (
            <p className="notice">{t('events.form.notOrganiser')}</p>
          )}
        </Page>
      )}
    </RequireSignIn>
  );
}

/** Editing a draft or published event (its participants are told of a new time or place). */
export function EditEventPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const event = useEvent(id);
  if (event.error instanceof ApiError && [400, 404].includes(event.error.status)) return <NotFoundContent />;
  return (
    <RequireSignIn title={t('events.form.editTitle')}>
      {() => (
        <QueryState query={event} page={t('events.form.editTitle')}>
          {(data) => (
            <Page title={t('events.form.editTitleOf', { title: data.title })} lead={t('events.form.editLead')}>
              {data.canManage ? <EventForm event={data} /> : <p className="notice">{t('events.form.notOrganiser')}</p>}
            </Page>
          )}
        </QueryState>
      )}
    </RequireSignIn>
  );
}

function EventForm({ event }: { event: EventItem | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rooms = useRooms();
  const create = useCreateEvent();
  const update = useUpdateEvent(event?.id ?? '');
  const before = event ? eventFormOf(event) : null;
  const label = (field: EventField) => t(`events.form.fields.${field}`);
  const spec = Object.fromEntries(
    (Object.keys(emptyEventForm) as EventField[]).map((field) => [
      field,
      { id: `event-${field}`, label: label(field) },
    ]),
  ) as Record<EventField, { id: string; label: string }>;
  const form = useFormState(spec, before ?? emptyEventForm);
  const roomOf = (id: string) => rooms.data?.find((room) => room.id === id);
  const sentence = (field: EventField, problem: EventProblem) =>
    t(`events.form.problems.${problem}`, {
      field: label(field).toLowerCase(),
      capacity: roomOf(form.values.roomId)?.capacity ?? 0,
    });
  const check = (values: EventFormValues) => {
    const found = eventFormProblems(values, new Date(), roomOf(values.roomId)?.capacity ?? null, before);
    return Object.fromEntries(
      Object.entries(found).map(([field, problem]) => [field, sentence(field as EventField, problem)]),
    ) as Partial<Record<EventField, string>>;
  };
  const refusal = (error: ApiError) => {
    const fields = error.fieldErrors();
    if (error.status === 409 && fields.roomId) {
      return {
        field: 'roomId' as const,
        message: t('events.form.roomTaken', { room: roomOf(form.values.roomId)?.name ?? '' }),
      };
    }
    if (error.status === 409) return { message: t('events.form.stale') };
    if (error.status === 422 && fields.startsAt)
      return { field: 'startsAt' as const, message: sentence('startsAt', 'past') };
    if (error.status === 422 && fields.capacity && form.values.placeKind === 'room') {
      return { field: 'capacity' as const, message: t('events.form.capacityRefused') };
    }
    if (error.status === 403) return { message: t('events.form.forbidden') };
    return null;
  };
  const onSaved = (saved: EventItem) => void navigate(`/events/${saved.id}`);
  const pending = create.isPending || update.isPending;
  const submit = event
    ? form.submit(update, {
        check,
        variables: (values) => eventChangesOf(before!, values, event.version, new Date()),
        onSuccess: onSaved,
        refusal,
      })
    : form.submit(create, {
        check,
        variables: (values) => eventInputOf(values, new Date()),
        onSuccess: onSaved,
        refusal,
      });

  return (
    <Form className="form event-form" validationBehavior="aria" onSubmit={submit}>
      <ErrorSummary errors={form.summary} />
      <fieldset>
        <legend>{t('events.form.what')}</legend>
        <TextField {...form.field('title')} />
        <TextField {...form.field('titleEn')} hint={t('events.form.optional')} />
        <TextAreaField {...form.field('description')} />
        <TextAreaField {...form.field('descriptionEn')} hint={t('events.form.optional')} />
        <RadioField
          {...form.field('kind')}
          options={EVENT_KINDS.map((kind) => ({ id: kind, label: t(`events.kind.${kind}`) }))}
        />
      </fieldset>
      <fieldset>
        <legend>{t('events.form.when')}</legend>
        <p className="field-hint">{t('events.form.timeZoneHint')}</p>
        <TextField {...form.field('startsAt')} type="datetime-local" />
        <TextField {...form.field('endsAt')} type="datetime-local" />
      </fieldset>
      <fieldset>
        <legend>{t('events.form.where')}</legend>
        <RadioField
          {...form.field('placeKind')}
          options={(['room', 'address', 'online'] as const).map((kind) => ({
            id: kind,
            label: t(`events.form.placeKinds.${kind}`),
          }))}
        />
        {form.values.placeKind === 'room' && (
          <SelectField
            {...form.field('roomId')}
            hint={t('events.form.roomHint')}
            placeholder={t('events.form.chooseRoom')}
            options={(rooms.data ?? []).map((room) => ({
              id: room.id,
              label: t('events.form.roomOption', { name: room.name, capacity: room.capacity }),
            }))}
          />
        )}
        {form.values.placeKind === 'address' && <TextField {...form.field('address')} autoComplete="street-address" />}
        {form.values.placeKind === 'online' && (
          <TextField {...form.field('onlineUrl')} type="url" hint={t('events.form.onlineHint')} />
        )}
      </fieldset>
      <fieldset>
        <legend>{t('events.form.registration')}</legend>
        <TextField {...form.field('capacity')} inputMode="numeric" />
        <TextField {...form.field('registrationOpensAt')} type="datetime-local" hint={t('events.form.opensHint')} />
        <TextField {...form.field('registrationClosesAt')} type="datetime-local" hint={t('events.form.closesHint')} />
      </fieldset>
      <div className="button-row">
        <Button type="submit" isPending={pending}>
          {event ? t('events.form.save') : t('events.form.create')}
        </Button>
        <Link href={event ? `/events/${event.id}` : '/events'}>{t('events.form.back')}</Link>
      </div>
    </Form>
  );
}
