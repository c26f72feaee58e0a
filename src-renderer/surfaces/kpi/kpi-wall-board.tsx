import { useEffect, useRef, useState } from 'react';
import type { KpiBoardView } from '../../../src-shared/desktop-api.js';
import { KPI_SCOPES, type KpiBoard } from '../../../src-shared/model/kpi.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { KpiFigure, KpiRate } from './kpi-figure.js';
import {
  agenciesByRank,
  fieldsByVolume,
  figureRef,
  formatHours,
  KPI_PAGES,
  ROW_METRICS,
  WALL_OVERDUE_AGENCIES,
  WALL_OVERDUE_DOSSIERS,
  WALL_TABLE_ROWS,
  type KpiPage,
} from './kpi-model.js';
import { KpiProvenance } from './kpi-provenance.js';
import { goToPage, interact, INTERACTION_PAUSE_MS, isPaused, pauseEndsAt, ROTATE_CHOICES, startRotation, tick, type Rotation } from './kpi-rotation.js';
import { KpiTrendChart } from './kpi-trend-chart.js';

/** How often the playlist looks at the clock (and at the activity the listeners noted). */
const TICK_MS = 1000;

/**
 * The wall board: one page at a time, big numbers on the dark theme, rotating every
 * `rotateSeconds` unless someone is using it. Every number opens its dossiers.
 */
