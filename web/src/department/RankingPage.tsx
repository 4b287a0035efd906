import { useState } from 'react';
import { Button as AriaButton } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { RequireRole } from '../account/RequireRole';
import { useFormat } from '../i18n/format';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { useManagedChallenge, useRanking } from './hooks';
import type { RankingRow } from './hooks';
import { sortRows } from './rules';
import type { RankingSortKey } from './rules';
import './department.css';

/** The ranking: weighted score, each evaluator's calibrated score, disagreement; sortable. */
export default function RankingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  return (
    <RequireRole
      title={t('department.ranking.title')}
      roles={['department', 'director', 'admin']}
      notAllowed={t('department.common.notForYou')}
    >
      {() => <Ranking challengeId={id} />}
    </RequireRole>
  );
}

function Ranking({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const challenge = useManagedChallenge(challengeId);
  const ranking = useRanking(challengeId);
  const [sort, setSort] = useState<{ key: RankingSortKey; direction: 'ascending' | 'descending' }>({
    key: 'weightedScore',
    direction: 'descending',
  });
  const score = (value: number | null) => (value === null ? '–' : format.number(Math.round(value * 10) / 10));
  const z = (value: number) =>
    `${value > 0 ? '+' : value < 0 ? '−' : ''}${format.number(Math.abs(Math.round(value * 100) / 100))}`;
  const header = (key: RankingSortKey, label: string, numeric = true) => (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={sort.key === key ? sort.direction : 'none'}>
      <AriaButton
        className="sort-button"
        onPress={() =>
          setSort((current) => ({
            key,
            direction: current.key === key && current.direction === 'descending' ? 'ascending' : 'descending',
          }))
        }
      >
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.direction === 'descending' ? ' ▼' : ' ▲') : ' ↕'}</span>
      </AriaButton>
    </th>
  );
  return (
    <QueryState query={ranking} page={t('department.ranking.title')}>
      {(data) => {
        const rows = sortRows(data.items, sort.key, sort.direction);
        return (
          <Page
            title={t('department.ranking.title')}
            lead={challenge.data ? t('department.common.forChallenge', { title: challenge.data.title }) : undefined}
          >
            <details className="panel">
              <summary>{t('department.ranking.helpTitle')}</summary>
              <p>{t('department.ranking.helpTotal')}</p>
              <p>{t('department.ranking.helpZ')}</p>
              <p>{t('department.ranking.helpDisagreement')}</p>
            </details>
            <p role="status" className="result-count">
              {t('department.ranking.sortedBy', {
                column: t(`department.ranking.columns.${sort.key}`),
                direction: t(`department.ranking.${sort.direction}`),
              })}
            </p>
            {rows.length === 0 ? (
              <p>{t('department.ranking.empty')}</p>
            ) : (
              <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="ranking-caption">
                <table>
                  <caption id="ranking-caption" className="visually-hidden">
                    {t('department.ranking.title')}
                  </caption>
                  <thead>
                    <tr>
                      {header('title', t('department.ranking.columns.title'), false)}
                      {header('weightedScore', t('department.ranking.columns.weightedScore'))}
                      {header('normalizedScore', t('department.ranking.columns.normalizedScore'))}
                      <th scope="col">{t('department.ranking.columns.evaluators')}</th>
                      {header('spread', t('department.ranking.columns.spread'))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row: RankingRow) => (
                      <tr key={row.proposalId}>
                        <td>
                          <Link href={`/department/proposals/${row.proposalId}`}>{row.title}</Link>
                          <br />
                          <span className="muted">
                            {row.leadOrganization.name} · {t(`department.proposalState.${row.status as 'submitted'}`)} ·{' '}
                            {t('department.proposals.reviews', {
                              submitted: row.reviewsSubmitted,
                              count: row.reviewsAssigned,
                            })}
                          </span>
                        </td>
                        <td className="num">{score(row.weightedScore)}</td>
                        <td className="num">{row.normalizedScore === null ? '–' : z(row.normalizedScore)}</td>
                        <td>
                          {row.evaluations.length === 0 ? (
                            '–'
                          ) : (
                            <ul className="plain-list">
                              {row.evaluations.map((e) => (
                                <li key={e.assignmentId}>
                                  {t('department.ranking.evaluatorScore', {
                                    name: e.evaluator.name,
                                    total: score(e.total),
                                    z: z(e.zScore),
                                  })}
                                </li>
                              ))}
                            </ul>
                          )}
                          {row.excludedReviews.map((x) => (
                            <p key={x.assignmentId} className="muted">
                              {t('department.ranking.excluded', {
                                name: x.evaluator.name,
                                organization: x.organization.name,
                              })}
                            </p>
                          ))}
                        </td>
                        <td className="num">
                          {score(row.spread)}
                          {row.disagreement && (
                            <>
                              <br />
                              <span className="status-flag status-flag-warn">
                                {t('department.ranking.disagreement')}
                              </span>
                              <br />
                              <span className="muted">
                                {t('department.ranking.disagreementReason', { spread: score(row.spread) })}
                              </span>
                            </>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p>
              <Link href={`/department/challenges/${challengeId}/proposals`}>{t('department.list.proposals')}</Link>
              {' · '}
              <Link href={`/department/challenges/${challengeId}`}>{t('department.common.backToChallenge')}</Link>
            </p>
          </Page>
        );
      }}
    </QueryState>
  );
}
