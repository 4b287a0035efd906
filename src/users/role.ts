export const ROLES = ['admin', 'director', 'department', 'evaluator', 'partner'] as const;
export type Role = (typeof ROLES)[number];
