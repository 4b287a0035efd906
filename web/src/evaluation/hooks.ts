import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';

export type Assignment = Schemas['AssignmentDto'];
export type Review = Schemas['ReviewDto'];
export type ReviewInput = Schemas['ReviewInputDto'];
/** What an evaluator reads of a proposal: the blind view has no organisation or person at all. */
export type EvaluatedProposal = Schemas['BlindProposalDto'];

/** The evaluator's own assignments (the API's largest page). */
export function useMyAssignments() {
  return useQuery({
    queryKey: ['assignments', 'mine'],
    queryFn: () => call(api.GET('/api/v1/assignments', { params: { query: { mine: 'true', limit: 100 } } })),
  });
}

export function useEvaluatedProposal(id: string) {
  return useQuery({
    queryKey: ['proposal', id],
    queryFn: () => call(api.GET('/api/v1/proposals/{id}', { params: { path: { id } } })) as Promise<EvaluatedProposal>,
  });
}

export function useChallengeTerms(id: string) {
  return useQuery({
    queryKey: ['challenge', id],
    queryFn: () => call(api.GET('/api/v1/challenges/{id}', { params: { path: { id } } })),
  });
}

export function useReviews(proposalId: string) {
  return useQuery({
    queryKey: ['reviews', proposalId],
    queryFn: () => call(api.GET('/api/v1/proposals/{id}/reviews', { params: { path: { id: proposalId } } })),
  });
}

export function useDeclare(assignmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['DeclarationDto']) =>
      call(api.POST('/api/v1/assignments/{id}/declaration', { params: { path: { id: assignmentId } }, body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['assignments'] }),
  });
}

export function useSaveReview(assignmentId: string, proposalId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReviewInput) =>
      call(api.PUT('/api/v1/assignments/{id}/review', { params: { path: { id: assignmentId } }, body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['reviews', proposalId] });
      void client.invalidateQueries({ queryKey: ['assignments'] });
    },
  });
}
