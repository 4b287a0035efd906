import { useInfiniteQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';

export type RegistryPilot = Schemas['RegistryPilotDto'];
export type Stage = RegistryPilot['stage'];
export type RegistryGoal = Schemas['RegistryGoalDto'];

/** The city's four-stage track, in order. */
export const STAGES: readonly Stage[] = ['explore_idea', 'explore_setup', 'develop_pilot', 'scale'];

export interface RegistryFilters {
  area: string;
  stage: '' | Stage;
}

/** The public registry of pilots (`GET /public/pilots`), a page at a time. */
export function useRegistry(filters: RegistryFilters, pageSize = 12) {
  return useInfiniteQuery({
    queryKey: ['registry', filters, pageSize],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/public/pilots', {
          params: {
            query: {
              limit: pageSize,
              cursor: pageParam,
              area: filters.area || undefined,
              stage: filters.stage || undefined,
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
