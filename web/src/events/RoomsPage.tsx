import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogTrigger, Form, Heading, Link, Modal, ModalOverlay } from 'react-aria-components';
import { ApiError } from '../api/client';
import { useSession } from '../account/session';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { TextAreaField } from '../ui/TextAreaField';
import { TextField } from '../ui/TextField';
import { useCreateRoom, useDeleteRoom, useRooms, useUpdateRoom } from './hooks';
import type { Room } from './hooks';
import { isAdmin } from './roles';
import './events.css';

/** The innovation centre's rooms: everyone reads them; admins add, change and delete them. */
export default function RoomsPage() {
  const { t } = useTranslation();
  const rooms = useRooms();
  const session = useSession();
  const admin = isAdmin(session.data?.roles);
  const [announcement, setAnnouncement] = useState('');
  return (
    <Page title={t('events.rooms.title')} lead={t('events.rooms.lead')}>
      <p role="status">{announcement}</p>
      <QueryState query={rooms}>
        {(list) => (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('events.rooms.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('events.rooms.name')}</th>
                  <th scope="col" className="num">
                    {t('events.rooms.capacity')}
                  </th>
                  <th scope="col">{t('events.rooms.accessibility')}</th>
                  {admin && <th scope="col">{t('events.rooms.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {list.map((room) => (
                  <tr key={room.id}>
                    <th scope="row">{room.name}</th>
                    <td className="num">{room.capacity}</td>
                    <td>{room.accessibilityNotes ?? '–'}</td>
                    {admin && (
                      <td>
                        <div className="button-row">
                          <RoomDialog room={room} onDone={setAnnouncement} />
                          <DeleteRoom room={room} onDone={setAnnouncement} />
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {admin && <RoomDialog room={null} onDone={setAnnouncement} />}
      <p>
        <Link href="/events">{t('events.rooms.back')}</Link>
      </p>
    </Page>
  );
}

function DeleteRoom({ room, onDone }: { room: Room; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const remove = useDeleteRoom();
  return (
    <ConfirmDialog
      triggerLabel={t('events.rooms.deleteOf', { name: room.name })}
      title={t('events.rooms.deleteTitle', { name: room.name })}
      confirmLabel={t('events.rooms.deleteConfirm')}
      cancelLabel={t('events.rooms.keep')}
      isPending={remove.isPending}
      onConfirm={async () => {
        try {
          await remove.mutateAsync(room.id);
          onDone(t('events.rooms.deleted', { name: room.name }));
        } catch (error) {
          // A 409 means upcoming bookings: say so in the person's language, inside the dialog.
          if (error instanceof ApiError && error.status === 409) {
            throw new ApiError(409, {
              ...error.problem,
              type: 'urn:problem-type:testbed:room-booked',
              detail: t('events.rooms.booked', { name: room.name }),
            });
          }
          throw error;
        }
      }}
    >
      <p>{t('events.rooms.deleteBody')}</p>
    </ConfirmDialog>
  );
}

/** Add a room (room null) or change one, in a modal dialog that keeps what was typed on a refusal. */
function RoomDialog({ room, onDone }: { room: Room | null; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  return (
    <DialogTrigger>
      <Button variant={room ? 'secondary' : 'primary'}>
        {room ? t('events.rooms.editOf', { name: room.name }) : t('events.rooms.add')}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">
                  {room ? t('events.rooms.editTitle', { name: room.name }) : t('events.rooms.addTitle')}
                </Heading>
                <RoomForm
                  room={room}
                  onCancel={close}
                  onSaved={(saved) => {
                    onDone(t(room ? 'events.rooms.saved' : 'events.rooms.added', { name: saved.name }));
                    close();
                  }}
                />
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

function RoomForm({
  room,
  onCancel,
  onSaved,
}: {
  room: Room | null;
  onCancel: () => void;
  onSaved: (room: Room) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateRoom();
  const update = useUpdateRoom(room?.id ?? '');
  const prefix = room ? `room-${room.id}` : 'room-new';
  const form = useFormState(
    {
      name: { id: `${prefix}-name`, label: t('events.rooms.name') },
      capacity: { id: `${prefix}-capacity`, label: t('events.rooms.capacity') },
      accessibilityNotes: { id: `${prefix}-notes`, label: t('events.rooms.accessibility') },
    },
    {
      name: room?.name ?? '',
      capacity: room ? String(room.capacity) : '',
      accessibilityNotes: room?.accessibilityNotes ?? '',
    },
  );
  const options = {
    check: (values: Record<'name' | 'capacity' | 'accessibilityNotes', string>) => ({
      name: values.name.trim().length < 2 ? t('events.rooms.nameRequired') : undefined,
      capacity:
        /^\d+$/.test(values.capacity.trim()) && Number(values.capacity) >= 1
          ? undefined
          : t('events.rooms.capacityInvalid'),
    }),
    onSuccess: onSaved,
    refusal: (error: ApiError) =>
      error.status === 409
        ? { field: 'name' as const, message: t('events.rooms.nameTaken') }
        : error.status === 422
          ? { field: 'capacity' as const, message: t('events.rooms.capacityBelowBooking') }
          : null,
  };
  const variables = (values: Record<'name' | 'capacity' | 'accessibilityNotes', string>) => ({
    name: values.name.trim(),
    capacity: Number(values.capacity),
    accessibilityNotes: values.accessibilityNotes.trim() || null,
  });
  return (
    <Form
      className="form"
      validationBehavior="aria"
      onSubmit={room ? form.submit(update, { ...options, variables }) : form.submit(create, { ...options, variables })}
    >
      <ErrorSummary errors={form.summary} />
      <TextField {...form.field('name')} />
      <TextField {...form.field('capacity')} inputMode="numeric" />
      <TextAreaField {...form.field('accessibilityNotes')} hint={t('events.rooms.accessibilityHint')} />
      <div className="button-row">
        <Button type="submit" isPending={create.isPending || update.isPending}>
          {room ? t('events.rooms.save') : t('events.rooms.add')}
        </Button>
        <Button variant="secondary" onPress={onCancel}>
          {t('events.rooms.cancel')}
        </Button>
      </div>
    </Form>
  );
}
