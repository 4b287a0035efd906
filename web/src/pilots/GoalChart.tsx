import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';
import type { EffectGoal, Measurement } from './hooks';

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { top: 16, right: 16, bottom: 36, left: 64 };
const DAY_MS = 86_400_000;

/** Where each figure and instant lands in the chart: linear scales over the goal's lines and its points. */
export function chartScales(goal: { baseline: number; target: number }, points: { value: number; at: number }[]) {
  const values = [goal.baseline, goal.target, ...points.map((p) => p.value)];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = (high - low) * 0.1 || 1;
  const times = points.map((p) => p.at);
  const first = times.length ? Math.min(...times) : Date.now() - 30 * DAY_MS;
  const last = times.length ? Math.max(...times) : Date.now();
  const span = last - first || 30 * DAY_MS;
  const start = last === first ? first - span / 2 : first;
  return {
    x: (at: number) => MARGIN.left + ((at - start) / span) * (WIDTH - MARGIN.left - MARGIN.right),
    y: (value: number) =>
      MARGIN.top + ((high + pad - value) / (high - low + 2 * pad)) * (HEIGHT - MARGIN.top - MARGIN.bottom),
  };
}

/**
 * An effect goal's measurements over time, with its baseline and target drawn as lines, and the
 * same figures as a table beside it (the chart's text alternative for screen readers).
 */
export function GoalChart({ goal, measurements }: { goal: EffectGoal; measurements: Measurement[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const points = measurements.map((m) => ({ value: m.value, at: Date.parse(m.measuredAt), m }));
  const { x, y } = chartScales(goal, points);
  const unit = (value: number) => `${format.number(value)} ${goal.unit}`;
  const summary = t('pilotWork.chart.summary', {
    name: goal.name,
    baseline: unit(goal.baseline),
    target: unit(goal.target),
    count: measurements.length,
  });
  const captionId = `chart-${goal.id}`;
  const baselineY = y(goal.baseline);
  const targetY = y(goal.target);
  // Two labels too close to both stand above their lines: the lower line's goes below it.
  const crowded = Math.abs(baselineY - targetY) < 22;
  const first = measurements.at(0);
  const last = measurements.at(-1);
  const line = points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return (
    <figure className="goal-figure" aria-labelledby={captionId}>
      <figcaption id={captionId} className="goal-caption">
        {summary}
      </figcaption>
      <div className="goal-figure-body">
        <svg
          className="goal-chart"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={t('pilotWork.chart.imageLabel', { name: goal.name })}
        >
          <line className="chart-axis" x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} />
          <line
            className="chart-axis"
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={HEIGHT - MARGIN.bottom}
            y2={HEIGHT - MARGIN.bottom}
          />
          <Reference
            y={baselineY}
            kind="baseline"
            below={crowded && baselineY > targetY}
            label={t('pilotWork.chart.baseline', { value: unit(goal.baseline) })}
          />
          <Reference
            y={targetY}
            kind="target"
            below={crowded && targetY > baselineY}
            label={t('pilotWork.chart.target', { value: unit(goal.target) })}
          />
          {points.length > 1 && <polyline className="chart-line" points={line} />}
          {points.map((p) => (
            <circle key={p.m.id} className="chart-point" cx={x(p.at)} cy={y(p.value)} r={5} />
          ))}
          {first && (
            <text className="chart-text" x={MARGIN.left} y={HEIGHT - 12} textAnchor="start">
              {format.date(first.measuredAt)}
            </text>
          )}
          {last && last !== first && (
            <text className="chart-text" x={WIDTH - MARGIN.right} y={HEIGHT - 12} textAnchor="end">
              {format.date(last.measuredAt)}
            </text>
          )}
          {points.length === 0 && (
            <text className="chart-text" x={(WIDTH + MARGIN.left) / 2} y={HEIGHT - 12} textAnchor="middle">
              {t('pilotWork.chart.empty')}
            </text>
          )}
        </svg>
        <table className="goal-table">
          <caption>{t('pilotWork.chart.tableCaption', { name: goal.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pilotWork.chart.date')}</th>
              <th scope="col" className="num">
                {t('pilotWork.chart.value', { unit: goal.unit })}
              </th>
              <th scope="col">{t('pilotWork.chart.note')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('pilotWork.chart.baselineRow')}</th>
              <td className="num">{format.number(goal.baseline)}</td>
              <td />
            </tr>
            {measurements.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <time dateTime={m.measuredAt}>{format.date(m.measuredAt)}</time>
                </th>
                <td className="num">{format.number(m.value)}</td>
                <td>{m.note}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('pilotWork.chart.targetRow')}</th>
              <td className="num">{format.number(goal.target)}</td>
              <td />
            </tr>
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** A reference line with its label above it, or below when the other line is too close above. */
function Reference({
  y,
  label,
  below,
  kind,
}: {
  y: number;
  label: string;
  below: boolean;
  kind: 'baseline' | 'target';
}) {
  return (
    <g className={`chart-${kind}`}>
      <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y} y2={y} />
      <text className="chart-text" x={MARGIN.left + 6} y={below ? y + 18 : y - 6}>
        {label}
      </text>
    </g>
  );
}
