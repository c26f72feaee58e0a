// Renders the KPI board to markup in Node (no DOM; effects do not run) to hold the
// data-attribute contract the end-to-end tests use (every number a button with its
// figure's address), the provenance and stale badge, and that names from the portal are
// rendered as text, never as markup.
import { createElement, type FunctionComponent } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { KpiBoardView, SyncStatus } from '../../../src-shared/desktop-api.js';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import { KPI_PAGES } from '../../../src-renderer/surfaces/kpi/kpi-model.js';
import { dossier, fixtureBoard, fixtureDrill, HOSTILE_PROCEDURE } from '../../support/kpi-fixtures.js';

type Component = FunctionComponent<Record<string, unknown>>;
const load = <T,>(path: string): Promise<T> => import(/* @vite-ignore */ path) as Promise<T>;
const { StoreProvider } = await load<{ StoreProvider: Component }>('../../../src-renderer/store/store-context.js');
const { KpiWallBoard } = await load<{ KpiWallBoard: Component }>('../../../src-renderer/surfaces/kpi/kpi-wall-board.js');
const { KpiDesk } = await load<{ KpiDesk: Component }>('../../../src-renderer/surfaces/kpi/kpi-desk.js');
const { KpiDrillPanel } = await load<{ KpiDrillPanel: Component }>('../../../src-renderer/surfaces/kpi/kpi-drill-panel.js');

const AT = '2026-11-28T08:00:00.000Z';
const NOW = Date.parse(AT) + 3 * 60_000;

function hostileBoard() {
  const board = fixtureBoard(AT);
  board.byAgency.push({ agencyId: 'EVIL', name: `<script>alert(1)</script>`, counts: board.byAgency[0]!.counts });
  board.byField.push({ field: `<b>Lĩnh vực</b>"'`, counts: board.byField[0]!.counts });
  board.overdueByAgency[1]!.dossiers = [dossier('STP-2026-000245', { procedureName: HOSTILE_PROCEDURE })];
  board.provenance.sources[0]!.name = '<i>Cổng</i> dịch vụ công';
  return board;
}

function storeWith(view: KpiBoardView, patch: Record<string, unknown> = {}): AppStore {
  const store = createAppStore({ api: null, storage: null });
  store.setState({ kpi: view, kpiStatus: 'ready', sync: { connection: 'online' } as SyncStatus, bridge: 'open', ...patch });
  store.getInitialState = store.getState;
  return store;
}

function render(store: AppStore, element: Component, props: object): string {
  return renderToString(createElement(StoreProvider, { store }, createElement(element, props as Record<string, unknown>)));
}

