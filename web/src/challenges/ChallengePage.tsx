import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Link } from 'react-aria-components';
import { ApiError } from '../api/client';
import { NotFoundContent } from '../app/NotFoundPage';
import { useFormat } from '../i18n/format';
import { useSession } from '../account/session';
import { useAreaName } from '../reference/hooks';
import { LinkButton } from '../ui/Button';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { RelatedEvents } from '../events/RelatedEvents';
import { Deadline } from './Deadline';
import { useChallenge } from './hooks';
import type { Challenge } from './hooks';

/** Whether a proposal can still be made: the API decides, this only shows the way early. */
export function isOpen(challenge: Pick<Challenge, 'status' | 'submissionDeadline'>, now = Date.now()): boolean {
  return (
    challenge.status === 'published' &&
    !!challenge.submissionDeadline &&
    new Date(challenge.submissionDeadline).getTime() > now
  );
}

/** One challenge, with everything a proposer needs to decide whether to answer it. */
export default function ChallengePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const challenge = useChallenge(id);
  if (challenge.error instanceof ApiError && [400, 404].includes(challenge.error.status)) return <NotFoundContent />;
  return (
    <QueryState query={challenge} page={t('challenges.detail.pageTitle')}>
      {(data) => <ChallengeView challenge={data} />}
    </QueryState>
  );
}

function ChallengeView({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const format = useFormat();
  const areaName = useAreaName();
  const open = isOpen(challenge);
  const user = useSession().data;
  const manages = !!user?.roles.includes('department') && user.departmentId === challenge.department.id;
  return (
    <Page title={challenge.title}>
      {manages && (
        <p>
          <Link href={`/department/challenges/${challenge.id}`}>{t('department.common.manage')}</Link>
        </p>
      )}
      <p className="card-kicker">
        {areaName(challenge.welfareArea)} · {t(`challenges.status.${challenge.status}`)}
      </p>
      <p className="lead">{challenge.summary}</p>
      <div className="two-columns">
        <div>
          <section aria-labelledby="about">
            <h2 id="about">{t('challenges.detail.about')}</h2>
            <p className="prose">{challenge.description}</p>
          </section>
          <section aria-labelledby="effects">
            <h2 id="effects">{t('challenges.detail.expectedEffects')}</h2>
            <p className="prose">{challenge.expectedEffects}</p>
          </section>
          <section aria-labelledby="criteria">
            <h2 id="criteria">{t('challenges.detail.criteria')}</h2>
            <p>{t('challenges.detail.criteriaIntro')}</p>
            <table>
              <caption className="visually-hidden">{t('challenges.detail.criteria')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('challenges.detail.criterion')}</th>
                  <th scope="col" className="num">
                    {t('challenges.detail.weight')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {challenge.criteria.map((criterion) => (
                  <tr key={criterion.id}>
                    <td>
                      <strong>{criterion.name}</strong>
                      {criterion.description && <p className="muted">{criterion.description}</p>}
                    </td>
                    <td className="num">{format.percent(criterion.weight / 100)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
        <aside aria-labelledby="facts" className="panel">
          <h2 id="facts">{t('challenges.detail.facts')}</h2>
          {challenge.submissionDeadline && challenge.status === 'published' && (
            <Deadline iso={challenge.submissionDeadline} />
          )}
          <dl className="facts">
            <dt>{t('challenges.detail.department')}</dt>
            <dd>{challenge.department.name}</dd>
            <dt>{t('challenges.detail.area')}</dt>
            <dd>{areaName(challenge.welfareArea)}</dd>
            {challenge.submissionDeadline && (
              <>
                <dt>{t('challenges.deadline')}</dt>
                <dd>
                  <time dateTime={challenge.submissionDeadline}>{format.dateTime(challenge.submissionDeadline)}</time>
                </dd>
              </>
            )}
            <dt>{t('challenges.budget')}</dt>
            <dd>{challenge.budgetSek != null ? format.sek(challenge.budgetSek) : t('challenges.detail.noBudget')}</dd>
            {challenge.testbedSite && (
              <>
                <dt>{t('challenges.detail.testbedSite')}</dt>
                <dd>{challenge.testbedSite}</dd>
              </>
            )}
            <dt>{t('challenges.detail.review')}</dt>
            <dd>{challenge.blindReview ? t('challenges.detail.blind') : t('challenges.detail.open')}</dd>
          </dl>
          {challenge.sdgs.length > 0 && (
            <>
              <h3>{t('challenges.detail.sdgs')}</h3>
              <ul>
                {challenge.sdgs.map((sdg) => (
                  <li key={sdg}>{t(`sdg.${sdg}` as 'sdg.1')}</li>
                ))}
              </ul>
            </>
          )}
          {challenge.tags.length > 0 && (
            <>
              <h3>{t('challenges.detail.tags')}</h3>
              <ul className="tags">
                {challenge.tags.map((tag) => (
                  <li key={tag}>
                    <Link className="tag" href={`/challenges?tag=${encodeURIComponent(tag)}`}>
                      {tag}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </aside>
      </div>
      <section aria-labelledby="propose" className="notice propose">
        <h2 id="propose">{t('challenges.detail.proposeTitle')}</h2>
        {open ? (
          <>
            <p>{t('challenges.detail.proposeBody')}</p>
            <LinkButton href={`/challenges/${challenge.id}/propose`}>{t('challenges.detail.proposeAction')}</LinkButton>
          </>
        ) : (
          <p>{t('challenges.detail.notOpen')}</p>
        )}
      </section>
      <RelatedEvents challengeId={challenge.id} />
      <p>
        <Link href="/challenges">{t('challenges.detail.back')}</Link>
      </p>
    </Page>
  );
}
