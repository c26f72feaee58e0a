import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePortalConfig } from '../../server/portal/portal-ingestion.js';
import type { ConnectorHealth, KpiBoard } from '../../src-shared/model/kpi.js';
import { login, startTestServer, TEST_PASSWORD, TEST_USERS, type TestServer } from '../unit/server/support/server-test-kit.js';

/** A back-fill export as a portal's "export to Excel" names its columns (the mapping's paths). */
const CSV_MAPPING = {
  id: 'dvc-export',
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
    updatedAt: { path: ['Ngày hoàn thành', 'Ngày tiếp nhận'], format: 'dd/MM/yyyy HH:mm:ss' },
  },
};
const DAY = 86_400_000;
/** dd/MM/yyyy HH:mm:ss in Vietnam time, `daysAgo` days before now. */
function vn(daysAgo: number): string {
  const d = new Date(Date.now() - daysAgo * DAY + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00`;
}
/** The board's periods are Vietnam calendar periods; in the first days of January last week is last year. */
const SAME_YEAR = vn(20).slice(6, 10) === vn(0).slice(6, 10);
const CSV = [
  'Mã hồ sơ,Mã thủ tục,Tên thủ tục,Lĩnh vực,Mức độ,Cơ quan xử lý,Kênh nộp,Ngày tiếp nhận,Hạn xử lý,Ngày hoàn thành,Trạng thái',
  // on time
  `HS-001,1.004227,"Đăng ký biến động quyền sử dụng đất",Đất đai,Một phần,STNMT,Trực tiếp,${vn(20)},${vn(6)},${vn(8)},Đã trả kết quả`,
  // late
  `HS-002,2.000488,Cấp Phiếu lý lịch tư pháp,Lý lịch tư pháp,Toàn trình,STP,Trực tuyến,${vn(19)},${vn(15)},${vn(9)},Đã trả kết quả`,
  // open, well past due (more than a week: whatever the weekends and holidays)
  `HS-003,1.002809,Đổi giấy phép lái xe,Giấy phép lái xe,Toàn trình,SGTVT,Trực tuyến,${vn(18)},${vn(10)},,Đang xử lý`,
  // bad: no such date
  `HS-004,1.002809,Đổi giấy phép lái xe,Giấy phép lái xe,Toàn trình,SGTVT,Trực tuyến,30/02/2026 09:00:00,11/03/2026 09:00:00,,Đang xử lý`,
].join('\n');

const ADMIN = { username: 'adm', password: TEST_PASSWORD, displayName: 'Phạm Quốc Dũng', role: 'admin' as const };

describe('portal CSV back-fill over HTTP', () => {
  let server: TestServer;
  let adminToken: string;
  let operatorToken: string;

  beforeAll(async () => {
    const config = parsePortalConfig({ mappings: [CSV_MAPPING] });
    if (!config.ok) throw new Error(config.message);
    server = await startTestServer({ seedUsers: [...TEST_USERS, ADMIN], portal: { config: config.value, warnings: false } });
    adminToken = await login(server.url, 'adm');
    operatorToken = await login(server.url, 'op1');
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = (token: string, body: unknown) =>
    fetch(`${server.url}/api/portal/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const get = async <T,>(pathname: string, token = operatorToken): Promise<T> => {
    const res = await fetch(`${server.url}${pathname}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it('only an admin may import; a bad body or an unknown mapping changes nothing', async () => {
    expect((await post(operatorToken, { mappingId: 'dvc-export', text: CSV })).status).toBe(403);
    expect((await fetch(`${server.url}/api/portal/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await post(adminToken, { mappingId: 'dvc-export' })).status).toBe(400);
    expect((await post(adminToken, { mappingId: 'khong-co', text: CSV })).status).toBeGreaterThanOrEqual(400);
    expect(server.portal.ingestion.repository.count()).toBe(0);
  });

  it('imports the good rows, reports the bad one, and the board counts them at once', async () => {
    const res = await post(adminToken, { mappingId: 'dvc-export', text: CSV });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { report: { imported: number; skippedCount: number; skipped: { reason: string }[] } };
    expect(body.report.imported).toBe(3);
    expect(body.report.skippedCount).toBe(1);
    expect(body.report.skipped[0]?.reason).toMatch(/30\/02|date|ngày/i);

    const board = (await get<{ board?: KpiBoard; result?: KpiBoard }>('/api/kpi/board')) as { board?: KpiBoard; result?: KpiBoard };
    const year = (board.board ?? board.result)!.totals.year;
    if (SAME_YEAR) expect(year).toMatchObject({ received: 3, completed: 2, onTime: 1, late: 1, overdue: 1 });

    const health = await get<{ sources: ConnectorHealth[] }>('/api/portal/health');
    expect(health.sources.find((s) => s.id === 'csv:dvc-export')).toMatchObject({ kind: 'csv', recordsIngested: 3, recordsSkipped: 1 });

    // Re-importing the same export is idempotent.
    const again = (await (await post(adminToken, { mappingId: 'dvc-export', text: CSV })).json()) as { report: { imported: number } };
    expect(again.report.imported).toBe(0);
    expect(server.portal.ingestion.repository.count()).toBe(3);
  });
});
