import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

export type PilotSummary = Schemas['PilotSummaryDto'];
export type Pilot = Schemas['PilotDto'];
export type EffectGoal = Schemas['EffectGoalDto'];
export type Measurement = Schemas['MeasurementDto'];
export type HistoryEntry = Schemas['HistoryEntryDto'];
export type GateDecisionInput = Schemas['GateDecisionInputDto'];

export interface PilotFilters {
  stage: '' | Stage;
  status: '' | PilotSummary['status'];
  area: string;
  departmentId: string;
}

/** The pilots the caller works with (`GET /pilots`: the API decides which), a page at a time. */
export function usePilots(filters: PilotFilters, pageSize = 20) {
  return useInfiniteQuery({
    queryKey: ['pilots', 'list', filters, pageSize],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/pilots', {
          params: {
            query: {
              limit: pageSize,
              cursor: pageParam,
              stage: filters.stage || undefined,
              status: filters.status || undefined,
              area: filters.area || undefined,
              departmentId: filters.departmentId || undefined,
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

const pilotKey = (id: string) => ['pilots', 'one', id] as const;

export function usePilot(id: string) {
  return useQuery({
    queryKey: [...pilotKey(id), 'detail'],
    queryFn: () => call(api.GET('/api/v1/pilots/{id}', { params: { path: { id } } })),
  });
}

export function usePilotHistory(id: string) {
  return useQuery({
    queryKey: [...pilotKey(id), 'history'],
    queryFn: () => call(api.GET('/api/v1/pilots/{id}/history', { params: { path: { id } } })),
  });
}

export function usePilotMeasurements(id: string) {
  return useQuery({
    queryKey: [...pilotKey(id), 'measurements'],
    queryFn: () => call(api.GET('/api/v1/pilots/{id}/measurements', { params: { path: { id } } })),
  });
}

/** Everything known about one pilot (detail, history, measurements) and the lists it appears in. */
export function useRefreshPilot(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: pilotKey(id) }),
      queryClient.invalidateQueries({ queryKey: ['pilots', 'list'] }),
    ]);
}

/** A gate decision with the version the page showed; a stale one is the API's 409. */
export function useDecideGate(id: string) {
  const refresh = useRefreshPilot(id);
  return useMutation({
    mutationFn: (body: GateDecisionInput) =>
      call(api.POST('/api/v1/pilots/{id}/gate-decisions', { params: { path: { id } }, body })),
    // Not awaited: the caller's own onSuccess runs at once, even if the refreshed pilot unmounts it.
    onSuccess: () => void refresh(),
  });
}

export function useAddEffectGoal(id: string) {
  const refresh = useRefreshPilot(id);
  return useMutation({
    mutationFn: (body: Schemas['CreateEffectGoalDto']) =>
      call(api.POST('/api/v1/pilots/{id}/effect-goals', { params: { path: { id } }, body })),
    // Not awaited: the caller's own onSuccess runs at once, even if the refreshed pilot unmounts it.
    onSuccess: () => void refresh(),
  });
}

export function useRecordMeasurement(id: string) {
  const refresh = useRefreshPilot(id);
  return useMutation({
    mutationFn: ({ goalId, ...body }: Schemas['CreateMeasurementDto'] & { goalId: string }) =>
      call(
        api.POST('/api/v1/pilots/{id}/effect-goals/{goalId}/measurements', {
          params: { path: { id, goalId } },
          body,
        }),
      ),
    // Not awaited: the caller's own onSuccess runs at once, even if the refreshed pilot unmounts it.
    onSuccess: () => void refresh(),
  });
}
