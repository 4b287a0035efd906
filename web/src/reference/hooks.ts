import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';

export type WelfareArea = Schemas['WelfareAreaDto'];
export type Department = Schemas['DepartmentDto'];

/** Welfare areas (reference data, rarely changes). */
export function useWelfareAreas() {
  return useQuery({
    queryKey: ['welfare-areas'],
    queryFn: () => call(api.GET('/api/v1/welfare-areas')),
    staleTime: 10 * 60_000,
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: () => call(api.GET('/api/v1/departments')),
    staleTime: 10 * 60_000,
  });
}

/** A welfare area's name in the current language (the code until the areas are loaded). */
export function useAreaName(): (code: string) => string {
  const { i18n } = useTranslation();
  const areas = useWelfareAreas();
  return (code: string) => {
    const area = areas.data?.find((candidate) => candidate.code === code);
    if (!area) return code;
    return i18n.language === 'en' ? area.nameEn : area.nameSv;
  };
}
