import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dossier } from '../../../src-shared/model/dossier.js';
import { startPortalIngestion, type PortalIngestion } from '../../../server/portal/portal-ingestion.js';
import { DossierRepository } from '../../../server/store/dossier-repository.js';
import { openDatabase, type SqliteDatabase } from '../../../server/store/sqlite-database.js';

/** A back-fill export: columns named as the portal's export names them (paths are column names). */
const CSV_MAPPING = {
  id: 'dvc-export',
  description: 'Xuất Excel cổng DVC',
  fields: {
    code: 'Mã hồ sơ',
    'procedure.code': 'Mã thủ tục',
    'procedure.name': 'Tên thủ tục',
    'procedure.field': 'Lĩnh vực',
    'procedure.level': { path: 'Mức độ', map: { 'Toàn trình': 'full', 'Một phần': 'partial' } },
    receivingAgencyId: 'Cơ quan xử lý',
    handlingAgencyId: 'Cơ quan xử lý',
    channel: { path: 'Kênh nộp', map: { 'Trực tuyến': 'online', 'Trực tiếp': 'counter' } },
    receivedAt: { path: 'Ngày tiếp nhận', format: 'dd/MM/yyyy HH:mm:ss' },
    dueAt: { path: 'Hạn xử lý', format: 'dd/MM/yyyy HH:mm:ss' },
    completedAt: { path: 'Ngày hoàn thành', format: 'dd/MM/yyyy HH:mm:ss' },
    status: { path: 'Trạng thái', map: { 'Đang xử lý': 'in_progress', 'Đã trả kết quả': 'completed' } },
    pauses: { path: 'Tạm dừng', from: { path: 'tu', format: 'iso' }, to: { path: 'den', format: 'iso' } },
    // No "updated" column in an export: the completion, else the receipt, is when it last changed.
    updatedAt: { path: ['Ngày hoàn thành', 'Ngày tiếp nhận'], format: 'dd/MM/yyyy HH:mm:ss' },
  },
};

const HEADER = 'Mã hồ sơ,Mã thủ tục,Tên thủ tục,Lĩnh vực,Mức độ,Cơ quan xử lý,Kênh nộp,Ngày tiếp nhận,Hạn xử lý,Ngày hoàn thành,Trạng thái,Tạm dừng';
const GOOD_ROWS = [
  'HS-001,1.004227,"Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",Đất đai,Một phần,STNMT,Trực tiếp,02/03/2026 08:10:00,16/03/2026 08:10:00,12/03/2026 15:00:00,Đã trả kết quả,',
  'HS-002,2.000488,Cấp Phiếu lý lịch tư pháp,Lý lịch tư pháp,Toàn trình,STP,Trực tuyến,03/03/2026 21:40:00,17/03/2026 07:30:00,,Đang xử lý,"[{""tu"":""2026-03-05T09:00:00+07:00"",""den"":""2026-03-06T10:00:00+07:00""}]"',
  'HS-003,1.002809,Đổi giấy phép lái xe,Giấy phép lái xe,Toàn trình,SGTVT,Trực tuyến,04/03/2026 09:00:00,11/03/2026 09:00:00,10/03/2026 10:00:00,Đã trả kết quả,',
];
const BAD_ROWS = [
  'HS-004,1.002809,Đổi giấy phép lái xe,Giấy phép lái xe,Toàn trình,SGTVT,Trực tuyến,30/02/2026 09:00:00,11/03/2026 09:00:00,,Đang xử lý,',
  'HS-005,1.002809,Đổi giấy phép lái xe,Giấy phép lái xe',
  'HS-006,1.002809,Đổi giấy phép lái xe,Giấy phép lái xe,Toàn trình,SGTVT,Trực tuyến,04/03/2026 09:00:00,11/03/2026 09:00:00,,Chờ phê duyệt,',
];

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function rig(): { ingestion: PortalIngestion; repo: DossierRepository; changed: Dossier[][]; db: SqliteDatabase } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-csv-'));
  const db = openDatabase(path.join(dir, 'vigil.db'));
  const repo = new DossierRepository(db);
  const changed: Dossier[][] = [];
  const ingestion = startPortalIngestion({ store: repo, connectors: [], mappings: [CSV_MAPPING], onChanged: (d) => changed.push(d), schedule: false });
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => void db.close());
  cleanups.push(() => ingestion.stop());
  return { ingestion, repo, changed, db };
}

