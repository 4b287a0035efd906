import { seedDemo } from '../demo/demo-seed';
import { createUser } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The pipeline reads counts that row triggers keep (migration PipelineCounts). Whatever the API
 * did, they must equal a recount from the source tables: here after the demo city, which goes
 * through every transition the product has (publish, close, submit, withdraw, invitations,
 * assignments, recusals, reviews, decisions, gate decisions on every gate), and after deletes.
 */
describe('pipeline counts (the read model behind GET /pipeline)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
  });
  afterAll(() => t.close());

  /** Every counter row that is not all zero, in a stable order. */
  async function counts(): Promise<Record<string, unknown[]>> {
    const nonZero = async (sql: string) => t.db.query<Record<string, unknown>[]>(sql);
    return {
      pipeline: await nonZero(
        `SELECT * FROM pipeline_counts WHERE challenges_published <> 0 OR proposals_submitted <> 0 OR proposals_accepted <> 0
         ORDER BY department_id, welfare_area_code`,
      ),
      pilots: await nonZero(
        `SELECT * FROM pilot_counts WHERE pilots <> 0 ORDER BY department_id, welfare_area_code, stage, status`,
      ),
      evaluators: await nonZero(
        `SELECT * FROM evaluator_counts WHERE assigned <> 0 OR submitted <> 0 OR recused <> 0
         ORDER BY evaluator_id, department_id, welfare_area_code`,
      ),
      evaluatorTotals: await nonZero(
        `SELECT * FROM evaluator_totals WHERE assigned <> 0 OR submitted <> 0 OR recused <> 0 ORDER BY evaluator_id`,
      ),
      lastDecisions: await nonZero(`SELECT id, last_decision_at FROM pilots ORDER BY id`),
    };
  }

  async function recounted(): Promise<Record<string, unknown[]>> {
    await t.db.query(`SELECT pipeline_counts_rebuild()`);
    return counts();
  }

  async function pipeline(): Promise<unknown> {
    const admin = await createUser(t, { roles: ['admin'] });
    const res = await t.http().get('/api/v1/pipeline?stalledDays=30').set('Authorization', admin.auth).expect(200);
    // Medians are ages, so they move with the clock between two calls; a millionth of a day is enough.
    const body = res.body as { stages: { medianDaysInStage: number | null }[] };
    const age = (days: number | null) => (days === null ? null : Math.round(days * 1000) / 1000);
    return { ...body, stages: body.stages.map((s) => ({ ...s, medianDaysInStage: age(s.medianDaysInStage) })) };
  }

  it('after the demo city, the maintained counts equal a recount, and the pipeline reads the same', async () => {
    const maintained = await counts();
    expect(maintained.pipeline.length).toBeGreaterThan(3);
    expect(maintained.pilots.length).toBeGreaterThan(3);
    expect(maintained.evaluators.length).toBeGreaterThan(1);
    // The city's per-evaluator totals are the sums of the per-scope counters.
    const sums = await t.db.query<Record<string, unknown>[]>(
      `SELECT evaluator_id, sum(assigned)::int AS assigned, sum(submitted)::int AS submitted, sum(recused)::int AS recused
       FROM evaluator_counts GROUP BY evaluator_id
       HAVING sum(assigned) <> 0 OR sum(submitted) <> 0 OR sum(recused) <> 0 ORDER BY evaluator_id`,
    );
    expect(maintained.evaluatorTotals).toEqual(sums);
    expect(maintained.lastDecisions.some((r) => (r as { last_decision_at: unknown }).last_decision_at !== null)).toBe(
      true,
    );
    const served = await pipeline();

    expect(await recounted()).toEqual(maintained);
    expect(await pipeline()).toEqual(served);
  });

  it('deleting rows (gate decisions, a pilot, assignments, a submitted proposal) takes their counts away', async () => {
    // No endpoint deletes these (drafts aside); an operator's correction in SQL must still keep the model right.
    await t.db.transaction(async (m) => {
      const [pilot] = await m.query<{ id: string; proposal_id: string }[]>(
        `SELECT id, proposal_id FROM pilots WHERE last_decision_at IS NOT NULL ORDER BY id LIMIT 1`,
      );
      await m.query(`DELETE FROM gate_decisions WHERE pilot_id = $1`, [pilot.id]);
      await m.query(
        `DELETE FROM measurements WHERE effect_goal_id IN (SELECT id FROM effect_goals WHERE pilot_id = $1)`,
        [pilot.id],
      );
      await m.query(`DELETE FROM effect_goals WHERE pilot_id = $1`, [pilot.id]);
      // The demo season links events to pilots (a demo day); an event outlives its pilot's row here.
      await m.query(`UPDATE events SET pilot_id = NULL WHERE pilot_id = $1`, [pilot.id]);
      await m.query(`DELETE FROM pilots WHERE id = $1`, [pilot.id]);
      await m.query(`DELETE FROM reviews WHERE assignment_id IN (SELECT id FROM assignments WHERE proposal_id = $1)`, [
        pilot.proposal_id,
      ]);
      await m.query(`DELETE FROM assignments WHERE proposal_id = $1`, [pilot.proposal_id]);
      const [withdrawn] = await m.query<{ id: string }[]>(
        `SELECT id FROM proposals WHERE status = 'withdrawn' AND submitted_at IS NOT NULL ORDER BY id LIMIT 1`,
      );
      for (const table of ['reviews', 'assignments', 'proposal_partners']) {
        const where =
          table === 'reviews'
            ? `assignment_id IN (SELECT id FROM assignments WHERE proposal_id = $1)`
            : `proposal_id = $1`;
        await m.query(`DELETE FROM ${table} WHERE ${where}`, [withdrawn.id]);
      }
      await m.query(`DELETE FROM proposals WHERE id = $1`, [withdrawn.id]);
    });
    const maintained = await counts();
    expect(await recounted()).toEqual(maintained);
  });

  it('moving a pilot back and forth between statuses in one department keeps the counts (and does not deadlock)', async () => {
    const pilots = await t.db.query<{ id: string; status: string }[]>(
      `SELECT id, status FROM pilots WHERE status IN ('active', 'on_hold') ORDER BY id LIMIT 4`,
    );
    expect(pilots.length).toBeGreaterThanOrEqual(2);
    // Opposite moves at once: each locks two counter rows, always in key order.
    await Promise.all(
      pilots.flatMap((p) =>
        [1, 2, 3].map((i) =>
          t.db
            .query(
              `UPDATE pilots SET status = CASE WHEN status = 'active' THEN 'on_hold' ELSE 'active' END WHERE id = $1`,
              [p.id],
            )
            .then(() => i),
        ),
      ),
    );
    const maintained = await counts();
    expect(await recounted()).toEqual(maintained);
  });
});
