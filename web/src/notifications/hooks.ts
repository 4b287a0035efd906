import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';

export type Notification = Schemas['NotificationDto'];
export type NotificationKind = Notification['kind'];

const NOTIFICATIONS_KEY = ['notifications'] as const;
export const PAGE_SIZE = 20;

/**
 * The header's unread count: asked again every minute and when the window regains focus, so a
 * decision taken elsewhere shows up without a reload (no push channel; the count is one index scan).
 */
export function useUnreadCount(signedIn: boolean) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'unread-count'],
    queryFn: () => call(api.GET('/api/v1/notifications/unread-count')),
    enabled: signedIn,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
}

/** The caller's notifications, newest first, a page at a time; `unreadOnly` asks for unread ones. */
export function useNotifications(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list', unreadOnly],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/notifications', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam, unread: unreadOnly ? 'true' : undefined } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** After a change the list and the count are asked again (the list keeps its place until then). */
function useRefreshNotifications() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
}

export function useMarkRead() {
  const refresh = useRefreshNotifications();
  return useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: refresh,
  });
}

export function useMarkAllRead() {
  const refresh = useRefreshNotifications();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/notifications/read-all')),
    onSuccess: refresh,
  });
}
