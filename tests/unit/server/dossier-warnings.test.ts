import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandBus } from '../../../server/domain/command-bus.js';
import { DossierWarningLog } from '../../../server/portal/dossier-warning-log.js';
import { DossierWarningChecker } from '../../../server/portal/dossier-warnings.js';
import { KpiEngine } from '../../../server/portal/kpi-engine.js';
import { VigilStore } from '../../../server/store/vigil-store.js';
import type { AlertDraft } from '../../../src-shared/model/alert.js';
import type { Dossier } from '../../../src-shared/model/dossier.js';
import { DEFAULT_WORKING_CALENDAR } from '../../../src-shared/model/working-calendar.js';
import { ulid } from '../../../src-shared/ulid.js';
import { testDossier, TEST_AGENCIES } from './support/dossier-fixtures.js';

const CAL = DEFAULT_WORKING_CALENDAR;
const AGENCIES = TEST_AGENCIES;

const dossier = testDossier;

interface Harness {
  store: VigilStore;
  log: DossierWarningLog;
  engine: KpiEngine;
  checker: DossierWarningChecker;
  clock: { now: number };
  raised: AlertDraft[];
  failNext: { value: boolean };
}

function open(dir: string, dossiers: Dossier[], nowMs: number, maxAlertsPerRound?: number): Harness {
  const store = VigilStore.open(dir);
  const bus = new CommandBus(store);
  const log = new DossierWarningLog(store.db);
  const clock = { now: nowMs };
  const engine = new KpiEngine({ calendar: CAL, atRiskWorkingHours: 24, now: () => clock.now });
  engine.load(dossiers, AGENCIES);
  const raised: AlertDraft[] = [];
  const failNext = { value: false };
  const checker = new DossierWarningChecker(
    {
      log,
      transact: (fn) => store.transact(() => fn()),
      // The ordinary alert path, as app.ts's raiseAlert: the command bus's alert.raise, actor system.
      raiseAlert: (draft) => {
        if (failNext.value) {
          failNext.value = false;
          throw new Error('refused');
        }
        const alertId = ulid();
        const ack = bus.execute({ commandId: ulid(), type: 'alert.raise', payload: { alertId, draft } }, { id: 'system', role: 'admin' });
        if (!ack.ok) throw new Error(`${ack.code}: ${ack.message}`);
        raised.push(draft);
        return { alertId };
      },
      flagged: () => engine.flagged(),
      current: (code) => engine.get(code),
      agencyName: (id) => (engine.hasAgency(id) ? engine.agencyName(id) : null),
      now: () => clock.now,
    },
    { calendar: CAL, atRiskWorkingHours: 24, ...(maxAlertsPerRound ? { maxAlertsPerRound } : {}) },
  );
  return { store, log, engine, checker, clock, raised, failNext };
}

