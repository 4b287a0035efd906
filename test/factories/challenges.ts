import type { TestApp } from '../support/test-app';
import type { TestUser } from './users';

/** Criteria whose weights sum to 100: valid to publish. */
export const VALID_CRITERIA = [
  { name: 'Effekt för invånarna', description: 'Expected effect for residents', weight: 40 },
  { name: 'Genomförbarhet', description: 'Feasibility within the testbed', weight: 35 },
  { name: 'Skalbarhet', description: null, weight: 25 },
];

/** A day from now, as the API expects it: ISO 8601 with a time zone. */
export const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

/** A valid create body; override anything. */
export function challengeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Minskad ensamhet bland äldre',
    summary: 'Hur kan digitala och fysiska mötesplatser minska ofrivillig ensamhet?',
    description: 'Äldreomsorgen i Helsingborg söker lösningar som minskar ofrivillig ensamhet.',
    welfareArea: 'healthcare',
    submissionDeadline: inDays(30),
    budgetSek: 500_000,
    testbedSite: 'Drottninghög',
    expectedEffects: 'Fewer residents reporting loneliness.',
    sdgs: [3, 10],
    tags: ['äldre', 'ensamhet'],
    criteria: VALID_CRITERIA,
    ...overrides,
  };
}

/** A draft created through the API by `by` (department staff or admin). */
export async function createChallenge(
  t: TestApp,
  by: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string } & Record<string, unknown>> {
  const res = await t.http().post('/api/v1/challenges').set('Authorization', by.auth).send(challengeBody(overrides));
  if (res.status !== 201) throw new Error(`createChallenge: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string } & Record<string, unknown>;
}

/** A challenge brought to `status` through the API's own transitions. */
export async function challengeIn(
  t: TestApp,
  by: TestUser,
  status: 'draft' | 'published' | 'closed' | 'archived',
  overrides: Record<string, unknown> = {},
): Promise<{ id: string } & Record<string, unknown>> {
  let challenge = await createChallenge(t, by, overrides);
  const steps = {
    draft: [],
    published: ['publish'],
    closed: ['publish', 'close'],
    archived: ['publish', 'close', 'archive'],
  }[status];
  for (const step of steps) {
    const res = await t.http().post(`/api/v1/challenges/${challenge.id}/${step}`).set('Authorization', by.auth);
    if (res.status !== 200) throw new Error(`challengeIn ${step}: ${res.status} ${JSON.stringify(res.body)}`);
    challenge = res.body as typeof challenge;
  }
  return challenge;
}
