import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-aria-components';
import { RequireSignIn } from '../account/RequireSignIn';
import { ApiError } from '../api/client';
import { useProblemMessage } from '../api/problems';
import { useFormat } from '../i18n/format';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { useAcceptInvitation, useDeclineInvitation, useMyInvitations } from './hooks';
import type { Invitation } from './hooks';
import './organisations.css';

/** What happened last, said in a live region so a screen reader hears it where the card was. */
type Outcome =
  | { kind: 'accepted'; id: string; organisation: string; role: Invitation['role'] }
  | { kind: 'declined'; organisation: string }
  | { kind: 'failed'; message: string };

/** My invitations: accept (and become a member with that role) or decline. */
export default function InvitationsPage() {
  const { t } = useTranslation();
  return <RequireSignIn title={t('organisations.invitations.title')}>{() => <MyInvitations />}</RequireSignIn>;
}

function MyInvitations() {
  const { t } = useTranslation();
  const invitations = useMyInvitations();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return (
    <Page title={t('organisations.invitations.title')} lead={t('organisations.invitations.lead')}>
      <div role="status" className="org-status">
        {outcome?.kind === 'accepted' && (
          <div className="success">
            <p>
              {t('organisations.invitations.accepted', {
                role: t(`organisations.rolesInSentence.${outcome.role}`),
                organisation: outcome.organisation,
              })}
            </p>
            <p>
              <Link href={`/organisations/${outcome.id}`}>
                {t('organisations.invitations.open', { organisation: outcome.organisation })}
              </Link>
            </p>
          </div>
        )}
        {outcome?.kind === 'declined' && (
          <p>{t('organisations.invitations.declined', { organisation: outcome.organisation })}</p>
        )}
      </div>
      {outcome?.kind === 'failed' && (
        <p className="field-error" role="alert">
          {outcome.message}
        </p>
      )}
      <QueryState query={invitations}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t('organisations.invitations.none')}</p>
          ) : (
            <ul className="invitation-list">
              {data.items.map((invitation) => (
                <InvitationCard key={invitation.id} invitation={invitation} onOutcome={setOutcome} />
              ))}
            </ul>
          )
        }
      </QueryState>
      <p>
        <Link href="/organisations">{t('organisations.detail.back')}</Link>
      </p>
    </Page>
  );
}

function InvitationCard({ invitation, onOutcome }: { invitation: Invitation; onOutcome: (outcome: Outcome) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const problem = useProblemMessage();
  const accept = useAcceptInvitation();
  const decline = useDeclineInvitation();
  const organisation = invitation.organization.name;
  const gone = (error: unknown) =>
    error instanceof ApiError && error.status === 404 ? t('organisations.invitations.gone') : problem(error);
  return (
    <li className="invitation">
      <h2>{organisation}</h2>
      <p className="card-kicker">
        {t(`organisations.kinds.${invitation.organization.kind}`)} · {t(`organisations.roles.${invitation.role}`)}
      </p>
      <p>
        {t('organisations.invitations.from', {
          name: invitation.invitedBy,
          date: format.date(invitation.invitedAt),
          expires: format.date(invitation.expiresAt),
        })}
      </p>
      <p>
        <strong>{t(`organisations.invitations.meaning_${invitation.role}`, { organisation })}</strong>
      </p>
      <div className="button-row">
        <Button
          isPending={accept.isPending}
          onPress={() =>
            accept.mutate(invitation.id, {
              onSuccess: (joined) =>
                onOutcome({ kind: 'accepted', id: joined.id, organisation: joined.name, role: invitation.role }),
              onError: (error) => onOutcome({ kind: 'failed', message: gone(error) }),
            })
          }
        >
          {t('organisations.invitations.accept', { organisation })}
        </Button>
        <ConfirmDialog
          triggerLabel={t('organisations.invitations.decline', { organisation })}
          title={t('organisations.invitations.declineTitle', { organisation })}
          confirmLabel={t('organisations.invitations.declineConfirm')}
          cancelLabel={t('actions.cancel')}
          isPending={decline.isPending}
          onConfirm={() => decline.mutateAsync(invitation.id).then(() => onOutcome({ kind: 'declined', organisation }))}
        >
          <p>{t('organisations.invitations.declineBody')}</p>
        </ConfirmDialog>
      </div>
    </li>
  );
}
