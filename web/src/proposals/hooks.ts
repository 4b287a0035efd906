import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';

export type Proposal = Schemas['ProposalDto'];
export type ProposalSummary = Schemas['ProposalSummaryDto'];
export type HistoryEntry = Schemas['ProposalHistoryEntryDto'];
export type OrganizationSummary = Schemas['OrganizationSummaryDto'];
export type ProposalStatus = Proposal['status'];

/** Every proposal of the caller's organisations (as lead or partner), newest first. */
export function useMyProposals() {
  return useQuery({
    queryKey: ['proposals', 'mine'],
    queryFn: () => call(api.GET('/api/v1/proposals', { params: { query: { mine: 'true', limit: 100 } } })),
  });
}

/** The caller's own proposals on one challenge (to continue a draft rather than start a second). */
export function useMyProposalsOn(challengeId: string) {
  return useQuery({
    queryKey: ['proposals', 'mine', challengeId],
    queryFn: () => call(api.GET('/api/v1/proposals', { params: { query: { mine: 'true', challengeId, limit: 100 } } })),
  });
}

export function useProposal(id: string) {
  return useQuery({
    queryKey: ['proposal', id],
    // The caller is in the consortium: the full view (a blind view has no leadOrganization).
    queryFn: async () => (await call(api.GET('/api/v1/proposals/{id}', { params: { path: { id } } }))) as Proposal,
  });
}

/** Several proposals at once (the consortium requests on My proposals). */
export function useProposals(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['proposal', id],
      queryFn: async () => (await call(api.GET('/api/v1/proposals/{id}', { params: { path: { id } } }))) as Proposal,
    })),
  });
}

export function useProposalHistory(id: string) {
  return useQuery({
    queryKey: ['proposal', id, 'history'],
    queryFn: () => call(api.GET('/api/v1/proposals/{id}/history', { params: { path: { id } } })),
  });
}

/** The caller's organisations: those they may lead a proposal for. */
export function useMyOrganizations() {
  return useQuery({
    queryKey: ['organizations', 'mine'],
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { mine: 'true', limit: 100 } } })),
  });
}

/** The caller's role in each of these organisations (from each organisation's full view). */
export function useMyRoles(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['organization', id],
      queryFn: () => call(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })),
    })),
  });
}

/** Organisations whose name matches (the API's accent-insensitive search); nothing asked for an empty query. */
export function useOrganizationSearch(q: string) {
  return useQuery({
    queryKey: ['organizations', 'search', q],
    enabled: q.trim().length > 0,
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { q: q.trim(), limit: 10 } } })),
  });
}

function useProposalChange<V>(request: (variables: V) => Promise<Proposal | undefined>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (proposal) => {
      if (proposal) queryClient.setQueryData(['proposal', proposal.id], proposal);
      void queryClient.invalidateQueries({ queryKey: ['proposals'] });
      void queryClient.invalidateQueries({ queryKey: ['proposal'] });
    },
  });
}

export function useCreateProposal(challengeId: string) {
  return useProposalChange((body: Schemas['CreateProposalDto']) =>
    call(api.POST('/api/v1/challenges/{id}/proposals', { params: { path: { id: challengeId } }, body })),
  );
}

export function useUpdateProposal(id: string) {
  return useProposalChange((body: Schemas['UpdateProposalDto']) =>
    call(api.PATCH('/api/v1/proposals/{id}', { params: { path: { id } }, body })),
  );
}

export function useSubmitProposal(id: string) {
  return useProposalChange(() => call(api.POST('/api/v1/proposals/{id}/submit', { params: { path: { id } } })));
}

export function useWithdrawProposal(id: string) {
  return useProposalChange(() => call(api.POST('/api/v1/proposals/{id}/withdraw', { params: { path: { id } } })));
}

/** An owner of an invited organisation answers for it. */
export function useAnswerInvitation() {
  return useProposalChange(
    async ({ id, organizationId, answer }: { id: string; organizationId: string; answer: 'confirm' | 'decline' }) => {
      const path = { id, organizationId };
      if (answer === 'confirm') {
        return call(api.POST('/api/v1/proposals/{id}/partners/{organizationId}/confirm', { params: { path } }));
      }
      await call(api.POST('/api/v1/proposals/{id}/partners/{organizationId}/decline', { params: { path } }));
      return undefined;
    },
  );
}
