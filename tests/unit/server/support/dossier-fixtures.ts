import type { Agency, Dossier } from '../../../../src-shared/model/dossier.js';

/** Two agencies the server-side portal tests share. */
export const TEST_AGENCIES: Agency[] = [
  { id: 'so-tnmt', name: 'Sở Tài nguyên và Môi trường', shortName: 'TNMT' },
  { id: 'so-tp', name: 'Sở Tư pháp', shortName: 'STP' },
];

/**
 * An open land dossier of Sở TNMT received Monday 2 Feb 2026 08:00 (Vietnam), due
 * Tuesday 10 Feb 17:00 (at risk, with 24 working hours, from Monday 9 Feb 17:00).
 */
export function testDossier(overrides: Partial<Dossier> & { code: string }): Dossier {
  return {
    procedure: { code: 'TT-1', name: 'Đăng ký biến động đất đai', field: 'Đất đai', level: 'partial' },
    receivingAgencyId: 'so-tnmt',
    handlingAgencyId: 'so-tnmt',
    channel: 'online',
    receivedAt: '2026-02-02T08:00:00+07:00',
    dueAt: '2026-02-10T17:00:00+07:00',
    completedAt: null,
    status: 'in_progress',
    pauses: [],
    localityId: null,
    updatedAt: '2026-02-02T08:00:00+07:00',
    sourceId: 'test',
    ...overrides,
  };
}
