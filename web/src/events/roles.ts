import type { Role } from '../account/session';

/** City staff organise events (the API decides per event; this only shows the way). */
export const isCityStaff = (roles: readonly Role[] | undefined | null): boolean =>
  !!roles?.some((role) => role === 'department' || role === 'director' || role === 'admin');

/** Rooms are reference data kept by admins. */
export const isAdmin = (roles: readonly Role[] | undefined | null): boolean => !!roles?.includes('admin');
