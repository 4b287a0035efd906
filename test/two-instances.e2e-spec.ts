import { ChallengesService } from '../src/challenges/challenges.service';
import { challengeIn } from './factories/challenges';
import { createPilot } from './factories/pilots';
import { createOrganization, createProposal } from './factories/proposals';
import { createCast } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Two API instances on one PostgreSQL server, as behind a load balancer: rate limits are counted
 * together, the job that closes challenges closes each once, and the concurrency guarantees hold
 * across instances. (The embedded database serves one process by construction: server only.)
 */
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('two API instances on one database', () => {
  let a: TestApp;
  let b: TestApp;

  describe('rate limits', () => {
    beforeAll(async () => {
      a = await startTestApp({ RATE_LIMIT_PER_MINUTE: '6' });
      b = await startTestApp({ RATE_LIMIT_PER_MINUTE: '6' }, a.database);
    });
    afterAll(async () => {
      await b.close();
      await a.close();
    });

    it('are shared: six requests a minute per client in all, whichever instance serves them', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        const instance = i % 2 === 0 ? a : b;
        statuses.push((await instance.http().get('/api/v1/challenges')).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
      const refused = await a.http().get('/api/v1/welfare-areas');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The health probes stay outside the limit on both.
      await a.http().get('/health/live').expect(200);
      await b.http().get('/health/live').expect(200);
    });
  });

  describe('the rate-limit connections', () => {
    beforeAll(async () => {
      a = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000' });
    });
    afterAll(() => a.close());

    it('survive the server dropping them: the next request gets a fresh connection, the process stays up', async () => {
      await a.http().get('/api/v1/challenges').expect(200);
      // The filter first (OFFSET 0 keeps it apart), so that only those connections are terminated.
      const terminated = await a.db.query<{ done: boolean }[]>(
        `SELECT pg_terminate_backend(pid) AS done FROM (
           SELECT pid FROM pg_stat_activity
           WHERE application_name = 'testbed-rate-limit' AND datname = current_database() OFFSET 0) rate`,
      );
      expect(terminated.length).toBeGreaterThan(0);
      // Give the idle client time to notice the closed socket.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await a.http().get('/api/v1/challenges').expect(200);
    });
  });

  describe('jobs and concurrency', () => {
    beforeAll(async () => {
      const env = { RATE_LIMIT_PER_MINUTE: '100000', CHALLENGE_CLOSE_INTERVAL_SECONDS: '1' };
      a = await startTestApp(env);
      b = await startTestApp(env, a.database);
    });
    afterAll(async () => {
      await b.close();
      await a.close();
    });

    const closedEvents = async (id: string) =>
      (
        await a.db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'challenge.closed'`,
          [id],
        )
      )[0].n;

    it('the scheduled close runs on both instances yet closes a challenge once', async () => {
      const cast = await createCast(a);
      const challenge = await challengeIn(a, cast.department, 'published');
      await a.db.query(`UPDATE challenges SET submission_deadline = now() - interval '1 second' WHERE id = $1`, [
        challenge.id,
      ]);
      let status = 'published';
      for (let i = 0; i < 50 && status === 'published'; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await b.http().get(`/api/v1/challenges/${challenge.id}`)).body.status as string;
      }
      expect(status).toBe('closed');
      // Both instances tick every second: give them a few more runs to do it twice.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await closedEvents(challenge.id)).toBe(1);
    });

    it('explicit runs on both instances at once close each challenge once', async () => {
      const cast = await createCast(a);
      const ids = await Promise.all([1, 2, 3].map(async () => (await challengeIn(a, cast.department, 'published')).id));
      await a.db.query(`UPDATE challenges SET submission_deadline = now() - interval '1 second' WHERE id = ANY($1)`, [
        ids,
      ]);
      await Promise.all([
        a.app.get(ChallengesService).closeExpired(),
        b.app.get(ChallengesService).closeExpired(),
        a.app.get(ChallengesService).closeExpired(),
        b.app.get(ChallengesService).closeExpired(),
      ]);
      for (const id of ids) expect(await closedEvents(id)).toBe(1);
    });

    it('of 20 gate decisions on one version, split over both instances, exactly one wins', async () => {
      const cast = await createCast(a);
      const { pilotId } = await createPilot(a, {
        staff: cast.department,
        partner: cast.partner,
        evaluator: cast.evaluator,
      });
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b)
            .http()
            .post(`/api/v1/pilots/${pilotId}/gate-decisions`)
            .set('Authorization', cast.director.auth)
            .send({ gate: 'time', outcome: 'go', rationale: 'Arbetstid beviljas för upplägget.', version: 1 }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
      const [{ decisions, events }] = await a.db.query<{ decisions: number; events: number }[]>(
        `SELECT (SELECT count(*)::int FROM gate_decisions WHERE pilot_id = $1) AS decisions,
                (SELECT count(*)::int FROM audit_events WHERE entity_id = $1::text AND action = 'pilot.gate-decided') AS events`,
        [pilotId],
      );
      expect({ decisions, events }).toEqual({ decisions: 1, events: 1 });
    });

    it('of 20 submissions of one proposal, split over both instances, exactly one counts', async () => {
      const cast = await createCast(a);
      const challenge = await challengeIn(a, cast.department, 'published');
      const organization = await createOrganization(a, cast.partner);
      const proposal = await createProposal(a, cast.partner, challenge.id, organization.id);
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b)
            .http()
            .post(`/api/v1/proposals/${proposal.id}/submit`)
            .set('Authorization', cast.partner.auth),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array<number>(19).fill(409)]);
      const [{ n }] = await a.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1::text AND action = 'proposal.submitted'`,
        [proposal.id],
      );
      expect(n).toBe(1);
    });
  });
});