/** Every figure button's attributes, in order. */
function figures(html: string): Record<string, string>[] {
  return [...html.matchAll(/<button[^>]*data-testid="kpi-figure"[^>]*>/g)].map((m) => Object.fromEntries([...m[0].matchAll(/(data-[a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

const live: KpiBoardView = { board: fixtureBoard(AT), fetchedAt: AT, fromCache: false, lastError: null };

describe('KPI wall board markup', () => {
  it('makes every number of the totals page a figure button with its address and value', () => {
    const html = render(storeWith(live), KpiWallBoard, { view: live, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: 0 });
    expect(html).toMatch(/data-testid="kpi-wall"[^>]*data-page="totals"/);
    const all = figures(html);
    // 3 scopes × (received + online, completed, onTime, late, inProgress, overdue)
    expect(all).toHaveLength(21);
    expect(all).toContainEqual({ 'data-testid': 'kpi-figure', 'data-scope': 'year', 'data-metric': 'received', 'data-agency-id': '', 'data-field': '', 'data-value': '1532' });
    expect(html).toContain('>1.532<');
    // The rate is a button too, opening the on-time dossiers of the same scope.
    expect(html).toMatch(/<button[^>]*data-testid="kpi-rate"[^>]*data-scope="year"[^>]*data-metric="onTime"[^>]*>94,3%<\/button>/);
    // Provenance on the page, not stale while live.
    expect(html).toContain('data-testid="kpi-provenance"');
    expect(html).toContain('Cổng dịch vụ công tỉnh Hậu Giang');
    expect(html).toContain('cập nhật 3 phút trước');
    expect(html).not.toContain('data-testid="kpi-stale"');
  });

  it('addresses agency, field and overdue figures by agency id and field name', () => {
    const agencies = figures(render(storeWith(live), KpiWallBoard, { view: live, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: KPI_PAGES.indexOf('agencies') }));
    expect(agencies).toContainEqual(expect.objectContaining({ 'data-scope': 'year', 'data-metric': 'overdue', 'data-agency-id': 'STNMT', 'data-field': '', 'data-value': '10' }));
    const fields = figures(render(storeWith(live), KpiWallBoard, { view: live, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: KPI_PAGES.indexOf('fields') }));
    expect(fields).toContainEqual(expect.objectContaining({ 'data-metric': 'received', 'data-agency-id': '', 'data-field': 'Hộ tịch', 'data-value': '432' }));
    const overdueHtml = render(storeWith(live), KpiWallBoard, { view: live, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: KPI_PAGES.indexOf('overdue') });
    expect(figures(overdueHtml).map((f) => [f['data-agency-id'], f['data-value']])).toEqual([['STNMT', '10'], ['STP', '2']]);
    expect(overdueHtml).toContain('quá 52,5 giờ làm việc');
    const trendHtml = render(storeWith(live), KpiWallBoard, { view: live, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: KPI_PAGES.indexOf('trend') });
    expect(trendHtml).toMatch(/data-testid="kpi-trend" data-days="30"/);
    expect(trendHtml.match(/data-series="/g)).toHaveLength(3);
  });

  it('shows the stale badge with the age when the figures are the cached copy', () => {
    const cached: KpiBoardView = { ...live, fromCache: true, lastError: 'connect ECONNREFUSED' };
    const html = render(storeWith(cached), KpiWallBoard, { view: cached, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: 0 });
    expect(html).toMatch(/data-testid="kpi-stale"[^>]*data-reason="cached"/);
    expect(html).toContain('Số liệu cũ: máy chủ không liên lạc được · cập nhật 3 phút trước');
    // The cached figures stay on screen.
    expect(figures(html)).toHaveLength(21);
    const sourceBehind = { ...live, board: { ...live.board!, provenance: { ...live.board!.provenance, stale: true } } };
    expect(render(storeWith(sourceBehind), KpiWallBoard, { view: sourceBehind, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: 0 })).toMatch(/data-testid="kpi-stale"[^>]*data-reason="source"/);
  });

  it("shows each source's health: last read, lag behind the portal, failures and skipped records", () => {
    const board = fixtureBoard(AT);
    const healthy = render(storeWith(live), KpiWallBoard, { view: live, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: 0 });
    expect(healthy).toMatch(/data-testid="kpi-source-health" data-source-id="portal-hg" data-failures="0"/);
    expect(healthy).toContain('Cổng dịch vụ công tỉnh Hậu Giang: đọc 3 phút trước · chậm 4 giây so với cổng · 1 bản ghi lỗi bị bỏ qua');
    board.provenance.sources[0] = { ...board.provenance.sources[0]!, consecutiveFailures: 3, lastError: { at: AT, message: 'HTTP 503 <b>Service Unavailable</b>' } };
    const failing: KpiBoardView = { ...live, board };
    const html = render(storeWith(failing), KpiWallBoard, { view: failing, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: 0 });
    expect(html).toMatch(/class="kpi-source-health failing"[^>]*data-failures="3"[^>]*title="[^"]*HTTP 503 &lt;b&gt;Service Unavailable&lt;\/b&gt;"/);
    expect(html).toContain('3 lần lỗi liên tiếp');
  });

  it('renders hostile names from the portal inert on every page', () => {
    const view: KpiBoardView = { ...live, board: hostileBoard() };
    for (let page = 0; page < KPI_PAGES.length; page++) {
      const html = render(storeWith(view), KpiWallBoard, { view, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: page });
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<b>|<i>/);
    }
    const agencies = render(storeWith(view), KpiWallBoard, { view, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: 1 });
    expect(agencies).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const overdue = render(storeWith(view), KpiWallBoard, { view, now: NOW, rotateSeconds: 20, onRotateSeconds: () => {}, initialPage: 4 });
    expect(overdue).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });
});

describe('KPI desk markup', () => {
  it('lists the province, agencies and fields for the chosen period with every metric as a figure', () => {
    const html = render(storeWith(live), KpiDesk, { view: live, now: NOW, initialFilters: { scope: 'month', metric: 'late', agencyId: '', field: '' } });
    expect(html).toMatch(/data-testid="kpi-desk" data-scope="month"/);
    const all = figures(html);
    // Province + 3 agencies + 3 fields rows × 8 metrics, plus the overdue list's 2.
    expect(all).toHaveLength(7 * 8 + 2);
    expect(all).toContainEqual(expect.objectContaining({ 'data-scope': 'month', 'data-metric': 'late', 'data-agency-id': 'STP', 'data-field': '', 'data-value': '5' }));
    expect(all).toContainEqual(expect.objectContaining({ 'data-scope': 'month', 'data-metric': 'received', 'data-agency-id': '', 'data-field': '', 'data-value': '140' }));
    expect(html).toContain('data-testid="kpi-desk-export-csv"');
    expect(html).toContain('data-testid="kpi-desk-export-pdf"');
    expect(html).toContain('data-testid="kpi-board-export-pdf"');
  });

  it('narrows the tables to the chosen agency and field', () => {
    const html = render(storeWith(live), KpiDesk, { view: live, now: NOW, initialFilters: { scope: 'year', metric: 'overdue', agencyId: 'STP', field: 'Hộ tịch' } });
    const rows = figures(html);
    expect(new Set(rows.map((f) => f['data-agency-id']))).toEqual(new Set(['', 'STP']));
    expect(new Set(rows.map((f) => f['data-field']))).toEqual(new Set(['', 'Hộ tịch']));
  });

  it('renders hostile agency and field names inert', () => {
    const view: KpiBoardView = { ...live, board: hostileBoard() };
    const html = render(storeWith(view), KpiDesk, { view, now: NOW });
    expect(html).not.toMatch(/<script|<img|<b>|<i>/i);
    expect(html).toContain('&lt;b&gt;Lĩnh vực&lt;/b&gt;&quot;&#x27;');
  });
});

describe('KPI drill-down markup', () => {
  it('lists exactly the dossiers behind the figure, with the total and exports, names inert', () => {
    const ref = { scope: 'year', metric: 'overdue', agencyId: 'STP' } as const;
    const result = { ...fixtureDrill(ref, AT), fetchedAt: AT, fromCache: true };
    const html = render(storeWith(live, { kpiDrill: { ref, status: 'ready', result, error: null } }), KpiDrillPanel, {});
    expect(html).toMatch(/data-testid="kpi-drill"[^>]*data-status="ready"[^>]*data-scope="year"[^>]*data-metric="overdue"[^>]*data-agency-id="STP"/);
    expect([...html.matchAll(/data-testid="kpi-drill-row" data-code="([^"]+)"/g)].map((m) => m[1])).toEqual(['STP-2026-000117', 'STP-2026-000245']);
    expect(html).toMatch(/data-testid="kpi-drill-total" data-value="2"/);
    expect(html).toContain('Hồ sơ: Quá hạn · Năm nay · Sở Tư pháp');
    expect(html).toContain('data-testid="kpi-drill-cached"');
    expect(html).toContain('data-testid="kpi-drill-export-csv"');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;=HYPERLINK(&quot;http://evil&quot;)');
  });

  it('says why there is no list when the host cannot give one', () => {
    const ref = { scope: 'month', metric: 'late', field: 'Đất đai' } as const;
    const html = render(storeWith(live, { kpiDrill: { ref, status: 'error', result: null, error: { ok: false, code: 'unavailable', message: 'The server is unreachable' } } }), KpiDrillPanel, {});
    expect(html).toMatch(/data-testid="kpi-drill-error" data-code="unavailable"/);
    expect(html).not.toContain('kpi-drill-row');
  });
});
