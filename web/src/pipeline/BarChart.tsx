export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 640;
const LABEL_WIDTH = 230;
const VALUE_WIDTH = 70;
const ROW = 34;

/**
 * Horizontal bars in plain SVG (no charting library in the bundle). The drawing is hidden from
 * assistive technology: the table that follows it in the same figure says the same in text.
 */
export function BarChart({ bars, format }: { bars: Bar[]; format: (value: number) => string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const room = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  return (
    <svg
      className="bar-chart"
      viewBox={`0 0 ${WIDTH} ${bars.length * ROW}`}
      aria-hidden="true"
      focusable="false"
      preserveAspectRatio="xMinYMin meet"
    >
      {bars.map((bar, index) => {
        const y = index * ROW;
        const width = bar.value === 0 ? 0 : Math.max(2, (bar.value / max) * room);
        return (
          <g key={bar.label}>
            <text x={LABEL_WIDTH - 8} y={y + ROW / 2} className="bar-label" textAnchor="end" dominantBaseline="middle">
              {bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={y + 6} width={width} height={ROW - 12} className="bar" rx={3} />
            <text x={LABEL_WIDTH + width + 6} y={y + ROW / 2} className="bar-value" dominantBaseline="middle">
              {format(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
