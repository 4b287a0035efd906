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

/**
 * Makes `user` a member of the organisation the way people become members: `owner` invites the
 * address and `user` accepts the invitation.
 */
export async function addMember(
  t: TestApp,
  organizationId: string,
  owner: TestUser,
  user: TestUser,
  role: 'owner' | 'member' = 'member',
): Promise<void> {
  const invited = await t
    .http()
    .post(`/api/v1/organizations/${organizationId}/members`)
    .set('Authorization', owner.auth)
    .send({ email: user.email, role });
  if (invited.status !== 202) throw new Error(`addMember (invite): ${invited.status} ${JSON.stringify(invited.body)}`);
  const [invitation] = await t.db.query<{ id: string }[]>(
    `SELECT id FROM organization_invitations WHERE organization_id = $1 AND email = $2`,
    [organizationId, user.email],
  );
  const accepted = await t.http().post(`/api/v1/invitations/${invitation.id}/accept`).set('Authorization', user.auth);
  if (accepted.status !== 200)
    throw new Error(`addMember (accept): ${accepted.status} ${JSON.stringify(accepted.body)}`);
}
