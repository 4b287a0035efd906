import { challengeIn } from './factories/challenges';
import { createOrganization, createProposal } from './factories/proposals';
import { createCast, createUser } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Reviews submitted at the same moment: every first review locks the challenge's criteria, so
 * these transactions meet on the challenge row and must queue rather than deadlock.
 */
describe('evaluation under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('six evaluators submitting their reviews at once all succeed, and the criteria are locked once', async () => {
    const cast = await createCast(t);
    const evaluators = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) => createUser(t, { roles: ['evaluator'], name: `Bedömare ${i}` })),
    );
    const challenge = await challengeIn(t, cast.department, 'published');
    const criteria = (challenge.criteria as { id: string }[]).map((c) => c.id);
    const lead = await createOrganization(t, cast.partner);
    const proposal = await createProposal(t, cast.partner, challenge.id, lead.id);
    await t.http().post(`/api/v1/proposals/${proposal.id}/submit`).set('Authorization', cast.partner.auth).expect(200);
    const assignmentIds: string[] = [];
    for (const evaluator of evaluators) {
      const assignment = await t
        .http()
        .post(`/api/v1/proposals/${proposal.id}/assignments`)
        .set('Authorization', cast.admin.auth)
        .send({ evaluatorId: evaluator.id })
        .expect(201);
      await t
        .http()
        .post(`/api/v1/assignments/${assignment.body.id}/declaration`)
        .set('Authorization', evaluator.auth)
        .send({ conflict: false })
        .expect(200);
      assignmentIds.push(assignment.body.id as string);
    }

    const responses = await Promise.all(
      evaluators.map((evaluator, i) =>
        t
          .http()
          .put(`/api/v1/assignments/${assignmentIds[i]}/review`)
          .set('Authorization', evaluator.auth)
          .send({
            scores: criteria.map((id) => ({ criterionId: id, score: 1 + (i % 5) })),
            recommendation: 'maybe',
            submit: true,
          }),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const [row] = await t.db.query<{ locked: boolean; submitted: number }[]>(
      `SELECT c.criteria_locked_at IS NOT NULL AS locked,
              (SELECT count(*)::int FROM reviews r JOIN assignments a ON a.id = r.assignment_id
               WHERE a.proposal_id = $2 AND r.submitted_at IS NOT NULL) AS submitted
       FROM challenges c WHERE c.id = $1`,
      [challenge.id, proposal.id],
    );
    expect(row).toEqual({ locked: true, submitted: 6 });
  });
});
