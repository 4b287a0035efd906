import { useQuery } from '@tanstack/react-query';
import { api, ApiError, call } from '../api/client';
import type { Schemas } from '../api/client';

export type User = Schemas['UserDto'];
export type Role = User['roles'][number];

export const SESSION_KEY = ['session'] as const;

/**
 * The signed-in person, or null when signed out: the session lives in an httpOnly cookie the
 * page cannot read, so the API is asked (`GET /auth/me`; 401 means signed out).
 */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<User | null> => {
      try {
        return await call(api.GET('/api/v1/auth/me'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** A same-app path to come back to after signing in; anything else (another origin, `//x`) is home. */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}
