// Renders the reports desk to markup in Node (no DOM; effects do not run) to hold the
// data-attribute contract the end-to-end tests use and to show that what a citizen
// typed is rendered as text, never as markup.
import { createElement, type FunctionComponent } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ReportView } from '../../../src-shared/desktop-api.js';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';

type Component = FunctionComponent<Record<string, unknown>>;
const load = <T,>(path: string): Promise<T> => import(/* @vite-ignore */ path) as Promise<T>;
const { StoreProvider } = await load<{ StoreProvider: Component }>('../../../src-renderer/store/store-context.js');
const { ReportDetail } = await load<{ ReportDetail: Component }>('../../../src-renderer/surfaces/reports/report-detail.js');
const { ReportQueue } = await load<{ ReportQueue: Component }>('../../../src-renderer/surfaces/reports/report-queue.js');

const HOSTILE = `<script>alert(1)</script><img src=x onerror="alert(2)">'; DROP TABLE reports; --`;

function report(id: string, patch: Partial<ReportView> = {}): ReportView {
  return {
    id,
    token: `tok-${id}`,
    serviceCode: 'ngap-ung',
    location: { lat: 9.78, lon: 105.47, address: `<b>Hẻm 5</b> ${HOSTILE}`, addressId: '', unitId: 'vi-thanh' },
    description: HOSTILE,
    attributes: {},
    mediaUrls: ['http://127.0.0.1:1/media/a.png'],
    reporter: { email: 'dan@example.vn', phone: '0901234567', firstName: 'An', lastName: 'Nguyễn', deviceId: null, accountId: null },
    channel: 'open311',
    apiKeyId: 'k1',
    status: 'forwarded',
    departmentId: 'd-xd',
    receivedAt: '2026-11-28T01:00:00.000Z',
    updatedAt: '2026-11-28T01:05:00.000Z',
    dueAt: '2026-11-28T05:00:00.000Z',
    duplicateOf: null,
    duplicateSuggestions: [],
    slaAlerts: [],
    history: [
      { at: '2026-11-28T01:00:00.000Z', actor: 'system', action: 'receive', toStatus: 'received', note: 'Trung tâm đã tiếp nhận phản ánh.', visibility: 'public' },
      { at: '2026-11-28T01:02:00.000Z', actor: 'u-op1', action: 'note', toStatus: 'received', note: HOSTILE, visibility: 'internal' },
      { at: '2026-11-28T01:05:00.000Z', actor: 'system', action: 'forward', toStatus: 'forwarded', note: 'Chuyển Sở Xây dựng', visibility: 'public' },
    ],
    pending: [{ commandId: 'c1', action: 'start', queuedAt: '2026-11-28T01:06:00.000Z' }],
    overdue: true,
    ...patch,
  };
}

function render(store: AppStore, element: Component, props: object): string {
  return renderToString(createElement(StoreProvider, { store }, createElement(element, props as Record<string, unknown>)));
}

function storeWith(reports: ReportView[]): AppStore {
  const store = createAppStore({ api: null, storage: null });
  store.setState({
    reports,
    reportsStatus: 'ready',
    reportDepartments: [
      { id: 'd-xd', name: 'Sở Xây dựng', shortName: 'Sở XD', email: '', phone: '', active: true, updatedAt: '', updatedBy: '', pending: false },
    ],
    reportServices: [{ code: 'ngap-ung', name: 'Cấp thoát nước, ngập úng', group: 'Hạ tầng', slaHours: 24 }],
  });
  store.getInitialState = store.getState;
  return store;
}

describe('reports desk markup', () => {
  it('renders citizen text inert in the detail and the timeline', () => {
    const r = report('PA-20261128-0001');
    const html = render(storeWith([r]), ReportDetail, { report: r, openAction: null, onOpenAction: () => {} });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img[^>]+onerror/i);
    expect(html).not.toContain('<b>Hẻm 5</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('DROP TABLE reports');
  });

  it('keeps the detail contract: status, department, photos, timeline steps with visibility, a pending step apart', () => {
    const r = report('PA-20261128-0001');
    const html = render(storeWith([r]), ReportDetail, { report: r, openAction: null, onOpenAction: () => {} });
    expect(html).toMatch(/data-testid="report-detail"[^>]*data-report-id="PA-20261128-0001"/);
    expect(html).toMatch(/data-testid="report-status" data-status="forwarded"/);
    expect(html).toMatch(/data-testid="report-department" data-department-id="d-xd"/);
    expect(html).toContain('Sở Xây dựng');
    // Photos come through the host (asked for in an effect, which does not run here): never the raw URL as an image source.
    expect(html).toContain('data-testid="report-photo-loading"');
    expect(html).not.toContain('src="http://127.0.0.1:1/media/a.png"');
    const steps = [...html.matchAll(/<li[^>]*data-action="([a-z]+)"[^>]*data-visibility="([a-z]+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(steps).toEqual(['receive:public', 'note:internal', 'forward:public']);
    expect(html).toMatch(/data-pending-action="start"/);
    // Steps the status allows are enabled, the others disabled (start from forwarded; classify only before forwarding).
    expect(html).toMatch(/<button[^>]*data-testid="report-action-start"(?![^>]*disabled)/);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="report-action-classify"|<button[^>]*data-testid="report-action-classify"[^>]*disabled=""/);
  });

  it('marks rows overdue and pending for the queue', () => {
    const rows = [report('PA-1'), report('PA-2', { overdue: false, pending: [], status: 'received', departmentId: null })];
    const html = render(storeWith(rows), ReportQueue, { checked: new Set(['PA-2']), onToggleCheck: () => {}, onToggleAll: () => {} });
    const row = (id: string) => html.match(new RegExp(`<tr[^>]*data-report-id="${id}"[^>]*>`))?.[0] ?? '';
    expect(row('PA-1')).toContain('data-overdue="true"');
    expect(row('PA-1')).toContain('data-pending="true"');
    expect(row('PA-2')).toContain('data-overdue="false"');
    expect(row('PA-2')).toContain('data-status="received"');
    expect(html).not.toMatch(/<script/i);
  });
});
