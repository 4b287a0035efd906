import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';

export type Organisation = Schemas['OrganizationDto'];
export type OrganisationSummary = Schemas['OrganizationSummaryDto'];
export type Invitation = Schemas['InvitationDto'];
export type MemberRole = Schemas['MemberDto']['role'];

const PAGE_SIZE = 20;
const MINE = ['organisations', 'mine'] as const;
const INVITATIONS = ['invitations', 'mine'] as const;
const organisationKey = (id: string) => ['organisation', id] as const;

/** Whether the answer is the full view (members, roles) rather than the public summary. */
export function isFull(organisation: Organisation | OrganisationSummary): organisation is Organisation {
  return 'members' in organisation;
}

/** The caller's own organisations, a page at a time (name order). */
export function useMyOrganisations() {
  return useInfiniteQuery({
    queryKey: MINE,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/organizations', { params: { query: { mine: 'true', limit: PAGE_SIZE, cursor: pageParam } } }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useOrganisation(id: string) {
  return useQuery({
    queryKey: organisationKey(id),
    queryFn: () => call(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })),
  });
}

/** After a change the API answers the organisation: that answer is the page's new state. */
function useOrganisationChange<V>(id: string, mutationFn: (variables: V) => Promise<Organisation>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (organisation) => {
      queryClient.setQueryData(organisationKey(id), organisation);
      void queryClient.invalidateQueries({ queryKey: MINE });
    },
  });
}

export function useCreateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateOrganizationDto']) => call(api.POST('/api/v1/organizations', { body })),
    onSuccess: (organisation) => {
      queryClient.setQueryData(organisationKey(organisation.id), organisation);
      void queryClient.invalidateQueries({ queryKey: MINE });
    },
  });
}

export function useUpdateOrganisation(id: string) {
  return useOrganisationChange(id, (body: Schemas['UpdateOrganizationDto']) =>
    call(api.PATCH('/api/v1/organizations/{id}', { params: { path: { id } }, body })),
  );
}

export function useChangeRole(id: string) {
  return useOrganisationChange(id, ({ userId, role }: { userId: string; role: MemberRole }) =>
    call(
      api.PATCH('/api/v1/organizations/{id}/members/{userId}', { params: { path: { id, userId } }, body: { role } }),
    ),
  );
}

export function useRemoveMember(id: string) {
  return useOrganisationChange(id, (userId: string) =>
    call(api.DELETE('/api/v1/organizations/{id}/members/{userId}', { params: { path: { id, userId } } })),
  );
}

export function useWithdrawInvitation(id: string) {
  return useOrganisationChange(id, (invitationId: string) =>
    call(
      api.DELETE('/api/v1/organizations/{id}/invitations/{invitationId}', {
        params: { path: { id, invitationId } },
      }),
    ),
  );
}

/** Inviting answers 202 `invited` (the same whether or not the address has an account); the pending list is refetched. */
export function useInvite(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['AddMemberDto']) =>
      call(api.POST('/api/v1/organizations/{id}/members', { params: { path: { id } }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: organisationKey(id) }),
  });
}

/** Invitations addressed to the signed-in person (at most 100 are open at once in practice). */
export function useMyInvitations() {
  return useQuery({
    queryKey: INVITATIONS,
    queryFn: () => call(api.GET('/api/v1/invitations', { params: { query: { limit: 100 } } })),
  });
}

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/invitations/{id}/accept', { params: { path: { id } } })),
    onSuccess: (organisation) => {
      queryClient.setQueryData(organisationKey(organisation.id), organisation);
      void queryClient.invalidateQueries({ queryKey: INVITATIONS });
      void queryClient.invalidateQueries({ queryKey: MINE });
    },
  });
}

export function useDeclineInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/invitations/{id}/decline', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: INVITATIONS }),
  });
}
