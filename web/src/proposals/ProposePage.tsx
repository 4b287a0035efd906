import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { RequireSignIn } from '../account/RequireSignIn';
import type { User } from '../account/session';
import { NotFoundContent } from '../app/NotFoundPage';
import { isOpen } from '../challenges/ChallengePage';
import type { Challenge } from '../challenges/hooks';
import { useChallenge } from '../challenges/hooks';
import { LinkButton } from '../ui/Button';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { DeadlineLeft } from './DeadlineLeft';
import { EMPTY, bodyOf, storageKey } from './draft';
import { useCreateProposal, useMyOrganizations, useMyProposalsOn } from './hooks';
import { ProposalForm } from './ProposalForm';
import './proposals.css';

/** `/challenges/:id/propose`: a partner starts a proposal (or continues one) on an open challenge. */
export default function ProposePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const challenge = useChallenge(id);
  const title = t('proposals.propose.title');
  if (challenge.error instanceof ApiError && [400, 404].includes(challenge.error.status)) return <NotFoundContent />;
  return (
    <RequireSignIn title={title}>
      {(user) => (
        <QueryState query={challenge} page={title}>
          {(data) => (
            <Page title={title} lead={data.title}>
              {!isOpen(data) ? (
                <p>{t('proposals.propose.notOpen')}</p>
              ) : !user.roles.includes('partner') ? (
                <p>{t('proposals.propose.partnersOnly')}</p>
              ) : (
                <Propose challenge={data} user={user} />
              )}
              <p>
                <Link href={`/challenges/${data.id}`}>{t('proposals.propose.backToChallenge')}</Link>
              </p>
            </Page>
          )}
        </QueryState>
      )}
    </RequireSignIn>
  );
}

function Propose({ challenge, user }: { challenge: Challenge; user: User }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const organizations = useMyOrganizations();
  const mine = useMyProposalsOn(challenge.id);
  const create = useCreateProposal(challenge.id);
  const key = storageKey({ challengeId: challenge.id });
  return (
    <QueryState query={organizations}>
      {(orgs) =>
        orgs.items.length === 0 ? (
          <div className="notice">
            <p>{t('proposals.propose.noOrganization')}</p>
            <LinkButton href="/organisations/new">{t('proposals.propose.toOrganizations')}</LinkButton>
          </div>
        ) : (
          <>
            {challenge.submissionDeadline && <DeadlineLeft iso={challenge.submissionDeadline} />}
            {(mine.data?.items.length ?? 0) > 0 && (
              <div className="notice">
                <p>{t('proposals.propose.existing')}</p>
                <ul>
                  {mine.data?.items.map((p) => (
                    <li key={p.id}>
                      <Link href={`/proposals/${p.id}`}>{p.title}</Link> ({t(`proposals.status.${p.status}`)})
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <ProposalForm
              userId={user.id}
              storageKey={key}
              saved={{ ...EMPTY, leadOrganizationId: orgs.items.length === 1 ? (orgs.items[0]?.id ?? '') : '' }}
              organizations={orgs.items.map((o) => ({ id: o.id, label: o.name }))}
              budgetCap={challenge.budgetSek ?? null}
              isSaving={create.isPending}
              save={async (values) => {
                const created = await create.mutateAsync({
                  ...bodyOf(values),
                  leadOrganizationId: values.leadOrganizationId,
                });
                localStorage.removeItem(key);
                void navigate(`/proposals/${created!.id}`, { replace: true, state: { created: true } });
              }}
            />
          </>
        )
      }
    </QueryState>
  );
}
