import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';

export type EventItem = Schemas['EventDto'];
export type EventKind = EventItem['kind'];
export type EventStatus = EventItem['status'];
export type Room = Schemas['RoomDto'];
export type Participant = Schemas['ParticipantDto'];
export type EventInput = Schemas['CreateEventDto'];
export type EventChanges = Schemas['UpdateEventDto'];

export const EVENT_KINDS: EventKind[] = ['lecture', 'workshop', 'meeting', 'matchmaking', 'demo_day'];

/** The calendar's filters, as they stand in the URL. */
export interface EventFilters {
  kind: '' | EventKind;
  area: string;
}

const PAGE_SIZE = 50;

/** Upcoming events (those that have not ended), soonest first, a page at a time. */
export function useUpcomingEvents(filters: EventFilters) {
  return useInfiniteQuery({
    queryKey: ['events', 'upcoming', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/events', {
          params: {
            query: {
              limit: PAGE_SIZE,
              cursor: pageParam,
              from: new Date().toISOString(),
              kind: filters.kind || undefined,
              area: filters.area || undefined,
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/**
 * The events of a month: those ending after its first instant, up to the next month's (a page of
 * 100 covers the centre's busiest month several times over; the rest is cut at the month's end).
 */
export function useMonthEvents(filters: EventFilters, from: string, until: string) {
  return useQuery({
    queryKey: ['events', 'month', filters, from],
    queryFn: async () => {
      const page = await call(
        api.GET('/api/v1/events', {
          params: {
            query: { limit: 100, from, kind: filters.kind || undefined, area: filters.area || undefined },
          },
        }),
      );
      return page.items.filter((event) => event.startsAt < until);
    },
  });
}

/** An entity's upcoming events (a challenge's kick-off, a pilot's demo day). */
export function useRelatedEvents(link: { challengeId?: string; pilotId?: string }) {
  return useQuery({
    queryKey: ['events', 'related', link],
    queryFn: () =>
      call(
        api.GET('/api/v1/events', {
          params: { query: { ...link, from: new Date().toISOString(), limit: 10 } },
        }),
      ),
    enabled: !!(link.challengeId || link.pilotId),
  });
}

export function useEvent(id: string) {
  return useQuery({
    queryKey: ['event', id],
    queryFn: () => call(api.GET('/api/v1/events/{id}', { params: { path: { id } } })),
  });
}

export function useRooms() {
  return useQuery({ queryKey: ['rooms'], queryFn: () => call(api.GET('/api/v1/rooms')) });
}

/** The caller's own organisations, to register on behalf of. */
export function useMyOrganizations(enabled: boolean) {
  return useQuery({
    queryKey: ['organizations', 'mine'],
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { mine: 'true', limit: 100 } } })),
    enabled,
  });
}

export function useParticipants(id: string) {
  return useQuery({
    queryKey: ['event', id, 'participants'],
    queryFn: () => call(api.GET('/api/v1/events/{id}/registrations', { params: { path: { id } } })),
  });
}

/** After a change to an event: its page, the lists and its participants are asked again. */
function useEventChanged() {
  const queryClient = useQueryClient();
  return (id: string) => {
    void queryClient.invalidateQueries({ queryKey: ['event', id] });
    void queryClient.invalidateQueries({ queryKey: ['events'] });
  };
}

export function useRegister(id: string) {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: (body: Schemas['EventRegistrationInputDto']) =>
      call(api.POST('/api/v1/events/{id}/registrations', { params: { path: { id } }, body })),
    onSuccess: () => changed(id),
  });
}

export function useCancelRegistration(id: string) {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/events/{id}/registrations/mine', { params: { path: { id } } })),
    onSuccess: () => changed(id),
  });
}

export function useCreateEvent() {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: (body: EventInput) => call(api.POST('/api/v1/events', { body })),
    onSuccess: (event) => changed(event.id),
  });
}

export function useUpdateEvent(id: string) {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: (body: EventChanges) => call(api.PATCH('/api/v1/events/{id}', { params: { path: { id } }, body })),
    onSuccess: () => changed(id),
  });
}

export function useEventStatus(id: string) {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: (action: 'publish' | 'cancel' | 'complete') =>
      call(
        action === 'publish'
          ? api.POST('/api/v1/events/{id}/publish', { params: { path: { id } } })
          : action === 'cancel'
            ? api.POST('/api/v1/events/{id}/cancel', { params: { path: { id } } })
            : api.POST('/api/v1/events/{id}/complete', { params: { path: { id } } }),
      ),
    onSuccess: () => changed(id),
  });
}

export function useMarkAttendance(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ registrationId, attended }: { registrationId: string; attended: boolean }) =>
      call(
        api.POST('/api/v1/events/{id}/registrations/{registrationId}/attendance', {
          params: { path: { id, registrationId } },
          body: { attended },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['event', id] });
    },
  });
}

function useRoomsChanged() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['rooms'] });
}

export function useCreateRoom() {
  const changed = useRoomsChanged();
  return useMutation({
    mutationFn: (body: Schemas['CreateRoomDto']) => call(api.POST('/api/v1/rooms', { body })),
    onSuccess: changed,
  });
}

export function useUpdateRoom(id: string) {
  const changed = useRoomsChanged();
  return useMutation({
    mutationFn: (body: Schemas['UpdateRoomDto']) =>
      call(api.PATCH('/api/v1/rooms/{id}', { params: { path: { id } }, body })),
    onSuccess: changed,
  });
}

export function useDeleteRoom() {
  const changed = useRoomsChanged();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/rooms/{id}', { params: { path: { id } } })),
    onSuccess: changed,
  });
}

/** Same-origin links the browser follows itself (files, not pages). */
export const calendarLink = (id: string): string => `/api/v1/events/${id}/calendar.ics`;
export const FEED_LINK = '/api/v1/events/calendar.ics';
export const csvLink = (id: string): string => `/api/v1/events/${id}/registrations/export`;
