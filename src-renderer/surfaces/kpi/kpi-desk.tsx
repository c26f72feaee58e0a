import { useState } from 'react';
import type { KpiBoardView } from '../../../src-shared/desktop-api.js';
import { KPI_METRICS, KPI_SCOPES, type KpiCounts, type KpiMetric, type KpiScope } from '../../../src-shared/model/kpi.js';
import { useT } from '../../store/store-context.js';
import { KpiExportButtons } from './kpi-export-buttons.js';
import { KpiFigure, KpiRate } from './kpi-figure.js';
import { agenciesByRank, agencyChoices, fieldChoices, fieldsByVolume, figureRef, formatHours } from './kpi-model.js';
import { KpiProvenance } from './kpi-provenance.js';

export interface KpiDeskFilters {
  scope: KpiScope;
  metric: KpiMetric;
  /** '' for every agency. */
  agencyId: string;
  /** '' for every field. */
  field: string;
}

export const DEFAULT_DESK_FILTERS: KpiDeskFilters = { scope: 'month', metric: 'overdue', agencyId: '', field: '' };

/**
 * The supervisor's desk: filters (period, figure, agency, field), the same figures in
 * tables, and exports of the chosen figure's dossiers (CSV, PDF) or of the whole board.
 */
export function KpiDesk({ view, now, initialFilters = DEFAULT_DESK_FILTERS }: { view: KpiBoardView; now: number; initialFilters?: KpiDeskFilters }) {
  const t = useT();
  const [filters, setFilters] = useState<KpiDeskFilters>(initialFilters);
  const board = view.board!;
  const { scope, metric } = filters;
  const selection = figureRef(scope, metric, { agencyId: filters.agencyId, field: filters.field });
  const agencies = agenciesByRank(board).filter((a) => !filters.agencyId || a.agencyId === filters.agencyId);
  const fields = fieldsByVolume(board, scope).filter((f) => !filters.field || f.field === filters.field);
  const set = (patch: Partial<KpiDeskFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <div className="kpi-desk" data-testid="kpi-desk" data-scope={scope}>
      <div className="kpi-desk-filters" role="group" aria-label={t('kpi.desk.filters')}>
        <label>
          {t('kpi.desk.scope')}
          <select data-testid="kpi-filter-scope" value={scope} onChange={(e) => set({ scope: e.target.value as KpiScope })}>
            {KPI_SCOPES.map((s) => (
              <option key={s} value={s}>
                {t(`kpi.scope.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('kpi.desk.metric')}
          <select data-testid="kpi-filter-metric" value={metric} onChange={(e) => set({ metric: e.target.value as KpiMetric })}>
            {KPI_METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`kpi.metric.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('kpi.desk.agency')}
          <select data-testid="kpi-filter-agency" value={filters.agencyId} onChange={(e) => set({ agencyId: e.target.value })}>
            <option value="">{t('kpi.desk.allAgencies')}</option>
            {agencyChoices(board).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('kpi.desk.field')}
          <select data-testid="kpi-filter-field" value={filters.field} onChange={(e) => set({ field: e.target.value })}>
            <option value="">{t('kpi.desk.allFields')}</option>
            {fieldChoices(board).map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <span className="kpi-desk-exports" data-testid="kpi-desk-exports">
          <span className="muted small">{t('kpi.desk.exportSelection')}</span>
          <KpiExportButtons subject={selection} testIdPrefix="kpi-desk-export" />
          <KpiExportButtons subject="board" testIdPrefix="kpi-board-export" />
        </span>
      </div>

      <div className="kpi-desk-body">
        <section>
          <h3>{t('kpi.desk.province')}</h3>
          <CountsTable scope={scope} highlight={metric} rows={[{ key: 'province', name: t('kpi.desk.provinceRow'), counts: board.totals[scope], where: {} }]} nameTitle="" />
        </section>
        <section>
          <h3>{t('kpi.desk.byAgency')}</h3>
          <CountsTable
            scope={scope}
            highlight={metric}
            nameTitle={t('kpi.col.agency')}
            rows={agencies.map((a) => ({ key: a.agencyId, name: a.name, counts: a.counts[scope], where: { agencyId: a.agencyId }, rank: a.rank }))}
          />
        </section>
        <section>
          <h3>{t('kpi.desk.byField')}</h3>
          <CountsTable scope={scope} highlight={metric} nameTitle={t('kpi.col.field')} rows={fields.map((f) => ({ key: f.field, name: f.field, counts: f.counts[scope], where: { field: f.field } }))} />
        </section>
        <section>
          <h3>{t('kpi.page.overdue')}</h3>
          <ul className="kpi-desk-overdue">
            {board.overdueByAgency
              .filter((o) => !filters.agencyId || o.agencyId === filters.agencyId)
              .map((o) => (
                <li key={o.agencyId} data-agency-id={o.agencyId}>
                  <strong>{o.name}</strong> <KpiFigure figure={figureRef('year', 'overdue', { agencyId: o.agencyId })} value={o.count} agencyName={o.name} />
                  <span className="muted small">
                    {' '}
                    {o.dossiers
                      .slice(0, 3)
                      .map((d) => (d.workingHoursToDue !== null ? `${d.code} (${t('kpi.overdue.by', { h: formatHours(Math.abs(d.workingHoursToDue)) })})` : d.code))
                      .join(', ')}
                  </span>
                </li>
              ))}
          </ul>
        </section>
      </div>
      <KpiProvenance view={view} now={now} />
    </div>
  );
}

interface CountsRow {
  key: string;
  name: string;
  counts: KpiCounts;
  where: { agencyId?: string; field?: string };
  rank?: number | null;
}

function CountsTable({ scope, rows, highlight, nameTitle }: { scope: KpiScope; rows: CountsRow[]; highlight: KpiMetric; nameTitle: string }) {
  const t = useT();
  const ranked = rows.some((r) => r.rank !== undefined);
  return (
    <table className="kpi-table kpi-desk-table">
      <thead>
        <tr>
          {ranked && <th className="num">{t('kpi.col.rank')}</th>}
          <th>{nameTitle}</th>
          {KPI_METRICS.map((m) => (
            <th key={m} className={`num${m === highlight ? ' highlight' : ''}`}>
              {t(`kpi.metric.${m}`)}
            </th>
          ))}
          <th className="num">{t('kpi.onTimeRate')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            {ranked && <td className="num">{r.rank ?? '—'}</td>}
            <td className="kpi-name">{r.name}</td>
            {KPI_METRICS.map((m) => (
              <td key={m} className={`num${m === highlight ? ' highlight' : ''}`}>
                <KpiFigure figure={figureRef(scope, m, r.where)} value={r.counts[m]} agencyName={r.where.agencyId ? r.name : null} />
              </td>
            ))}
            <td className="num">
              <KpiRate scope={scope} where={r.where} rate={r.counts.onTimeRate} agencyName={r.where.agencyId ? r.name : null} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
