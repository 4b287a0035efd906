import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Link } from 'react-aria-components';
import { ApiError } from '../api/client';
import { RequireSignIn } from '../account/RequireSignIn';
import { NotFoundContent } from '../app/NotFoundPage';
import { LinkButton } from '../ui/Button';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { Deadline } from './Deadline';
import { useChallenge } from './hooks';
import { isOpen } from './ChallengePage';

/**
 * Where the proposal form will live (`/challenges/:id/propose`). Signed out: sign in or register
 * first, then back here. Signed in as a partner: what to prepare, since the form comes next.
 */
export default function ProposePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const challenge = useChallenge(id);
  const title = t('propose.title');
  if (challenge.error instanceof ApiError && [400, 404].includes(challenge.error.status)) return <NotFoundContent />;
  return (
    <RequireSignIn title={title}>
      {(user) => (
        <QueryState query={challenge} page={title}>
          {(data) => (
            <Page title={title} lead={data.title}>
              {!isOpen(data) ? (
                <p>{t('challenges.detail.notOpen')}</p>
              ) : !user.roles.includes('partner') ? (
                <p>{t('propose.partnersOnly')}</p>
              ) : (
                <>
                  {data.submissionDeadline && <Deadline iso={data.submissionDeadline} />}
                  <div className="notice">
                    <p>
                      <strong>{t('propose.comingNext')}</strong>
                    </p>
                    <p>{t('propose.meanwhile')}</p>
                  </div>
                  <h2>{t('propose.prepareTitle')}</h2>
                  <ul>
                    <li>{t('propose.prepare.organisation')}</li>
                    <li>{t('propose.prepare.summary')}</li>
                    <li>{t('propose.prepare.effects')}</li>
                    <li>{t('propose.prepare.budget')}</li>
                    <li>{t('propose.prepare.partners')}</li>
                  </ul>
                </>
              )}
              <div className="button-row">
                <LinkButton href={`/challenges/${data.id}`} variant="secondary">
                  {t('propose.backToChallenge')}
                </LinkButton>
              </div>
              <p>
                <Link href="/challenges?status=published">{t('propose.otherChallenges')}</Link>
              </p>
            </Page>
          )}
        </QueryState>
      )}
    </RequireSignIn>
  );
}
