/** A mail that has failed this many times is given up: it stays in the outbox, never retried. */
export const MAX_ATTEMPTS = 10;

/** What `last_error` keeps of a failure: one line, short enough to read in a table. */
const MAX_ERROR_LENGTH = 500;

/**
 * Minutes to wait after the `attempts`-th failed attempt: 2, 4, 8, 16, 32, then hourly, about five
 * hours in all; `null` once `MAX_ATTEMPTS` have failed, when the mail is given up.
 */
export function retryDelayMinutes(attempts: number): number | null {
  return attempts >= MAX_ATTEMPTS ? null : Math.min(2 ** attempts, 60);
}

/** A failure as one short line: `code: message`, whitespace folded (SMTP replies span lines), truncated. */
export function failureText(error: unknown): string {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const line = (code && !message.startsWith(code) ? `${code}: ${message}` : message).replace(/\s+/g, ' ').trim();
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line || 'unknown error';
}
