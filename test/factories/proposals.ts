import type { TestApp } from '../support/test-app';
import type { TestUser } from './users';

/** An organisation created through the API by `owner` (who becomes its owner). */
export async function createOrganization(
  t: TestApp,
  owner: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> {
  const res = await t
    .http()
    .post('/api/v1/organizations')
    .set('Authorization', owner.auth)
    .send({ name: `Org ${Math.random().toString(36).slice(2, 8)}`, kind: 'resident', ...overrides });
  if (res.status !== 201) throw new Error(`createOrganization: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

/** A valid proposal body for `leadOrganizationId`; override anything. */
export function proposalBody(leadOrganizationId: string, overrides: Record<string, unknown> = {}) {
  return {
    leadOrganizationId,
    title: 'Digitala fikastunder för äldre',
    summary: 'Video meetings and local cafés that bring older residents together.',
    description: 'Vi kopplar ihop hemtjänstens brukare med frivilliga och med varandra.',
    expectedEffects: 'Less loneliness.',
    requestedBudgetSek: 250_000,
    durationMonths: 12,
    trl: 6,
    ...overrides,
  };
}

/** A draft created through the API by `by`, a member of the lead organisation. */
export async function createProposal(
  t: TestApp,
  by: TestUser,
  challengeId: string,
  leadOrganizationId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string } & Record<string, unknown>> {
  const res = await t
    .http()
    .post(`/api/v1/challenges/${challengeId}/proposals`)
    .set('Authorization', by.auth)
    .send(proposalBody(leadOrganizationId, overrides));
  if (res.status !== 201) throw new Error(`createProposal: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string } & Record<string, unknown>;
}
