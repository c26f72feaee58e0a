// Shared by the host's field-report integration tests: an admin beside the test users,
// a citizen's road report as the Open311 layer hands it over, and unwrapping a Result.
import type { ReportSubmission } from '../../server/reports/reports-port.js';
import { TEST_USERS } from './host-harness.js';

export const ADMIN = { username: 'admin1', password: 'admin1-secret', displayName: 'Quản trị', role: 'admin' as const };
export const SEED_USERS = [...Object.values(TEST_USERS), ADMIN];

export function submission(overrides: Partial<ReportSubmission> = {}): ReportSubmission {
  return {
    serviceCode: 'giao-thong',
    lat: 9.785,
    lon: 105.47,
    addressString: 'Đường 3/2, phường 5, Vị Thanh',
    addressId: null,
    description: 'Ổ gà lớn trước cổng trường, xe máy dễ té ngã',
    attributes: { 'loai-su-co': 'mat-duong' },
    mediaUrl: null,
    reporter: { email: 'dan@example.vn', phone: null, firstName: 'An', lastName: 'Nguyễn', deviceId: null, accountId: null },
    apiKeyId: 'key-test',
    channel: 'open311',
    ...overrides,
  };
}

export async function value<T>(promise: Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}
