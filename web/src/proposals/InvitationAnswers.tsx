import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useProblemMessage } from '../api/problems';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Link } from '../ui/Link';
import { useAnswerInvitation, useMyOrganizations, useMyRoles } from './hooks';
import type { Proposal } from './hooks';

/**
 * Consortium requests: for each proposal, the partner organisations the caller owns that are
 * invited and have not answered. Confirm at once; declining asks first (the organisation leaves
 * the consortium and its members stop seeing the proposal).
 */
export function InvitationAnswers({
  proposals,
  withTitles = false,
  fallback = null,
}: {
  proposals: Proposal[];
  withTitles?: boolean;
  /** Shown when nothing waits for the caller's answer. */
  fallback?: ReactNode;
}) {
  const organizations = useMyOrganizations();
  const mine = new Set(organizations.data?.items.map((o) => o.id) ?? []);
  const pending = proposals.flatMap((proposal) =>
    proposal.partners
      .filter((p) => p.status === 'invited' && mine.has(p.organization.id))
      .map((p) => ({ proposal, organization: p.organization })),
  );
  const roles = useMyRoles([...new Set(pending.map((p) => p.organization.id))]);
  const owned = new Set(
    roles.flatMap((r) => (r.data && 'myRole' in r.data && r.data.myRole === 'owner' ? [r.data.id] : [])),
  );
  const answerable = pending.filter((p) => owned.has(p.organization.id));
  if (answerable.length === 0) return <>{fallback}</>;
  return (
    <ul className="requests">
      {answerable.map(({ proposal, organization }) => (
        <Request
          key={`${proposal.id}:${organization.id}`}
          proposal={proposal}
          organization={organization}
          withTitle={withTitles}
        />
      ))}
    </ul>
  );
}

function Request({
  proposal,
  organization,
  withTitle,
}: {
  proposal: Proposal;
  organization: { id: string; name: string };
  withTitle: boolean;
}) {
  const { t } = useTranslation();
  const answer = useAnswerInvitation();
  const message = useProblemMessage();
  const [error, setError] = useState<string | null>(null);
  const names = { organization: organization.name, lead: proposal.leadOrganization.name, title: proposal.title };
  return (
    <li className="notice request">
      {withTitle && (
        <h3>
          <Link href={`/proposals/${proposal.id}`}>{proposal.title}</Link>
        </h3>
      )}
      <p>{t('proposals.requests.invited', names)}</p>
      <p>{t('proposals.requests.meaning')}</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <Button
          isPending={answer.isPending}
          onPress={() => {
            setError(null);
            answer.mutate(
              { id: proposal.id, organizationId: organization.id, answer: 'confirm' },
              { onError: (e) => setError(message(e)) },
            );
          }}
        >
          {t('proposals.requests.confirm', names)}
        </Button>
        <ConfirmDialog
          triggerLabel={t('proposals.requests.decline', names)}
          title={t('proposals.requests.declineTitle', names)}
          confirmLabel={t('proposals.requests.declineConfirm')}
          cancelLabel={t('proposals.requests.cancel')}
          onConfirm={() =>
            answer
              .mutateAsync({ id: proposal.id, organizationId: organization.id, answer: 'decline' })
              .then(() => undefined)
          }
        >
          <p>{t('proposals.requests.declineBody', names)}</p>
        </ConfirmDialog>
      </div>
    </li>
  );
}
