import type { KpiTrendDay } from '../../../src-shared/model/kpi.js';
import { useT } from '../../store/store-context.js';
import { formatCount, trendGeometry } from './kpi-model.js';

const WIDTH = 1000;
const HEIGHT = 420;

/** Received, completed and late per day over the last 30 days: plain SVG, scaled to its box. */
export function KpiTrendChart({ trend }: { trend: readonly KpiTrendDay[] }) {
  const t = useT();
  const g = trendGeometry(trend, WIDTH, HEIGHT);
  const names = { received: t('kpi.trend.received'), completed: t('kpi.trend.completed'), late: t('kpi.trend.late') } as const;
  return (
    <figure className="kpi-trend" data-testid="kpi-trend" data-days={trend.length}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={t('kpi.trend.title')}>
        {g.grid.map((line) => (
          <g key={line.y} className="kpi-trend-grid">
            <line x1={60} x2={WIDTH - 20} y1={line.y} y2={line.y} />
            <text x={52} y={line.y + 5} textAnchor="end">
              {formatCount(line.value)}
            </text>
          </g>
        ))}
        {g.ticks.map((tick) => (
          <text key={tick.x} className="kpi-trend-tick" x={tick.x} y={HEIGHT - 12} textAnchor="middle">
            {tick.label}
          </text>
        ))}
        {g.series.map((s) => (
          <g key={s.key} className={`kpi-trend-series series-${s.key}`} data-series={s.key}>
            <path d={s.path} />
            {s.points.map((p) => (
              <circle key={p.day} cx={p.x} cy={p.y} r={4}>
                <title>{`${p.day}: ${names[s.key]} ${formatCount(p.value)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="kpi-trend-legend">
        {(['received', 'completed', 'late'] as const).map((key) => (
          <span key={key} className={`legend-${key}`}>
            <i aria-hidden="true" /> {names[key]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
