import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';

export type Challenge = Schemas['ChallengeDto'];
export type ChallengeStatus = Challenge['status'];
export type ChallengeInput = Schemas['CreateChallengeDto'];
export type RankingRow = Schemas['RankingRowDto'];
export type Assignment = Schemas['AssignmentDto'];
export type Review = Schemas['ReviewDto'];
export type Proposal = Schemas['ProposalDto'];

/** The challenges of one department in one status, newest first (the API's largest page). */
export function useDepartmentChallenges(departmentId: string, status: ChallengeStatus) {
  return useQuery({
    queryKey: ['challenges', 'department', departmentId, status],
    queryFn: () => call(api.GET('/api/v1/challenges', { params: { query: { departmentId, status, limit: 100 } } })),
  });
}

export function useManagedChallenge(id: string) {
  return useQuery({
    queryKey: ['challenge', id],
    queryFn: () => call(api.GET('/api/v1/challenges/{id}', { params: { path: { id } } })),
  });
}

/** After any change to a challenge: every list and the challenge itself are stale. */
function useChallengeChanged() {
  const client = useQueryClient();
  return (challenge: Challenge) => {
    client.setQueryData(['challenge', challenge.id], challenge);
    void client.invalidateQueries({ queryKey: ['challenges'] });
  };
}

export function useCreateChallenge() {
  const changed = useChallengeChanged();
  return useMutation({
    mutationFn: (body: ChallengeInput) => call(api.POST('/api/v1/challenges', { body })),
    onSuccess: changed,
  });
}

export function useUpdateChallenge(id: string) {
  const changed = useChallengeChanged();
  return useMutation({
    mutationFn: (body: Schemas['UpdateChallengeDto']) =>
      call(api.PATCH('/api/v1/challenges/{id}', { params: { path: { id } }, body })),
    onSuccess: changed,
  });
}

export type Transition = 'publish' | 'close' | 'archive';

export function useTransition(id: string) {
  const changed = useChallengeChanged();
  return useMutation({
    mutationFn: (action: Transition) => {
      const params = { params: { path: { id } } };
      if (action === 'publish') return call(api.POST('/api/v1/challenges/{id}/publish', params));
      if (action === 'close') return call(api.POST('/api/v1/challenges/{id}/close', params));
      return call(api.POST('/api/v1/challenges/{id}/archive', params));
    },
    onSuccess: changed,
  });
}

/** The challenge's submitted and decided proposals with their review progress and scores. */
export function useRanking(challengeId: string) {
  return useQuery({
    queryKey: ['ranking', challengeId],
    queryFn: () => call(api.GET('/api/v1/challenges/{id}/ranking', { params: { path: { id: challengeId } } })),
  });
}

export function useProposal(id: string) {
  return useQuery({
    queryKey: ['proposal', id],
    queryFn: () => call(api.GET('/api/v1/proposals/{id}', { params: { path: { id } } })) as Promise<Proposal>,
  });
}

export function useProposalAssignments(proposalId: string) {
  return useQuery({
    queryKey: ['assignments', 'proposal', proposalId],
    queryFn: () => call(api.GET('/api/v1/assignments', { params: { query: { proposalId, limit: 100 } } })),
  });
}

export function useProposalReviews(proposalId: string) {
  return useQuery({
    queryKey: ['reviews', proposalId],
    queryFn: () => call(api.GET('/api/v1/proposals/{id}/reviews', { params: { path: { id: proposalId } } })),
  });
}

/** Evaluators, as id and name: what department staff may see of them. */
export function useEvaluators() {
  return useQuery({
    queryKey: ['evaluators'],
    queryFn: async () => {
      const page = await call(api.GET('/api/v1/users', { params: { query: { role: 'evaluator', limit: 100 } } }));
      return page.items.map((item) => ({ id: item.id, name: item.name }));
    },
    staleTime: 5 * 60_000,
  });
}

export function useAssign(proposalId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateAssignmentDto']) =>
      call(api.POST('/api/v1/proposals/{id}/assignments', { params: { path: { id: proposalId } }, body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['assignments'] });
      void client.invalidateQueries({ queryKey: ['ranking'] });
    },
  });
}

export function useDecide(proposalId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['DecisionInputDto']) =>
      call(api.POST('/api/v1/proposals/{id}/decision', { params: { path: { id: proposalId } }, body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['proposal', proposalId] });
      void client.invalidateQueries({ queryKey: ['ranking'] });
    },
  });
}
