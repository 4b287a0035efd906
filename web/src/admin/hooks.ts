import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';
import type { Role } from '../account/session';

export type UserAccount = Schemas['UserDto'];
export type AuditEvent = Schemas['AuditEventDto'];

export interface UserFilters {
  q: string;
  role: '' | Role;
}

/** Accounts matching the search, a page at a time (admins see full accounts). */
export function useUsers(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: ['users', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/users', {
          params: {
            query: { limit: 25, cursor: pageParam, q: filters.q || undefined, role: filters.role || undefined },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Admins get UserDto items; the summaries are for department staff and directors.
    select: (data) => ({ ...data, pages: data.pages.map((page) => page.items as UserAccount[]) }),
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateUserDto']) => call(api.POST('/api/v1/users', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['UpdateUserDto'] }) =>
      call(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

/** After a change to reference data every list and filter that names departments or areas is refreshed. */
function useReferenceMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['departments'] });
      void queryClient.invalidateQueries({ queryKey: ['welfare-areas'] });
    },
  });
}

export const useCreateDepartment = () =>
  useReferenceMutation((body: Schemas['CreateDepartmentDto']) => call(api.POST('/api/v1/departments', { body })));

export const useRenameDepartment = () =>
  useReferenceMutation(({ id, name }: { id: string; name: string }) =>
    call(api.PATCH('/api/v1/departments/{id}', { params: { path: { id } }, body: { name } })),
  );

export const useCreateWelfareArea = () =>
  useReferenceMutation((body: Schemas['CreateWelfareAreaDto']) => call(api.POST('/api/v1/welfare-areas', { body })));

export const useUpdateWelfareArea = () =>
  useReferenceMutation(({ code, body }: { code: string; body: Schemas['UpdateWelfareAreaDto'] }) =>
    call(api.PATCH('/api/v1/welfare-areas/{code}', { params: { path: { code } }, body })),
  );

export interface AuditFilters {
  entityType: string;
  entityId: string;
  actorId: string;
  /** Calendar days (YYYY-MM-DD), inclusive; turned into Stockholm times by the page. */
  from: string;
  to: string;
}

/** The audit trail, newest first, a page at a time. */
export function useAudit(query: {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}) {
  return useInfiniteQuery({
    queryKey: ['audit', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/audit', { params: { query: { ...query, limit: 20, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
