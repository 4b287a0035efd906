import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';

export type Challenge = Schemas['ChallengeDto'];
export type ChallengeSummary = Schemas['ChallengeSummaryDto'];
export type ChallengeStatus = Challenge['status'];

/** The filters of the challenge list, as they stand in the URL (`?q=…&area=…`). */
export interface ChallengeFilters {
  q: string;
  area: string;
  status: '' | ChallengeStatus;
  departmentId: string;
  sdg: string;
  tag: string;
}

export const PAGE_SIZE = 12;

/** Challenges matching the filters, a page at a time on the API's keyset cursor ("show more"). */
export function useChallenges(filters: ChallengeFilters) {
  return useInfiniteQuery({
    queryKey: ['challenges', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/challenges', {
          params: {
            query: {
              limit: PAGE_SIZE,
              cursor: pageParam,
              q: filters.q || undefined,
              area: filters.area || undefined,
              status: filters.status || undefined,
              departmentId: filters.departmentId || undefined,
              sdg: filters.sdg ? Number(filters.sdg) : undefined,
              tag: filters.tag || undefined,
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Open challenges (published), for the home page. */
export function useOpenChallenges(limit: number) {
  return useQuery({
    queryKey: ['challenges', 'open', limit],
    queryFn: () => call(api.GET('/api/v1/challenges', { params: { query: { status: 'published', limit } } })),
  });
}

export function useChallenge(id: string) {
  return useQuery({
    queryKey: ['challenge', id],
    queryFn: () => call(api.GET('/api/v1/challenges/{id}', { params: { path: { id } } })),
  });
}
