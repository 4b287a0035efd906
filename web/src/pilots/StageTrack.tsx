import { useTranslation } from 'react-i18next';
import { STAGES } from './hooks';
import type { Stage } from './hooks';

/** A pilot's place on the four-stage track: the stages passed, the current one, those ahead. */
export function StageTrack({ stage, implemented }: { stage: Stage; implemented: boolean }) {
  const { t } = useTranslation();
  const current = STAGES.indexOf(stage);
  return (
    <ol className="stage-track" aria-label={t('pilots.track')}>
      {STAGES.map((candidate, index) => {
        const state = index < current || implemented ? 'done' : index === current ? 'current' : 'todo';
        return (
          <li
            key={candidate}
            className={`stage stage-${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className="stage-number" aria-hidden="true">
              {index + 1}
            </span>
            <span className="stage-name">{t(`pilots.stages.${candidate}`)}</span>
            <span className="visually-hidden"> ({t(`pilots.stageState.${state}`)})</span>
          </li>
        );
      })}
    </ol>
  );
}