describe('portal CSV import', () => {
  it('imports good rows, reports bad rows with row, key and reason, and shows as a csv source in health', () => {
    const { ingestion, repo, changed } = rig();
    const result = ingestion.importCsv([HEADER, ...GOOD_ROWS, ...BAD_ROWS].join('\r\n'), 'dvc-export');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ rows: 6, imported: 3, inserted: 3, updated: 0, unchanged: 0, skippedCount: 3 });
    expect(result.value.skipped).toEqual([
      { row: 4, recordKey: 'HS-004', reason: expect.stringContaining('receivedAt (Ngày tiếp nhận): "30/02/2026 09:00:00" is not a date') },
      { row: 5, recordKey: 'row 5', reason: 'expected 12 fields, found 4' },
      { row: 6, recordKey: 'HS-006', reason: expect.stringContaining('status (Trạng thái): unknown value "Chờ phê duyệt"') },
    ]);
    expect(repo.count()).toBe(3);
    expect(repo.get('HS-001')).toMatchObject({ status: 'completed', completedAt: '2026-03-12T08:00:00.000Z', updatedAt: '2026-03-12T08:00:00.000Z', sourceId: 'csv:dvc-export' });
    expect(repo.get('HS-001')?.procedure.name).toBe('Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất');
    expect(repo.get('HS-002')).toMatchObject({ channel: 'online', pauses: [{ from: '2026-03-05T02:00:00.000Z', to: '2026-03-06T03:00:00.000Z' }], updatedAt: '2026-03-03T14:40:00.000Z' });
    expect(changed.flat().map((d) => d.code)).toEqual(['HS-001', 'HS-002', 'HS-003']);

    const health = ingestion.health().find((h) => h.id === 'csv:dvc-export');
    expect(health).toMatchObject({ kind: 'csv', name: 'CSV: Xuất Excel cổng DVC', recordsIngested: 3, recordsSkipped: 3, consecutiveFailures: 0, watermark: '2026-03-12T08:00:00.000Z' });
    expect(health?.recentSkips.map((s) => s.recordKey)).toEqual(['HS-004', 'row 5', 'HS-006']);
    expect(health?.recentSkips[0]?.reason).toMatch(/^row 4: receivedAt/);
    expect(ingestion.health({ kinds: ['http-json'] })).toEqual([]);
  });

  it('re-importing the same file changes nothing; an older export does not overwrite newer data', () => {
    const { ingestion, repo, changed } = rig();
    const text = [HEADER, ...GOOD_ROWS, ...BAD_ROWS].join('\n');
    expect(ingestion.importCsv(text, 'dvc-export').ok).toBe(true);
    const again = ingestion.importCsv(text, 'dvc-export');
    expect(again.ok ? again.value : again).toMatchObject({ rows: 6, imported: 0, unchanged: 3, skippedCount: 3 });
    expect(repo.count()).toBe(3);
    expect(changed).toHaveLength(1);
    // An export taken before HS-001 was completed: older updatedAt, so ignored.
    const older = 'HS-001,1.004227,Đăng ký biến động,Đất đai,Một phần,STNMT,Trực tiếp,02/03/2026 08:10:00,16/03/2026 08:10:00,,Đang xử lý,';
    const stale = ingestion.importCsv(`${HEADER}\n${older}\n`, 'dvc-export');
    expect(stale.ok ? stale.value : stale).toMatchObject({ imported: 0, unchanged: 1 });
    expect(repo.get('HS-001')?.status).toBe('completed');
    expect(ingestion.health().find((h) => h.id === 'csv:dvc-export')?.recordsIngested).toBe(3);
  });

  it('refuses a file it cannot read as CSV, an unknown mapping and a repeated column, recording the failure', () => {
    const { ingestion, repo } = rig();
    const broken = ingestion.importCsv(`${HEADER}\n"HS-001,unclosed`, 'dvc-export');
    expect(broken).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringContaining('never closed') });
    expect(ingestion.health().find((h) => h.id === 'csv:dvc-export')).toMatchObject({ consecutiveFailures: 1, lastError: { message: expect.stringContaining('never closed') } });
    expect(ingestion.importCsv(`${HEADER}\n`, 'other')).toMatchObject({ ok: false, code: 'not-found', message: 'no mapping "other" (mappings: dvc-export)' });
    expect(ingestion.importCsv('Mã hồ sơ,Mã hồ sơ\nHS-1,HS-1', 'dvc-export')).toMatchObject({ ok: false, message: expect.stringContaining('"Mã hồ sơ" appears twice') });
    expect(repo.count()).toBe(0);
  });
});
