import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';
import { useAreaName } from '../reference/hooks';
import type { RegistryGoal, RegistryPilot } from './hooks';
import { StageTrack } from './StageTrack';

/** A pilot in the public registry: what it tests, who leads it, where it stands, what it achieves. */
export function PilotCard({ pilot, headingLevel = 3 }: { pilot: RegistryPilot; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const areaName = useAreaName();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const SubHeading = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <article className="card pilot-card">
      <p className="card-kicker">
        {areaName(pilot.welfareArea)} · {t(`pilots.status.${pilot.status}`)}
      </p>
      <Heading>{pilot.title}</Heading>
      <p>{pilot.summary}</p>
      <p className="muted">
        {t('pilots.lead')}: {pilot.lead} · {pilot.department}
      </p>
      <StageTrack stage={pilot.stage} implemented={pilot.status === 'implemented'} />
      {pilot.effectGoals.length > 0 && (
        <>
          <SubHeading className="goals-title">{t('pilots.goals')}</SubHeading>
          <ul className="goals">
            {pilot.effectGoals.map((goal) => (
              <Goal key={goal.name} goal={goal} />
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

function Goal({ goal }: { goal: RegistryGoal }) {
  const { t } = useTranslation();
  const format = useFormat();
  const progress = goal.progress === null ? null : Math.max(0, Math.min(1, goal.progress));
  return (
    <li className="goal">
      <span className="goal-name">{goal.name}</span>
      <span className="muted">
        {t(goal.direction === 'increase' ? 'pilots.goalIncrease' : 'pilots.goalDecrease', {
          baseline: format.number(goal.baseline),
          target: format.number(goal.target),
          unit: goal.unit,
        })}
      </span>
      {progress === null || goal.latestValue === null ? (
        <span className="muted">{t('pilots.notMeasured')}</span>
      ) : (
        <>
          <span>
            {t('pilots.latest', { value: format.number(goal.latestValue), unit: goal.unit })} ·{' '}
            {t('pilots.progress', { percent: format.percent(progress) })}
          </span>
          <span className="goal-bar" aria-hidden="true">
            <span className={`goal-fill goal-fill-${Math.round(progress * 10)}`} />
          </span>
        </>
      )}
    </li>
  );
}
