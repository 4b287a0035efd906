import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { RequireRole } from '../account/RequireRole';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { Select } from '../ui/Select';
import { useManagedChallenge, useRanking } from './hooks';
import type { RankingRow } from './hooks';
import './department.css';

const STATES = ['submitted', 'accepted', 'rejected'] as const;

/** The proposals of a challenge with their consortium, state and review progress; filter by state. */
export default function ProposalsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  return (
    <RequireRole
      title={t('department.proposals.title')}
      roles={['department', 'director', 'admin']}
      notAllowed={t('department.common.notForYou')}
    >
      {() => <Proposals challengeId={id} />}
    </RequireRole>
  );
}

function Proposals({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? '';
  const challenge = useManagedChallenge(challengeId);
  const ranking = useRanking(challengeId);
  return (
    <QueryState query={ranking} page={t('department.proposals.title')}>
      {(data) => {
        const rows = data.items.filter((row) => !state || row.status === state);
        return (
          <Page
            title={t('department.proposals.title')}
            lead={challenge.data ? t('department.common.forChallenge', { title: challenge.data.title }) : undefined}
          >
            <div className="filters">
              <Select
                label={t('department.proposals.filter')}
                anyLabel={t('department.proposals.anyState')}
                value={state}
                onChange={(value) => setParams(value ? { state: value } : {}, { replace: true })}
                options={STATES.map((s) => ({ id: s, label: t(`department.proposalState.${s}`) }))}
              />
            </div>
            <p role="status" className="result-count">
              {t('department.proposals.count', { count: rows.length })}
            </p>
            {rows.length > 0 && (
              <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="proposals-caption">
                <table>
                  <caption id="proposals-caption" className="visually-hidden">
                    {t('department.proposals.title')}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('department.proposals.proposal')}</th>
                      <th scope="col">{t('department.proposals.consortium')}</th>
                      <th scope="col">{t('department.proposals.state')}</th>
                      <th scope="col">{t('department.proposals.progress')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <ProposalRow key={row.proposalId} row={row} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p>
              <Link href={`/department/challenges/${challengeId}/ranking`}>{t('department.list.ranking')}</Link>
              {' · '}
              <Link href={`/department/challenges/${challengeId}`}>{t('department.common.backToChallenge')}</Link>
            </p>
          </Page>
        );
      }}
    </QueryState>
  );
}

function ProposalRow({ row }: { row: RankingRow }) {
  const { t } = useTranslation();
  return (
    <tr>
      <td>
        <Link href={`/department/proposals/${row.proposalId}`}>{row.title}</Link>
      </td>
      <td>
        {row.leadOrganization.name} <span className="muted">({t('department.proposals.lead')})</span>
        {row.partners.map((partner) => (
          <span key={partner.id}>
            <br />
            {partner.name}
            {partner.status === 'invited' && <span className="muted"> ({t('department.proposals.invited')})</span>}
          </span>
        ))}
      </td>
      <td>{t(`department.proposalState.${row.status as 'submitted'}`)}</td>
      <td>
        {t('department.proposals.reviews', { submitted: row.reviewsSubmitted, count: row.reviewsAssigned })}
        {row.overdue > 0 && (
          <>
            <br />
            <span className="status-flag status-flag-warn">
              {t('department.proposals.overdue', { count: row.overdue })}
            </span>
          </>
        )}
        {row.recusals > 0 && (
          <>
            <br />
            <span className="muted">{t('department.proposals.recusals', { count: row.recusals })}</span>
          </>
        )}
      </td>
    </tr>
  );
}
