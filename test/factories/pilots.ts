import { challengeIn } from './challenges';
import { createOrganization, createProposal } from './proposals';
import type { TestUser } from './users';
import type { TestApp } from '../support/test-app';

/**
 * A pilot made the way the product makes one: a published challenge of `staff`'s department, a
 * proposal led by an organisation `partner` owns, submitted, reviewed by `evaluator`, accepted.
 */
export async function createPilot(
  t: TestApp,
  actors: { staff: TestUser; partner: TestUser; evaluator: TestUser },
  options: { organization?: Record<string, unknown>; proposal?: Record<string, unknown> } = {},
): Promise<{ pilotId: string; proposalId: string; challengeId: string; organizationId: string }> {
  const { staff, partner, evaluator } = actors;
  const challenge = await challengeIn(t, staff, 'published');
  const organization = await createOrganization(t, partner, options.organization);
  const proposal = await createProposal(t, partner, challenge.id, organization.id, options.proposal);
  const call = async (method: 'post' | 'put', path: string, who: TestUser, body: object = {}) => {
    const res = await t.http()[method](`/api/v1${path}`).set('Authorization', who.auth).send(body);
    if (res.status >= 300) throw new Error(`createPilot ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };
  await call('post', `/proposals/${proposal.id}/submit`, partner);
  const assignment = await call('post', `/proposals/${proposal.id}/assignments`, staff, { evaluatorId: evaluator.id });
  await call('post', `/assignments/${String(assignment.id)}/declaration`, evaluator, { conflict: false });
  const criteria = challenge.criteria as { id: string }[];
  await call('put', `/assignments/${String(assignment.id)}/review`, evaluator, {
    scores: criteria.map((c) => ({ criterionId: c.id, score: 4 })),
    recommendation: 'yes',
    submit: true,
  });
  const decision = await call('post', `/proposals/${proposal.id}/decision`, staff, {
    outcome: 'accepted',
    reason: 'A promising proposal for the testbed.',
  });
  return {
    pilotId: String(decision.pilotId),
    proposalId: proposal.id,
    challengeId: challenge.id,
    organizationId: organization.id,
  };
}
