import { afterEach, describe, expect, it } from 'vitest';
import type { ReportActInput } from '../../src-shared/desktop-api.js';
import { DEMO_ADMIN_UNITS } from '../../server/demo/demo-seed.js';
import { TestRig, waitFor, type TestHost } from '../support/host-harness.js';
import { ADMIN, SEED_USERS, submission, value } from '../support/host-report-fixtures.js';

/**
 * The workstation side of field reports through a real host and a real server:
 * actions checked locally with the shared rules before they are queued, admin-only
 * changes, bulk all-or-nothing, and the outbox carrying them through an outage.
 */

const dept = (id: string, name: string): ReportActInput => ({ action: 'department.save', department: { id, name } });

describe('host field reports', () => {
  let rig: TestRig;
  afterEach(async () => rig?.close());

  async function start(user: 'op1' | 'admin1'): Promise<TestHost> {
    rig = await TestRig.start({ seedUsers: SEED_USERS, adminUnits: DEMO_ADMIN_UNITS });
    const h = await rig.addHost({ workstationName: 'Bàn phản ánh' });
    if (user === 'admin1') {
      const r = await h.host.handlers.session.login({ username: ADMIN.username, password: ADMIN.password });
      if (!r.ok) throw new Error(r.message);
    } else {
      await h.login(user);
    }
    await rig.waitInSync(h);
    return h;
  }

  it('refuses bad input before anything is queued; the catalogue is served from the host', async () => {
    const h = await start('op1');
    const api = h.host.handlers.reports;
    expect(await api.act({ action: 'classify', reportId: 'bad id!', serviceCode: 'giao-thong' })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await api.act({ action: 'fly', reportId: 'PA-1' } as unknown as ReportActInput)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await api.act({ action: 'note', reportId: 'PA-1', text: '   ', visibility: 'public' })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await api.act({ action: 'start', reportId: 'PA-20261128-0099' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await api.list({ limit: 0 })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await api.list({})).toEqual({ ok: true, value: [] });
    expect(h.host.inspect.outbox()).toEqual([]);

    const services = await value(api.services());
    expect(services.find((s) => s.code === 'giao-thong')).toEqual({ code: 'giao-thong', name: 'Giao thông', group: 'Hạ tầng', slaHours: 72 });

    await h.host.handlers.session.logout();
    expect(await api.list({})).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it('operators may not change departments or routing rules', async () => {
    const h = await start('op1');
    const api = h.host.handlers.reports;
    expect(await api.act(dept('so-gtvt', 'Sở Giao thông vận tải'))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await api.act({ action: 'routing-rule.save', rule: { id: 'gt', serviceCode: 'giao-thong', departmentId: 'so-gtvt' } })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await api.actMany([dept('a', 'A')])).toMatchObject({ ok: false, code: 'forbidden' });
    expect(h.host.inspect.outbox()).toEqual([]);
  });

  it('actMany: every action checked first (each seeing the ones before it), then all queued or none', async () => {
    const h = await start('admin1');
    const api = h.host.handlers.reports;
    // The second is invalid: nothing is queued.
    expect(await api.actMany([dept('so-gtvt', 'Sở Giao thông vận tải'), dept('so-xd', '  ')])).toMatchObject({
      ok: false,
      code: 'bad-request',
      details: { index: 1 },
    });
    // The rule may name the department saved earlier in the same bulk, not an unknown one.
    expect(
      await api.actMany([
        dept('so-gtvt', 'Sở Giao thông vận tải'),
        { action: 'routing-rule.save', rule: { id: 'gt', serviceCode: 'giao-thong', unitId: null, departmentId: 'so-gtvt' } },
        { action: 'routing-rule.save', rule: { id: 'cx', serviceCode: 'cay-xanh', unitId: null, departmentId: 'khong-co' } },
      ]),
    ).toMatchObject({ ok: false, code: 'bad-request', details: { index: 2 } });
    expect(await api.actMany(Array.from({ length: 201 }, (_, i) => dept(`d-${i}`, `Phòng ${i}`)))).toMatchObject({ ok: false, code: 'bad-request' });
    expect(h.host.inspect.outbox()).toEqual([]);

    const queued = await value(
      api.actMany([
        dept('so-gtvt', 'Sở Giao thông vận tải'),
        { action: 'routing-rule.save', rule: { id: 'gt', serviceCode: 'giao-thong', unitId: null, departmentId: 'so-gtvt' } },
      ]),
    );
    expect(queued).toHaveLength(2);
    // The desk's routing screen sees the queued rule at once, marked pending, then confirmed.
    expect(await value(api.routingRules())).toMatchObject([{ id: 'gt', serviceCode: 'giao-thong', unitId: null, departmentId: 'so-gtvt', pending: true }]);
    await waitFor(() => rig.running.reports.routingRules().length === 1, { message: 'the rule reaches the server' });
    await waitFor(async () => (await value(api.routingRules()))[0]?.pending === false, { message: 'the rule is replicated back' });
    expect(rig.running.reports.departments().map((d) => d.id)).toEqual(['so-gtvt']);
    for (const q of queued) expect(rig.running.inspect.eventsForCommand(q.commandId)).toBe(1);
  });

  it('offline: an admin change is queued and shown pending, then lands exactly once when the server is back', async () => {
    const h = await start('admin1');
    const api = h.host.handlers.reports;
    await rig.stopServer();
    await waitFor(() => h.host.inspect.status().connection !== 'online');

    const queued = await value(api.act(dept('so-xd', 'Sở Xây dựng')));
    expect(await value(api.departments())).toMatchObject([{ id: 'so-xd', name: 'Sở Xây dựng', pending: true, updatedBy: expect.any(String) }]);
    expect(h.host.inspect.outbox().map((e) => e.type)).toEqual(['department.save']);
    expect(h.host.inspect.status().queued).toBe(1);

    const server = await rig.startServer();
    await waitFor(() => server.reports.departments().some((d) => d.id === 'so-xd'), { message: 'department reaches the server' });
    await rig.waitInSync(h);
    expect(server.inspect.eventsForCommand(queued.commandId)).toBe(1);
    expect(server.reports.departments()).toMatchObject([{ id: 'so-xd', name: 'Sở Xây dựng' }]);
  });

  it('replicates reports; queued steps show at once offline, are judged locally, and land exactly once', async () => {
    const h = await start('admin1');
    const api = h.host.handlers.reports;
    await value(api.act(dept('so-gtvt', 'Sở Giao thông vận tải')));
    await rig.waitInSync(h);
    await waitFor(async () => (await value(api.departments())).some((d) => d.id === 'so-gtvt' && !d.pending), { message: 'department replicated' });

    // No routing rule: the report stays in triage (received).
    const submitted = rig.running.reports.submit(submission({ receivedAt: '2026-11-20T01:00:00.000Z' }));
    if (!submitted.ok) throw new Error(submitted.message);
    const other = rig.running.reports.submit(submission({ serviceCode: 'cay-xanh', description: 'Cây đổ chắn đường', attributes: {} }));
    if (!other.ok) throw new Error(other.message);
    const id = submitted.value.id;
    await rig.waitInSync(h);
    const listed = await value(api.list({}));
    expect(listed.map((r) => r.id).sort()).toEqual([id, other.value.id].sort());
    expect((await value(api.list({ search: 'o ga truong' }))).map((r) => r.id)).toEqual([id]);
    expect((await value(api.list({ serviceCodes: ['cay-xanh'] }))).map((r) => r.id)).toEqual([other.value.id]);
    expect((await value(api.list({ unitIds: ['vi-thanh'], statuses: ['received'] }))).length).toBe(2);
    // Received 2026-11-20 with a 72 h SLA: overdue now.
    expect((await value(api.list({ overdueOnly: true }))).map((r) => r.id)).toEqual([id]);
    expect((await value(api.list({ olderThanHours: 24 }))).map((r) => r.id)).toEqual([id]);

    // Rules checked locally: cannot start a report that was never forwarded.
    expect(await api.act({ action: 'start', reportId: id })).toMatchObject({ ok: false, code: 'invalid-transition' });
    expect(await api.act({ action: 'forward', reportId: id, departmentId: 'khong-co' })).toMatchObject({ ok: false, code: 'invalid-transition' });

    await rig.stopServer();
    await waitFor(() => h.host.inspect.status().connection !== 'online');
    const queued = await value(
      api.actMany([
        { action: 'classify', reportId: id, serviceCode: 'giao-thong' },
        { action: 'forward', reportId: id, departmentId: 'so-gtvt' },
        { action: 'note', reportId: id, text: 'Đã gọi điện cho người phản ánh', visibility: 'internal' },
      ]),
    );
    const shown = await value(api.get(id));
    expect(shown).toMatchObject({ status: 'forwarded', departmentId: 'so-gtvt' });
    expect(shown.pending.map((p) => p.action)).toEqual(['classify', 'forward', 'note']);
    expect((await value(api.list({ departmentIds: ['so-gtvt'] }))).map((r) => r.id)).toEqual([id]);

    const server = await rig.startServer();
    await rig.waitInSync(h);
    expect(server.reports.internal(id)).toMatchObject({ status: 'forwarded', departmentId: 'so-gtvt' });
    for (const q of queued) expect(server.inspect.eventsForCommand(q.commandId)).toBe(1);
    const after = await value(api.get(id));
    expect(after.pending).toEqual([]);
    expect(after.history.map((s) => s.action)).toEqual(['receive', 'classify', 'forward', 'note']);
    expect(after).toMatchObject({ status: 'forwarded', departmentId: 'so-gtvt' });
  });
});
