import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src-shared/desktop-api.js';
import { describeSync } from '../../../src-renderer/components/sync-display.js';

const base: SyncStatus = {
  connection: 'online',
  offlineSince: null,
  nextRetryAt: null,
  queued: 0,
  lastEventAt: '2025-03-05T07:04:00.000Z',
  lastSyncAt: '2025-03-05T07:05:00.000Z',
  cursor: 10,
  headSeq: 10,
  lastError: null,
  authRequired: false,
};
const now = Date.parse('2025-03-05T07:05:12.000Z');

describe('sync indicator text', () => {
  it('says online and live data', () => {
    const view = describeSync(base, 'ipc', now, 'vi');
    expect(view).toMatchObject({ connection: 'online', label: 'Trực tuyến', dataAge: 'Dữ liệu: trực tiếp', queued: 0, dataAgeSeconds: 12 });
  });

  it('says since when it is offline, how many actions wait, and how old the data is', () => {
    const offline = { ...base, connection: 'offline' as const, offlineSince: '2025-03-05T07:05:00.000Z', queued: 3 };
    const vi = describeSync(offline, 'open', now, 'vi');
    expect(vi.label).toBe('Mất kết nối từ 14:05 · đang thử kết nối lại · 3 thao tác chờ gửi');
    expect(vi.dataAge).toBe('Dữ liệu: 12 giây trước');
    expect(vi.connection).toBe('offline');
    expect(describeSync(offline, 'open', now, 'en').label).toBe('Offline since 14:05 · trying to reconnect · actions waiting to send: 3');
    const waiting = { ...offline, nextRetryAt: '2025-03-05T07:05:16.200Z' };
    expect(describeSync(waiting, 'open', now, 'vi').label).toBe('Mất kết nối từ 14:05 · thử lại sau 5 giây · 3 thao tác chờ gửi');
    expect(describeSync({ ...waiting, authRequired: true }, 'open', now, 'vi').label).toBe('Mất kết nối từ 14:05 · 3 thao tác chờ gửi');
    expect(describeSync({ ...base, connection: 'connecting' }, 'ipc', now, 'vi').label).toBe('Đang kết nối lại…');
  });

  it('puts the window’s own link to the host first', () => {
    expect(describeSync(base, 'connecting', now, 'vi')).toMatchObject({ connection: 'connecting', label: 'Mất kết nối với máy trạm — đang kết nối lại…' });
    expect(describeSync(null, 'absent', now, 'en')).toMatchObject({ connection: 'offline', label: 'Not connected to the workstation host', dataAge: 'Data: never synced' });
  });
});
