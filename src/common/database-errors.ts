/** PostgreSQL unique_violation (23505), optionally of one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } })?.driverError;
  return driverError?.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/** PostgreSQL exclusion_violation (23P01), optionally of one named constraint. */
export function isExclusionViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } })?.driverError;
  return driverError?.code === '23P01' && (constraint === undefined || driverError.constraint === constraint);
}
