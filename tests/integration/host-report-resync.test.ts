import { afterEach, describe, expect, it } from 'vitest';
import { eventChannel, type ReportActInput, type ReportsChanged } from '../../src-shared/desktop-api.js';
import { DEMO_ADMIN_UNITS } from '../../server/demo/demo-seed.js';
import { byId, sampleDraft, TestRig, waitFor, type TestHost } from '../support/host-harness.js';
import { ADMIN, SEED_USERS, submission, value } from '../support/host-report-fixtures.js';

/**
 * Field reports, departments and routing rules through a resync: a host whose cursor
 * the server's log no longer reaches (or that is ahead of a reset server) gets a
 * snapshot, and must end with exactly the server's reports, departments and rules.
 * Real server (tiny kept log), real hosts, SQLite files in temp folders.
 */

async function loginAdmin(h: TestHost): Promise<void> {
  const r = await h.host.handlers.session.login({ username: ADMIN.username, password: ADMIN.password });
  if (!r.ok) throw new Error(r.message);
}

describe('host field reports through a resync', () => {
  let rig: TestRig;
  afterEach(async () => rig?.close());

  /** Host and server hold the same reports, departments and rules. */
  function expectSameAsServer(h: TestHost): void {
    const server = rig.running.reports;
    expect(byId(h.host.inspect.reports())).toEqual(byId(server.list()));
    expect(byId(h.host.inspect.departments())).toEqual(byId(server.departments()));
    expect(byId(h.host.inspect.routingRules())).toEqual(byId(server.routingRules()));
  }

  it('cursor older than the kept log: the snapshot brings new reports and departments, updated reports, and drops a deleted rule', async () => {
    rig = await TestRig.start({ seedUsers: SEED_USERS, adminUnits: DEMO_ADMIN_UNITS, logRetain: 4 });
    const first = await rig.addHost({ workstationName: 'Bàn phản ánh' });
    await loginAdmin(first);
    await value(
      first.host.handlers.reports.actMany([
        { action: 'department.save', department: { id: 'so-gtvt', name: 'Sở Giao thông vận tải' } },
        { action: 'routing-rule.save', rule: { id: 'gt', serviceCode: 'giao-thong', unitId: null, departmentId: 'so-gtvt' } },
      ]),
    );
    const a = rig.running.reports.submit(submission());
    if (!a.ok) throw new Error(a.message);
    await rig.waitInSync(first);
    expect(first.host.inspect.reports().map((r) => r.id)).toEqual([a.value.id]);
    expect(first.host.inspect.routingRules().map((r) => r.id)).toEqual(['gt']);
    const { dataDir, workstationId } = first;
    const cursorBefore = first.host.inspect.cursor();
    await first.close();

    // While the first workstation is off, another admin changes things, well past the kept log.
    const other = await rig.addHost({ workstationName: 'Bàn quản trị' });
    await loginAdmin(other);
    await rig.waitInSync(other); // the steps are checked against its replica
    const steps: ReportActInput[] = [
      { action: 'department.save', department: { id: 'so-xd', name: 'Sở Xây dựng' } },
      { action: 'routing-rule.delete', ruleId: 'gt' },
      { action: 'routing-rule.save', rule: { id: 'cx', serviceCode: 'cay-xanh', unitId: null, departmentId: 'so-xd' } },
      { action: 'note', reportId: a.value.id, text: 'Đã cử người kiểm tra hiện trường', visibility: 'internal' },
    ];
    await value(other.host.handlers.reports.actMany(steps));
    const b = rig.running.reports.submit(submission({ serviceCode: 'cay-xanh', description: 'Cây đổ chắn đường', attributes: {} }));
    if (!b.ok) throw new Error(b.message);
    for (let i = 0; i < 4; i++) rig.running.raiseAlert(sampleDraft(i));
    await rig.waitInSync(other);
    expect(rig.running.inspect.oldestSeq()).toBeGreaterThan(cursorBefore + 1); // so the first one must resync
    expect(rig.running.reports.routingRules().map((r) => r.id)).toEqual(['cx']);

    const again = await rig.addHost({ dataDir, workstationId, workstationName: 'Bàn phản ánh' });
    // Still the old replica: the stale rule and the report without the note.
    expect(again.host.inspect.routingRules().map((r) => r.id)).toEqual(['gt']);
    expect(again.host.inspect.reports()[0]!.history).toHaveLength(rig.running.reports.internal(a.value.id)!.history.length - 1);
    const pushed: ReportsChanged[] = [];
    again.host.onPush((channel, payload) => {
      if (channel === eventChannel('reports', 'onDidChange')) pushed.push(payload as ReportsChanged);
    });
    await loginAdmin(again);
    await rig.waitInSync(again);

    expectSameAsServer(again);
    expect(again.host.inspect.reports().map((r) => r.id).sort()).toEqual([a.value.id, b.value.id].sort());
    expect(again.host.inspect.routingRules().map((r) => r.id)).toEqual(['cx']);
    expect(again.host.inspect.departments().map((d) => d.id)).toEqual(['so-gtvt', 'so-xd']);
    expect(again.host.inspect.replicaAlerts()).toHaveLength(4);
    // The desk was told about every report the snapshot touched.
    await waitFor(() => pushed.some((p) => p.reportIds.includes(a.value.id) && p.reportIds.includes(b.value.id)), {
      message: () => `pushed: ${JSON.stringify(pushed)}`,
    });
  });

  it('cursor ahead of a reset server: reports the server no longer has disappear', async () => {
    rig = await TestRig.start({ seedUsers: SEED_USERS, adminUnits: DEMO_ADMIN_UNITS });
    const h = await rig.addHost({ workstationName: 'Bàn phản ánh' });
    await loginAdmin(h);
    await value(h.host.handlers.reports.act({ action: 'department.save', department: { id: 'so-gtvt', name: 'Sở Giao thông vận tải' } }));
    const old: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = rig.running.reports.submit(submission({ description: `Phản ánh cũ ${i}` }));
      if (!r.ok) throw new Error(r.message);
      old.push(r.value.id);
    }
    await rig.waitInSync(h);
    expect(h.host.inspect.reports()).toHaveLength(3);
    expect(h.host.inspect.cursor()).toBeGreaterThanOrEqual(4);

    // A brand-new server (empty data) with one report of its own: its head is behind the host's cursor.
    const server = await rig.replaceServer();
    const fresh = server.reports.submit(submission({ serviceCode: 'cay-xanh', description: 'Cây đổ chắn đường', attributes: {}, receivedAt: '2026-11-20T01:00:00.000Z' }));
    if (!fresh.ok) throw new Error(fresh.message);
    expect(server.inspect.headSeq()).toBeLessThan(h.host.inspect.cursor());
    // The new server does not know the old session's token: the operator logs in again.
    await waitFor(() => h.host.inspect.status().authRequired, { message: 'the host notices the token is refused' });
    await loginAdmin(h);

    await waitFor(
      () => {
        const ids = h.host.inspect.reports().map((r) => r.id);
        return ids.length === 1 && ids[0] === fresh.value.id && h.host.inspect.cursor() === server.inspect.headSeq();
      },
      { timeoutMs: 15_000, message: () => `host holds ${JSON.stringify(h.host.inspect.reports().map((r) => r.id))}, status ${JSON.stringify(h.host.inspect.status())}` },
    );
    expectSameAsServer(h);
    expect(h.host.inspect.reports()[0]).toEqual(server.reports.internal(fresh.value.id));
    expect(h.host.inspect.departments()).toEqual([]);
  });
});