export function KpiWallBoard({
  view,
  now,
  rotateSeconds,
  onRotateSeconds,
  initialPage = 0,
}: {
  view: KpiBoardView;
  now: number;
  rotateSeconds: number;
  onRotateSeconds(seconds: number): void;
  initialPage?: number;
}) {
  const t = useT();
  const drillOpen = useAppStore((s) => s.kpiDrill !== null);
  const [rotation, setRotation] = useState<Rotation>(() => startRotation(Date.now(), initialPage));
  const lastActivity = useRef<number | null>(null);
  const board = view.board!;

  // Activity is noted cheaply (a ref); the once-a-second tick folds it into the rotation.
  useEffect(() => {
    const note = () => {
      lastActivity.current = Date.now();
    };
    const events = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, note, { passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, note);
    };
  }, []);

  useEffect(() => {
    const timer = setInterval(() => {
      const at = Date.now();
      // An open drill-down holds the board still as long as it is open.
      if (drillOpen) lastActivity.current = at;
      setRotation((r) => {
        const noted = lastActivity.current !== null && lastActivity.current !== r.lastInteractionAt ? interact(r, lastActivity.current) : r;
        return tick(noted, at, { pageCount: KPI_PAGES.length, intervalMs: rotateSeconds * 1000 });
      });
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [rotateSeconds, drillOpen]);

  const page: KpiPage = KPI_PAGES[rotation.page] ?? 'totals';
  const paused = isPaused(rotation, now);
  const resumeAt = pauseEndsAt(rotation, now);

  return (
    <div className="kpi-wall" data-testid="kpi-wall" data-page={page} data-paused={paused}>
      <header className="kpi-wall-head">
        <h1>{t(`kpi.page.${page}`)}</h1>
        <nav className="kpi-pages" aria-label={t('kpi.pages')}>
          {KPI_PAGES.map((p, i) => (
            <button
              key={p}
              type="button"
              data-testid="kpi-page-button"
              data-page={p}
              aria-current={p === page ? 'page' : undefined}
              title={t(`kpi.page.${p}`)}
              onClick={() => setRotation((r) => goToPage(r, i, Date.now()))}
            >
              {i + 1}
            </button>
          ))}
        </nav>
        <span className={`kpi-rotation${paused ? ' paused' : ''}`} data-testid="kpi-rotation" data-paused={paused}>
          {paused ? (
            <span data-testid="kpi-paused">{t('kpi.rotation.paused', { s: Math.min(INTERACTION_PAUSE_MS / 1000, Math.max(0, Math.ceil(((resumeAt ?? now) - now) / 1000))) })}</span>
          ) : (
            t('kpi.rotation.every', { s: rotateSeconds })
          )}
          <select aria-label={t('kpi.rotation.choose')} data-testid="kpi-rotate-seconds" value={rotateSeconds} onChange={(e) => onRotateSeconds(Number(e.target.value))}>
            {ROTATE_CHOICES.map((s) => (
              <option key={s} value={s}>
                {t('kpi.rotation.seconds', { s })}
              </option>
            ))}
          </select>
        </span>
      </header>
      <div className="kpi-wall-body">
        {page === 'totals' && <TotalsPage board={board} />}
        {page === 'agencies' && <AgenciesPage board={board} />}
        {page === 'fields' && <FieldsPage board={board} />}
        {page === 'trend' && <KpiTrendChart trend={board.trend} />}
        {page === 'overdue' && <OverduePage board={board} />}
      </div>
      <KpiProvenance view={view} now={now} />
    </div>
  );
}

function TotalsPage({ board }: { board: KpiBoard }) {
  const t = useT();
  return (
    <div className="kpi-totals" data-testid="kpi-page-totals">
      {KPI_SCOPES.map((scope) => {
        const c = board.totals[scope];
        return (
          <section key={scope} className="kpi-card" data-scope={scope}>
            <h2>{t(`kpi.scope.${scope}`)}</h2>
            <div className="kpi-hero">
              <span className="kpi-hero-label">{t('kpi.metric.received')}</span>
              <KpiFigure figure={figureRef(scope, 'received')} value={c.received} className="big" />
            </div>
            <div className="kpi-hero">
              <span className="kpi-hero-label">{t('kpi.onTimeRate')}</span>
              <KpiRate scope={scope} rate={c.onTimeRate} className="big" />
            </div>
            <dl className="kpi-card-rows">
              {(['online', 'completed', 'onTime', 'late', 'inProgress', 'overdue'] as const).map((metric) => (
                <div key={metric} className={`metric-${metric}`}>
                  <dt>{t(`kpi.metric.${metric}`)}</dt>
                  <dd>
                    <KpiFigure figure={figureRef(scope, metric)} value={c[metric]} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </div>
  );
}

function RowHead() {
  const t = useT();
  return (
    <>
      {ROW_METRICS.map((m) => (
        <th key={m} className="num">
          {t(`kpi.metric.${m}`)}
        </th>
      ))}
      <th className="num">{t('kpi.onTimeRate')}</th>
    </>
  );
}

function AgenciesPage({ board }: { board: KpiBoard }) {
  const t = useT();
  const rows = agenciesByRank(board);
  const shown = rows.slice(0, WALL_TABLE_ROWS);
  return (
    <div className="kpi-table-page" data-testid="kpi-page-agencies">
      <p className="kpi-caption">{t('kpi.caption.year')}</p>
      <table className="kpi-table kpi-wall-table">
        <thead>
          <tr>
            <th className="num">{t('kpi.col.rank')}</th>
            <th>{t('kpi.col.agency')}</th>
            <RowHead />
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <tr key={a.agencyId} data-agency-id={a.agencyId}>
              <td className="num kpi-rank">{a.rank ?? '—'}</td>
              <td className="kpi-name" title={a.name}>
                {a.name}
              </td>
              {ROW_METRICS.map((m) => (
                <td key={m} className="num">
                  <KpiFigure figure={figureRef('year', m, { agencyId: a.agencyId })} value={a.counts.year[m]} agencyName={a.name} />
                </td>
              ))}
              <td className="num">
                <KpiRate scope="year" where={{ agencyId: a.agencyId }} rate={a.counts.year.onTimeRate} agencyName={a.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown.length && <p className="kpi-more">{t('kpi.more', { n: rows.length - shown.length })}</p>}
    </div>
  );
}

function FieldsPage({ board }: { board: KpiBoard }) {
  const t = useT();
  const rows = fieldsByVolume(board, 'year');
  const shown = rows.slice(0, WALL_TABLE_ROWS);
  return (
    <div className="kpi-table-page" data-testid="kpi-page-fields">
      <p className="kpi-caption">{t('kpi.caption.year')}</p>
      <table className="kpi-table kpi-wall-table">
        <thead>
          <tr>
            <th>{t('kpi.col.field')}</th>
            <RowHead />
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr key={f.field} data-field={f.field}>
              <td className="kpi-name" title={f.field}>
                {f.field}
              </td>
              {ROW_METRICS.map((m) => (
                <td key={m} className="num">
                  <KpiFigure figure={figureRef('year', m, { field: f.field })} value={f.counts.year[m]} />
                </td>
              ))}
              <td className="num">
                <KpiRate scope="year" where={{ field: f.field }} rate={f.counts.year.onTimeRate} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown.length && <p className="kpi-more">{t('kpi.more', { n: rows.length - shown.length })}</p>}
    </div>
  );
}

function OverduePage({ board }: { board: KpiBoard }) {
  const t = useT();
  const agencies = [...board.overdueByAgency].filter((o) => o.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'vi'));
  const shown = agencies.slice(0, WALL_OVERDUE_AGENCIES);
  if (agencies.length === 0) {
    return (
      <p className="kpi-none" data-testid="kpi-page-overdue">
        {t('kpi.overdue.none')}
      </p>
    );
  }
  return (
    <div className="kpi-overdue" data-testid="kpi-page-overdue">
      {shown.map((o) => (
        <section key={o.agencyId} className="kpi-overdue-card" data-agency-id={o.agencyId}>
          <h2 title={o.name}>{o.name}</h2>
          <KpiFigure figure={figureRef('year', 'overdue', { agencyId: o.agencyId })} value={o.count} agencyName={o.name} className="big danger" />
          <ul>
            {o.dossiers.slice(0, WALL_OVERDUE_DOSSIERS).map((d) => (
              <li key={d.code} data-code={d.code}>
                <span className="mono">{d.code}</span>
                {d.workingHoursToDue !== null && <span className="kpi-late-by">{t('kpi.overdue.by', { h: formatHours(Math.abs(d.workingHoursToDue)) })}</span>}{' '}
                <span className="kpi-proc">{d.procedureName}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {agencies.length > shown.length && <p className="kpi-more">{t('kpi.more', { n: agencies.length - shown.length })}</p>}
    </div>
  );
}
