import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Every state-changing operation of the API writes an audit event in the same transaction. This
 * table says, for each mutating operation in the OpenAPI document, which audit actions it writes
 * and which e2e file asserts them (including that a refused change writes none). The test fails
 * when the spec has a mutating operation the table does not cover, when an action is no longer
 * written by the code, or when no named test file asserts it.
 */
const AUDIT_COVERAGE: Record<string, { actions: string[]; tests: string[] } | { exempt: string }> = {
  'POST /api/v1/auth/register': {
    exempt: 'Registration only mails a code: the account, and its audit event, are created at confirmation.',
  },
  'POST /api/v1/auth/register/confirm': { actions: ['user.registered'], tests: ['auth.e2e-spec.ts'] },
  'POST /api/v1/auth/login': {
    exempt: 'Signing in changes no product data; failed attempts are counted in login_failures for throttling.',
  },
  'POST /api/v1/auth/session': {
    exempt: 'Signing a browser in changes no product data, like the bearer login.',
  },
  'DELETE /api/v1/auth/session': { exempt: 'Signing one browser out only clears its cookie.' },
  'POST /api/v1/auth/sign-out-everywhere': { actions: ['user.signed-out-everywhere'], tests: ['accounts.e2e-spec.ts'] },
  'POST /api/v1/auth/password': { actions: ['user.password-changed'], tests: ['accounts.e2e-spec.ts'] },
  'POST /api/v1/auth/password/forgot': {
    exempt: 'A reset request only mails a code (to an account or to nobody, alike); the reset itself is audited.',
  },
  'POST /api/v1/auth/password/reset': { actions: ['user.password-reset'], tests: ['accounts.e2e-spec.ts'] },
  'POST /api/v1/auth/email': { actions: ['user.email-change-requested'], tests: ['accounts.e2e-spec.ts'] },
  'POST /api/v1/auth/email/confirm': { actions: ['user.email-changed'], tests: ['accounts.e2e-spec.ts'] },
  'POST /api/v1/users': { actions: ['user.created'], tests: ['users.e2e-spec.ts'] },
  'PATCH /api/v1/users/{id}': { actions: ['user.updated'], tests: ['users.e2e-spec.ts'] },
  'POST /api/v1/departments': { actions: ['department.created'], tests: ['reference-data.e2e-spec.ts'] },
  'POST /api/v1/welfare-areas': { actions: ['welfare-area.created'], tests: ['reference-data.e2e-spec.ts'] },
  'PATCH /api/v1/departments/{id}': { actions: ['department.updated'], tests: ['reference-data.e2e-spec.ts'] },
  'PATCH /api/v1/welfare-areas/{code}': { actions: ['welfare-area.updated'], tests: ['reference-data.e2e-spec.ts'] },
  'POST /api/v1/organizations': { actions: ['organization.created'], tests: ['partners.e2e-spec.ts'] },
  'PATCH /api/v1/organizations/{id}': { actions: ['organization.updated'], tests: ['partners.e2e-spec.ts'] },
  'POST /api/v1/organizations/{id}/members': {
    actions: ['organization.member-invited'],
    tests: ['partners.e2e-spec.ts'],
  },
  'DELETE /api/v1/organizations/{id}/invitations/{invitationId}': {
    actions: ['organization.invitation-revoked'],
    tests: ['partners.e2e-spec.ts'],
  },
  'POST /api/v1/invitations/{id}/accept': { actions: ['organization.member-added'], tests: ['partners.e2e-spec.ts'] },
  'POST /api/v1/invitations/{id}/decline': {
    actions: ['organization.invitation-declined'],
    tests: ['partners.e2e-spec.ts'],
  },
  'PATCH /api/v1/organizations/{id}/members/{userId}': {
    actions: ['organization.member-role-changed'],
    tests: ['partners.e2e-spec.ts'],
  },
  'DELETE /api/v1/organizations/{id}/members/{userId}': {
    actions: ['organization.member-removed'],
    tests: ['partners.e2e-spec.ts'],
  },
  'POST /api/v1/challenges': { actions: ['challenge.created'], tests: ['challenges.e2e-spec.ts'] },
  'PATCH /api/v1/challenges/{id}': { actions: ['challenge.updated'], tests: ['challenges.e2e-spec.ts'] },
  'POST /api/v1/challenges/{id}/publish': { actions: ['challenge.published'], tests: ['challenges.e2e-spec.ts'] },
  'POST /api/v1/challenges/{id}/close': { actions: ['challenge.closed'], tests: ['challenges.e2e-spec.ts'] },
  'POST /api/v1/challenges/{id}/archive': { actions: ['challenge.archived'], tests: ['challenges.e2e-spec.ts'] },
  'POST /api/v1/challenges/{id}/proposals': { actions: ['proposal.created'], tests: ['proposals.e2e-spec.ts'] },
  'PATCH /api/v1/proposals/{id}': { actions: ['proposal.updated'], tests: ['proposals.e2e-spec.ts'] },
  'DELETE /api/v1/proposals/{id}': { actions: ['proposal.deleted'], tests: ['proposals.e2e-spec.ts'] },
  'POST /api/v1/proposals/{id}/submit': { actions: ['proposal.submitted'], tests: ['proposals.e2e-spec.ts'] },
  'POST /api/v1/proposals/{id}/withdraw': { actions: ['proposal.withdrawn'], tests: ['proposals.e2e-spec.ts'] },
  'POST /api/v1/proposals/{id}/partners/{organizationId}/confirm': {
    actions: ['proposal.partner-confirmed'],
    tests: ['proposals.e2e-spec.ts'],
  },
  'POST /api/v1/proposals/{id}/partners/{organizationId}/decline': {
    actions: ['proposal.partner-declined'],
    tests: ['proposals.e2e-spec.ts'],
  },
  'POST /api/v1/proposals/{id}/assignments': { actions: ['assignment.created'], tests: ['evaluation.e2e-spec.ts'] },
  'POST /api/v1/assignments/{id}/declaration': {
    actions: ['assignment.recused', 'assignment.declared-no-conflict'],
    tests: ['evaluation.e2e-spec.ts'],
  },
  'PUT /api/v1/assignments/{id}/review': {
    actions: ['review.saved', 'review.submitted'],
    tests: ['evaluation.e2e-spec.ts'],
  },
  'POST /api/v1/proposals/{id}/decision': {
    actions: ['proposal.accepted', 'proposal.rejected', 'pilot.created'],
    tests: ['ranking-decision.e2e-spec.ts'],
  },
  'POST /api/v1/pilots/{id}/gate-decisions': { actions: ['pilot.gate-decided'], tests: ['pilots.e2e-spec.ts'] },
  'POST /api/v1/pilots/{id}/effect-goals': { actions: ['pilot.effect-goal-added'], tests: ['pilots.e2e-spec.ts'] },
  'POST /api/v1/pilots/{id}/effect-goals/{goalId}/measurements': {
    actions: ['pilot.measurement-recorded'],
    tests: ['pilots.e2e-spec.ts'],
  },
  'POST /api/v1/rooms': { actions: ['room.created'], tests: ['events.e2e-spec.ts'] },
  'PATCH /api/v1/rooms/{id}': { actions: ['room.updated'], tests: ['events.e2e-spec.ts'] },
  'DELETE /api/v1/rooms/{id}': { actions: ['room.deleted', 'room.retired'], tests: ['events.e2e-spec.ts'] },
  'POST /api/v1/events': { actions: ['event.created'], tests: ['events.e2e-spec.ts'] },
  'PATCH /api/v1/events/{id}': {
    actions: ['event.updated', 'event.registration-promoted'],
    tests: ['events.e2e-spec.ts'],
  },
  'POST /api/v1/events/{id}/publish': { actions: ['event.published'], tests: ['events.e2e-spec.ts'] },
  'POST /api/v1/events/{id}/cancel': { actions: ['event.cancelled'], tests: ['events.e2e-spec.ts'] },
  'POST /api/v1/events/{id}/complete': { actions: ['event.completed'], tests: ['events.e2e-spec.ts'] },
  'POST /api/v1/events/{id}/registrations': { actions: ['event.registered'], tests: ['events.e2e-spec.ts'] },
  'DELETE /api/v1/events/{id}/registrations/mine': {
    actions: ['event.registration-cancelled', 'event.registration-promoted'],
    tests: ['events.e2e-spec.ts'],
  },
  'POST /api/v1/events/{id}/registrations/{registrationId}/attendance': {
    actions: ['event.attendance-marked'],
    tests: ['events.e2e-spec.ts'],
  },
  'POST /api/v1/notifications/{id}/read': {
    actions: ['notification.read'],
    tests: ['notifications-audit.e2e-spec.ts'],
  },
  'POST /api/v1/notifications/read-all': {
    actions: ['notification.read-all'],
    tests: ['notifications-audit.e2e-spec.ts'],
  },
};

