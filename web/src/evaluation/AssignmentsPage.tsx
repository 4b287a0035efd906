import { useTranslation } from 'react-i18next';
import { RequireRole } from '../account/RequireRole';
import { useFormat } from '../i18n/format';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { useMyAssignments } from './hooks';
import type { Assignment } from './hooks';
import { byUrgency, isOverdue } from './rules';
import '../department/department.css';

/** An evaluator's assignments: overdue first, then by due date; finished ones last. */
export default function AssignmentsPage() {
  const { t } = useTranslation();
  return (
    <RequireRole title={t('evaluation.list.title')} roles={['evaluator']} notAllowed={t('department.common.notForYou')}>
      {() => <Assignments />}
    </RequireRole>
  );
}

/** The state of an assignment in words: what the evaluator has left to do. */
export function stateKey(a: Assignment): 'declare' | 'review' | 'recused' | 'submitted' {
  if (a.status === 'recused') return 'recused';
  if (a.status === 'submitted') return 'submitted';
  return a.declaration ? 'review' : 'declare';
}

function Assignments() {
  const { t } = useTranslation();
  const format = useFormat();
  const assignments = useMyAssignments();
  return (
    <Page title={t('evaluation.list.title')} lead={t('evaluation.list.lead')}>
      <QueryState query={assignments}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('evaluation.list.empty')}</p>
          ) : (
            <ul className="plain-list">
              {byUrgency(page.items).map((a) => (
                <li key={a.id}>
                  <h2 className="list-title">
                    <Link href={`/evaluation/assignments/${a.id}`}>{a.proposal.title}</Link>
                  </h2>
                  <p className="muted">{t('evaluation.list.challenge', { title: a.challenge.title })}</p>
                  <p>
                    <span className={`status-flag${isOverdue(a) ? ' status-flag-warn' : ''}`}>
                      {isOverdue(a) ? t('evaluation.list.overdue') : t(`evaluation.state.${stateKey(a)}`)}
                    </span>{' '}
                    {isOverdue(a) && t(`evaluation.state.${stateKey(a)}`)}
                    {a.dueAt
                      ? ` · ${t('evaluation.list.due', { date: format.dateTime(a.dueAt) })}`
                      : ` · ${t('evaluation.list.noDue')}`}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </Page>
  );
}
