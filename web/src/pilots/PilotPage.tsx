import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Link } from 'react-aria-components';
import { ApiError } from '../api/client';
import { NotFoundContent } from '../app/NotFoundPage';
import { RelatedEvents } from '../events/RelatedEvents';
import { RequireSignIn } from '../account/RequireSignIn';
import type { User } from '../account/session';
import { useFormat } from '../i18n/format';
import { useAreaName } from '../reference/hooks';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { EffectGoalForm } from './EffectGoalForm';
import { GateDecisionDialog, GatePreconditions } from './GateDecision';
import { GoalChart } from './GoalChart';
import { usePilot, usePilotHistory, usePilotMeasurements, useRefreshPilot } from './hooks';
import type { HistoryEntry, Pilot } from './hooks';
import { MeasurementForm } from './MeasurementForm';
import {
  daysSince,
  goBlockers,
  isFinished,
  mayDecideGate,
  mayRecordMeasurement,
  maySetEffectGoals,
  nextGate,
} from './pilotRules';
import type { Outcome } from './pilotRules';
import { StageTrack } from './StageTrack';
import './pilotWork.css';

/** One pilot for the people who work on it: the actions on it depend on who looks (pilotRules.ts). */
export default function PilotPage() {
  const { t } = useTranslation();
  return <RequireSignIn title={t('pilotWork.page.loading')}>{(user) => <PilotLoader user={user} />}</RequireSignIn>;
}

function PilotLoader({ user }: { user: User }) {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const pilot = usePilot(id);
  if (pilot.error instanceof ApiError && [400, 404].includes(pilot.error.status)) return <NotFoundContent />;
  return (
    <QueryState query={pilot} page={t('pilotWork.page.loading')}>
      {(data) => <PilotView pilot={data} user={user} />}
    </QueryState>
  );
}

/** What the page last announced: a decision or measurement recorded (status), or a stale decision (alert). */
type Notice = { kind: 'done' | 'stale'; text: string } | null;

