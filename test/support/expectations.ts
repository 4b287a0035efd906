import type { Response } from 'supertest';
import type { TestApp } from './test-app';

/** An RFC 9457 problem with this status; for 400s optionally naming `field` in `errors`. */
export function expectProblem(res: Response, status: number, field?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, detail: expect.any(String), title: expect.any(String) });
  if (field !== undefined) {
    expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
  }
}

export interface AuditRow {
  action: string;
  actor_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string | null;
}

/** The audit trail of one object, oldest first. */
export function auditEvents(t: TestApp, entityType: string, entityId: string): Promise<AuditRow[]> {
  return t.db.query<AuditRow[]>(
    `SELECT action, actor_id, before, after, request_id FROM audit_events
     WHERE entity_type = $1 AND entity_id = $2 ORDER BY occurred_at, id`,
    [entityType, entityId],
  );
}

/**
 * The SQL statements `send` makes the app issue (from TypeORM's logger), leaving out any run of
 * the close job that happens to overlap it.
 */
export async function statementsOf(
  t: TestApp,
  send: () => PromiseLike<Response>,
): Promise<{ res: Response; sql: string[] }> {
  const spy = jest.spyOn(t.db.logger, 'logQuery');
  try {
    const res = await send();
    const byRunner = new Map<unknown, string[]>();
    for (const [sql, , runner] of spy.mock.calls) byRunner.set(runner, [...(byRunner.get(runner) ?? []), sql]);
    const sql = [...byRunner.values()].filter((run) => !run.some((s) => s.includes('close-expired'))).flat();
    return { res, sql };
  } finally {
    spy.mockRestore();
  }
}
