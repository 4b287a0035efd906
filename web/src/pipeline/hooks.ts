import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';

export type Pipeline = Schemas['PipelineDto'];

/** What the dashboard shows, as it stands in the URL (`?departmentId=…&area=…&stalledDays=…`). */
export interface PipelineScope {
  departmentId: string;
  area: string;
  stalledDays: number;
}

export const DEFAULT_STALLED_DAYS = 90;

/** The pipeline for one scope; the previous figures stay on screen while a new scope loads. */
export function usePipeline(scope: PipelineScope) {
  return useQuery({
    queryKey: ['pipeline', scope],
    queryFn: () =>
      call(
        api.GET('/api/v1/pipeline', {
          params: {
            query: {
              departmentId: scope.departmentId || undefined,
              area: scope.area || undefined,
              stalledDays: scope.stalledDays,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
