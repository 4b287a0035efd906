import type { EntityManager } from 'typeorm';

/**
 * Revokes every bearer token and session cookie issued to the user so far, in the caller's
 * transaction: they carry the session version they were issued at (`sv`), and the guards refuse a
 * version that is no longer the user's (docs/SECURITY.md, "Accounts and sessions"). The one place
 * that raises `users.session_version`: disabling an account, a new password, signing out
 * everywhere. Answers the new version (undefined when there is no such user), so that the
 * caller's own browser can be signed in again at it.
 */
export async function revokeSessions(manager: EntityManager, userId: string): Promise<number | undefined> {
  const [rows] = await manager.query<[{ session_version: number }[], number]>(
    `UPDATE users SET session_version = session_version + 1 WHERE id = $1 RETURNING session_version`,
    [userId],
  );
  return rows[0]?.session_version;
}
