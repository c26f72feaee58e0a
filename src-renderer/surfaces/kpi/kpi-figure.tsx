import type { KpiFigureRef } from '../../../src-shared/model/kpi.js';
import { hasMessage } from '../../i18n/i18n.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { figureAttributes, figureRef, formatCount, formatRate, sameFigure } from './kpi-model.js';

/** A short name of what a figure counts, for the button's accessible name and the drill-down's title. */
export function useFigureLabel(): (ref: KpiFigureRef, agencyName?: string | null) => string {
  const t = useT();
  return (ref, agencyName) => {
    const metric = `kpi.metric.${ref.metric}`;
    const scope = `kpi.scope.${ref.scope}`;
    return [
      hasMessage(metric) ? t(metric) : ref.metric,
      hasMessage(scope) ? t(scope) : ref.scope,
      ref.agencyId ? (agencyName ?? ref.agencyId) : null,
      ref.field ?? null,
    ]
      .filter((p): p is string => p !== null)
      .join(' · ');
  };
}

/**
 * A number of the board. Every one is a button that opens the dossiers behind it, and
 * carries its address as data attributes (the end-to-end tests and the drill use them).
 */
export function KpiFigure({ figure, value, agencyName, className }: { figure: KpiFigureRef; value: number; agencyName?: string | null; className?: string }) {
  const open = useAppStore((s) => s.openKpiDrill);
  const selected = useAppStore((s) => sameFigure(s.kpiDrill?.ref, figure));
  const label = useFigureLabel();
  const text = formatCount(value);
  return (
    <button
      type="button"
      className={`kpi-figure${className ? ` ${className}` : ''}${selected ? ' selected' : ''}`}
      data-testid="kpi-figure"
      {...figureAttributes(figure)}
      data-value={value}
      aria-label={`${label(figure, agencyName)}: ${text}`}
      aria-pressed={selected}
      onClick={() => void open(figure)}
    >
      {text}
    </button>
  );
}

/** An on-time rate: a button too, opening the on-time dossiers of the same scope, agency or field. */
export function KpiRate({ scope, where, rate, agencyName, className }: { scope: KpiFigureRef['scope']; where?: { agencyId?: string; field?: string }; rate: number | null; agencyName?: string | null; className?: string }) {
  const t = useT();
  const open = useAppStore((s) => s.openKpiDrill);
  const label = useFigureLabel();
  const figure = figureRef(scope, 'onTime', where);
  const text = formatRate(rate);
  return (
    <button
      type="button"
      className={`kpi-rate${className ? ` ${className}` : ''}${rate !== null && rate < 0.9 ? ' low' : ''}`}
      data-testid="kpi-rate"
      {...figureAttributes(figure)}
      data-value={rate ?? ''}
      aria-label={`${t('kpi.onTimeRate')} (${label(figure, agencyName)}): ${text}`}
      onClick={() => void open(figure)}
    >
      {text}
    </button>
  );
}