function PilotView({ pilot, user }: { pilot: Pilot; user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const areaName = useAreaName();
  const measurements = usePilotMeasurements(pilot.id);
  const refresh = useRefreshPilot(pilot.id);
  const [notice, setNotice] = useState<Notice>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const announce = (next: Notice) => {
    setNotice(next);
    // After the dialog closes, focus goes to the notice: the trigger may be gone with the old stage.
    setTimeout(() => noticeRef.current?.focus(), 50);
  };
  const gate = nextGate(pilot);
  const series = measurements.data?.items ?? [];
  const finished = isFinished(pilot.status);
  const days = daysSince(pilot.stageEnteredAt);

  const onDecided = (outcome: Outcome) =>
    announce({
      kind: 'done',
      text: t('pilotWork.notice.decided', {
        gate: t(`pilotWork.gates.${gate ?? 'time'}`),
        outcome: t(`pilotWork.outcomes.${outcome}`),
      }),
    });
  const onStale = () => {
    void refresh();
    announce({ kind: 'stale', text: t('pilotWork.notice.stale') });
  };

  return (
    <Page title={pilot.title}>
      <p className="card-kicker">
        {areaName(pilot.welfareArea)} · {pilot.department.name} · {t(`pilots.status.${pilot.status}`)}
      </p>
      <div ref={noticeRef} tabIndex={-1} className={notice ? `notice notice-${notice.kind}` : undefined}>
        {notice && <p role={notice.kind === 'stale' ? 'alert' : 'status'}>{notice.text}</p>}
      </div>
      <dl className="facts facts-inline">
        <dt>{t('pilotWork.page.lead')}</dt>
        <dd>{pilot.leadOrganization.name}</dd>
        <dt>{t('pilotWork.page.challenge')}</dt>
        <dd>
          <Link href={`/challenges/${pilot.challenge.id}`}>{pilot.challenge.title}</Link>
        </dd>
        <dt>{t('pilotWork.page.budget')}</dt>
        <dd>{pilot.grantedBudgetSek === null ? t('pilotWork.page.noBudget') : format.sek(pilot.grantedBudgetSek)}</dd>
      </dl>

      <section aria-labelledby="stage-title" className="panel">
        <h2 id="stage-title">{t('pilotWork.page.stageTitle')}</h2>
        <StageTrack stage={pilot.stage} implemented={pilot.status === 'implemented'} />
        <p>
          {t('pilotWork.page.inStage', {
            stage: t(`pilots.stages.${pilot.stage}`),
            date: format.date(pilot.stageEnteredAt),
            count: days,
          })}{' '}
          {t(`pilotWork.statusInfo.${pilot.status}`)}
        </p>
      </section>

      <section aria-labelledby="gate-title">
        <h2 id="gate-title">{t('pilotWork.page.gateTitle')}</h2>
        {gate === null ? (
          <p>{t('pilotWork.page.noGate')}</p>
        ) : (
          <>
            <p>
              {t('pilotWork.page.nextGate', {
                gate: t(`pilotWork.gates.${gate}`),
                stage: t(`pilots.stages.${pilot.stage}`),
              })}{' '}
              {t(`pilotWork.gateInfo.${gate}`)}
            </p>
            <GatePreconditions
              gate={gate}
              blockers={goBlockers(gate, pilot.effectGoals, series)}
              goals={pilot.effectGoals.length}
            />
            {mayDecideGate(user, gate, pilot.department.id) ? (
              <GateDecisionDialog
                pilot={pilot}
                gate={gate}
                measuredGoalIds={series}
                onDecided={onDecided}
                onStale={onStale}
              />
            ) : (
              <p className="muted">{t(gate === 'time' ? 'pilotWork.page.whoTime' : 'pilotWork.page.whoDirector')}</p>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="goals-title">
        <h2 id="goals-title">{t('pilotWork.page.goalsTitle')}</h2>
        {pilot.effectGoals.length === 0 && <p>{t('pilotWork.page.noGoals')}</p>}
        <QueryState query={measurements}>
          {(data) => (
            <>
              {pilot.effectGoals.map((goal) => (
                <article key={goal.id} className="goal-block">
                  <h3>{goal.name}</h3>
                  <p className="muted">
                    {t(goal.direction === 'increase' ? 'pilots.goalIncrease' : 'pilots.goalDecrease', {
                      baseline: format.number(goal.baseline),
                      target: format.number(goal.target),
                      unit: goal.unit,
                    })}
                    {goal.progress !== null &&
                      ` · ${t('pilots.progress', { percent: format.percent(Math.max(0, goal.progress)) })}`}
                  </p>
                  <GoalChart goal={goal} measurements={data.items.filter((m) => m.effectGoalId === goal.id)} />
                </article>
              ))}
            </>
          )}
        </QueryState>
        <div className="work-forms">
          {pilot.effectGoals.length > 0 && mayRecordMeasurement(user, pilot.department.id, pilot.callerInLead) && (
            <MeasurementForm
              pilotId={pilot.id}
              goals={pilot.effectGoals}
              onRecorded={(goal) =>
                announce({ kind: 'done', text: t('pilotWork.notice.measured', { name: goal.name }) })
              }
            />
          )}
          {!finished && maySetEffectGoals(user, pilot.department.id) && (
            <EffectGoalForm
              pilotId={pilot.id}
              onAdded={(name) => announce({ kind: 'done', text: t('pilotWork.notice.goalAdded', { name }) })}
            />
          )}
        </div>
      </section>

      <History pilotId={pilot.id} />

      <RelatedEvents pilotId={pilot.id} />

      <p>
        <Link href="/workspace/pilots">{t('pilotWork.page.back')}</Link>
      </p>
    </Page>
  );
}

/** Every change of stage or status, oldest first, each with who decided and why. */
function History({ pilotId }: { pilotId: string }) {
  const { t } = useTranslation();
  const history = usePilotHistory(pilotId);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('pilotWork.history.title')}</h2>
      <QueryState query={history}>
        {(data) => (
          <ol className="timeline">
            {data.items.map((entry) => (
              <HistoryItem key={`${entry.at}-${entry.kind}-${entry.gate ?? ''}`} entry={entry} />
            ))}
          </ol>
        )}
      </QueryState>
    </section>
  );
}

function HistoryItem({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  const format = useFormat();
  const what =
    entry.kind === 'created' || !entry.gate || !entry.outcome
      ? t('pilotWork.history.created')
      : t('pilotWork.history.decision', {
          gate: t(`pilotWork.gateTitles.${entry.gate}`),
          outcome: t(`pilotWork.outcomes.${entry.outcome}`),
        });
  const moved =
    entry.fromStage && entry.fromStage !== entry.toStage
      ? t('pilotWork.history.moved', {
          from: t(`pilots.stages.${entry.fromStage}`),
          to: t(`pilots.stages.${entry.toStage}`),
        })
      : t('pilotWork.history.status', { status: t(`pilots.status.${entry.toStatus}`) });
  return (
    <li className="timeline-item">
      <p className="timeline-head">
        <strong>{what}</strong> · <time dateTime={entry.at}>{format.dateTime(entry.at)}</time> ·{' '}
        {t('pilotWork.history.by', { name: entry.by.name })}
      </p>
      <p>{moved}</p>
      {entry.grantedBudgetSek !== null && (
        <p>{t('pilotWork.history.budget', { amount: format.sek(entry.grantedBudgetSek) })}</p>
      )}
      <blockquote className="rationale">
        <span className="visually-hidden">{t('pilotWork.history.rationale')}: </span>
        {entry.rationale}
      </blockquote>
    </li>
  );
}