const MUTATING = ['post', 'put', 'patch', 'delete'] as const;

/** Every source file under a folder, as text (for "is this action written / asserted anywhere"). */
function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}

describe('audit coverage of every mutating operation', () => {
  let t: TestApp;
  let operations: string[];

  beforeAll(async () => {
    t = await startTestApp();
    const document = (await t.http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Partial<Record<(typeof MUTATING)[number], unknown>>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      MUTATING.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`),
    );
  });
  afterAll(() => t.close());

  it('the table covers every mutating operation of the spec, and nothing that is gone', () => {
    const missing = operations.filter((op) => !(op in AUDIT_COVERAGE));
    const stale = Object.keys(AUDIT_COVERAGE).filter((op) => !operations.includes(op));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    expect(operations.length).toBeGreaterThan(25);
  });

  const covered = Object.entries(AUDIT_COVERAGE).flatMap(([op, entry]) =>
    'actions' in entry ? entry.actions.map((action) => [op, action, entry.tests] as const) : [],
  );
  const code = sources(join(__dirname, '..', 'src'));

  it.each(covered)('%s writes %s, and a named e2e file asserts it', (_op, action, tests) => {
    // Written by the code: either literally, or as the past tense of a lifecycle action.
    const [entity, verb] = action.split('.');
    const literal = code.includes(`'${action}'`);
    const templated = code.includes(`\`${entity}.\${`) && new RegExp(`${verb}`).test(code);
    expect({ action, written: literal || templated }).toEqual({ action, written: true });
    const asserting = tests.filter((file) => {
      const path = join(__dirname, file);
      return existsSync(path) && readFileSync(path, 'utf8').includes(`'${action}'`);
    });
    expect({ action, assertedIn: asserting.length > 0 ? 'yes' : tests }).toEqual({ action, assertedIn: 'yes' });
  });
});