describe('DossierWarningChecker', () => {
  let dir: string;
  let harness: Harness | null = null;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-dossier-warn-'));
  });
  afterEach(() => {
    harness?.store.close();
    harness = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('raises one alert per threshold, naming the handling agency, and never again after a restart', () => {
    harness = open(dir, [dossier({ code: 'HS-001' }), dossier({ code: 'HS-002', dueAt: '2026-03-30T17:00:00+07:00' })], Date.parse('2026-02-05T09:00:00+07:00'));
    const h = harness;
    expect(h.checker.checkNow()).toBe(0);

    h.clock.now = Date.parse('2026-02-09T17:30:00+07:00');
    expect(h.checker.checkNow()).toBe(1);
    expect(h.checker.checkNow()).toBe(0);
    const atRisk = h.store.alerts.list();
    expect(atRisk).toHaveLength(1);
    expect(atRisk[0]).toMatchObject({
      source: 'portal',
      severity: 'Minor',
      headline: 'Hồ sơ HS-001 sắp đến hạn xử lý – Sở Tài nguyên và Môi trường',
      state: 'new',
    });
    expect(atRisk[0]!.description).toContain('Đơn vị xử lý: Sở Tài nguyên và Môi trường');
    expect(atRisk[0]!.description).toContain('Hạn xử lý: 10/02/2026 17:00');
    expect(atRisk[0]!.description).toContain('Còn lại: 23,5 giờ làm việc');

    h.clock.now = Date.parse('2026-02-11T08:00:00+07:00');
    expect(h.checker.checkNow()).toBe(1);
    expect(h.checker.checkNow()).toBe(0);
    const alerts = h.store.alerts.list();
    expect(alerts).toHaveLength(2);
    const overdue = alerts.find((a) => a.headline.includes('quá hạn'))!;
    expect(overdue).toMatchObject({ source: 'portal', severity: 'Moderate', urgency: 'Immediate', headline: 'Hồ sơ HS-001 đã quá hạn xử lý – Sở Tài nguyên và Môi trường' });
    expect(overdue.description).toContain('Đã quá hạn: 15 giờ làm việc');
    expect(h.log.list().map((r) => [r.dossierCode, r.threshold, r.handlingAgencyId])).toEqual([
      ['HS-001', 'at-risk', 'so-tnmt'],
      ['HS-001', 'overdue', 'so-tnmt'],
    ]);

    // Restart: a new store, log and checker over the same database file.
    const now = h.clock.now;
    h.store.close();
    harness = open(dir, [dossier({ code: 'HS-001' }), dossier({ code: 'HS-002', dueAt: '2026-03-30T17:00:00+07:00' })], now + 3_600_000);
    expect(harness.checker.checkNow()).toBe(0);
    expect(harness.checker.onChanged([dossier({ code: 'HS-001', updatedAt: '2026-02-11T09:00:00+07:00' })])).toBe(0);
    expect(harness.store.alerts.list()).toHaveLength(2);
    expect(harness.log.list()).toHaveLength(2);
  });

  it('a dossier first seen overdue gets the overdue alert only, never a later at-risk one', () => {
    harness = open(dir, [dossier({ code: 'HS-010', handlingAgencyId: 'so-tp' })], Date.parse('2026-02-12T10:00:00+07:00'));
    expect(harness.checker.checkNow()).toBe(1);
    expect(harness.raised.map((d) => d.headline)).toEqual(['Hồ sơ HS-010 đã quá hạn xử lý – Sở Tư pháp']);
    // A new pause pushes the due time back into the at-risk window: once overdue was raised, at-risk is not.
    const paused = dossier({ code: 'HS-010', handlingAgencyId: 'so-tp', pauses: [{ from: '2026-02-09T08:00:00+07:00', to: '2026-02-11T08:00:00+07:00' }] });
    harness.engine.apply([paused]);
    expect(harness.engine.board().totals.month.atRisk).toBe(1);
    expect(harness.checker.onChanged([paused])).toBe(0);
    expect(harness.checker.checkNow()).toBe(0);
  });

  it('onChanged raises at once for a changed dossier; an unknown agency is named by its id', () => {
    harness = open(dir, [], Date.parse('2026-02-12T10:00:00+07:00'));
    const late = dossier({ code: 'HS-020', handlingAgencyId: 'ubnd-long-my' });
    harness.engine.apply([late]);
    expect(harness.checker.onChanged([late])).toBe(1);
    expect(harness.raised[0]!.headline).toBe('Hồ sơ HS-020 đã quá hạn xử lý – ubnd-long-my');
    // Completed, cancelled and in-time dossiers raise nothing.
    const done = dossier({ code: 'HS-021', status: 'completed', completedAt: '2026-02-11T10:00:00+07:00' });
    const cancelled = dossier({ code: 'HS-022', status: 'cancelled' });
    const fresh = dossier({ code: 'HS-023', dueAt: '2026-04-01T17:00:00+07:00' });
    expect(harness.checker.onChanged([done, cancelled, fresh])).toBe(0);
  });

  it('a refused alert is rolled back with its log row and retried next round', () => {
    harness = open(dir, [dossier({ code: 'HS-030' })], Date.parse('2026-02-12T10:00:00+07:00'));
    const errors: unknown[] = [];
    (harness.checker as unknown as { deps: { onError: (e: unknown) => void } }).deps.onError = (e) => errors.push(e);
    harness.failNext.value = true;
    expect(harness.checker.checkNow()).toBe(0);
    expect(errors).toHaveLength(1);
    expect(harness.log.list()).toEqual([]);
    expect(harness.checker.checkNow()).toBe(1);
    expect(harness.log.list()).toHaveLength(1);
  });

  it('caps the alerts of one round; the rest follow in the next rounds', () => {
    const many = Array.from({ length: 7 }, (_, i) => dossier({ code: `HS-1${i}` }));
    harness = open(dir, many, Date.parse('2026-02-12T10:00:00+07:00'), 3);
    expect(harness.checker.checkNow()).toBe(3);
    expect(harness.checker.checkNow()).toBe(3);
    expect(harness.checker.checkNow()).toBe(1);
    expect(harness.checker.checkNow()).toBe(0);
    expect(new Set(harness.raised.map((d) => d.headline)).size).toBe(7);
  });
});
