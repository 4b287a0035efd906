import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import type { Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { RequireRole } from '../account/RequireRole';
import { useFormat } from '../i18n/format';
import { LinkButton } from '../ui/Button';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { useDepartmentChallenges } from './hooks';
import type { ChallengeStatus } from './hooks';
import './department.css';

const STATUSES: readonly ChallengeStatus[] = ['draft', 'published', 'closed', 'archived'];

/** Department staff: their department's challenges by status, and the way to a new one. */
export default function DepartmentPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as ChallengeStatus)
    : 'draft';
  return (
    <RequireRole
      title={t('department.list.title')}
      roles={['department']}
      notAllowed={t('department.common.notForYou')}
    >
      {(user) => (
        <Page title={t('department.list.title')} lead={t('department.list.lead')}>
          <div className="button-row">
            <LinkButton href="/department/challenges/new">{t('department.list.create')}</LinkButton>
          </div>
          <Tabs
            className="tabs"
            selectedKey={status}
            onSelectionChange={(key: Key) => setParams({ status: String(key) }, { replace: true })}
          >
            <TabList className="tab-list" aria-label={t('department.list.tabs')}>
              {STATUSES.map((s) => (
                <Tab key={s} id={s} className="tab">
                  {t(`department.list.status.${s}`)}
                </Tab>
              ))}
            </TabList>
            {STATUSES.map((s) => (
              <TabPanel key={s} id={s} className="tab-panel">
                <ChallengeList departmentId={user.departmentId ?? ''} status={s} />
              </TabPanel>
            ))}
          </Tabs>
        </Page>
      )}
    </RequireRole>
  );
}

function ChallengeList({ departmentId, status }: { departmentId: string; status: ChallengeStatus }) {
  const { t } = useTranslation();
  const format = useFormat();
  const challenges = useDepartmentChallenges(departmentId, status);
  return (
    <QueryState query={challenges}>
      {(page) =>
        page.items.length === 0 ? (
          <p>{t(`department.list.empty.${status}`)}</p>
        ) : (
          <ul className="plain-list">
            {page.items.map((challenge) => (
              <li key={challenge.id}>
                <h2 className="list-title">
                  <Link href={`/department/challenges/${challenge.id}`}>{challenge.title}</Link>
                </h2>
                <p className="muted">
                  {challenge.submissionDeadline
                    ? t('department.list.deadline', { date: format.dateTime(challenge.submissionDeadline) })
                    : t('department.list.noDeadline')}
                </p>
                {status !== 'draft' && (
                  <p>
                    <Link href={`/department/challenges/${challenge.id}/proposals`}>
                      {t('department.list.proposals')}
                      <span className="visually-hidden"> – {challenge.title}</span>
                    </Link>
                    {' · '}
                    <Link href={`/department/challenges/${challenge.id}/ranking`}>
                      {t('department.list.ranking')}
                      <span className="visually-hidden"> – {challenge.title}</span>
                    </Link>
                  </p>
                )}
              </li>
            ))}
          </ul>
        )
      }
    </QueryState>
  );
}
