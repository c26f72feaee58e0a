import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DossierSchema } from '../../../src-shared/model/dossier.js';
import { DEMO_PORTAL_MAPPING_FILE, readDemoPortalMapping } from '../../../server/demo/demo-portal.js';
import { formatDate, mapRecord, parseDate, parseFieldMapping, readPath, type FieldMapping } from '../../../server/portal/field-mapping.js';
import { loadPortalConfigFile, parsePortalConfig, startPortalIngestion } from '../../../server/portal/portal-ingestion.js';
import { openDatabase } from '../../../server/store/sqlite-database.js';
import { DossierRepository } from '../../../server/store/dossier-repository.js';

/** A portal with nested objects, codes and three date formats. */
const MAPPING = {
  id: 'test-portal',
  fields: {
    code: 'ma',
    'procedure.code': 'thuTuc.ma',
    'procedure.name': 'thuTuc.ten',
    'procedure.field': 'linhVuc',
    'procedure.level': { const: 'partial' },
    receivingAgencyId: ['noiNhan', 'coQuan'],
    handlingAgencyId: 'coQuan',
    channel: { path: 'kenh', map: { '1': 'online', '2': 'counter' } },
    receivedAt: { path: 'tiepNhan', format: 'dd/MM/yyyy HH:mm:ss' },
    dueAt: { path: 'han', format: 'epoch-ms' },
    completedAt: { path: 'hoanThanh', format: 'iso' },
    status: { path: 'trangThai', map: { '1': 'received', '2': 'in_progress', '5': 'completed' } },
    pauses: { path: 'tamDung', from: { path: 'tu', format: 'iso' }, to: { path: 'den', format: 'iso' } },
    localityId: { path: 'diaBan', default: null },
    updatedAt: { path: 'capNhat', format: 'iso' },
  },
};

function compiled(json: unknown = MAPPING): FieldMapping {
  const result = parseFieldMapping(json);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ma: 'HS-001',
    thuTuc: { ma: '1.001193', ten: 'Đăng ký khai sinh' },
    linhVuc: 'Hộ tịch',
    coQuan: 'UBND-VT',
    kenh: 1,
    tiepNhan: '02/03/2026 08:15:00',
    han: Date.parse('2026-03-03T01:15:00Z'),
    hoanThanh: '',
    trangThai: '2',
    tamDung: [],
    capNhat: '2026-03-02T08:20:00+07:00',
    ...overrides,
  };
}

function withField(name: string, rule: unknown): unknown {
  return { ...MAPPING, fields: { ...MAPPING.fields, [name]: rule } };
}

function refusal(json: unknown): string {
  const result = parseFieldMapping(json);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.message;
}

describe('portal field mapping: configuration', () => {
  it('accepts the test mapping and the shipped demo-portal mapping', () => {
    expect(parseFieldMapping(MAPPING).ok).toBe(true);
    const demo = parseFieldMapping(readDemoPortalMapping());
    expect(demo.ok ? demo.value.id : demo.message).toBe('demo-portal');
  });

  it('refuses an unknown target field, naming it and the known ones', () => {
    const message = refusal(withField('recievedAt', 'NgayTiepNhan'));
    expect(message).toContain('mapping "test-portal" is refused');
    expect(message).toContain('fields.recievedAt: unknown target field "recievedAt"');
    expect(message).toContain('receivedAt');
  });

  it('refuses a bad date format, with the place and the allowed formats', () => {
    const message = refusal(withField('receivedAt', { path: 'tiepNhan', format: 'dd-MM-yyyy' }));
    expect(message).toContain('fields.receivedAt.format');
    expect(message).toContain('dd/MM/yyyy HH:mm:ss');
  });

  it('refuses a format on a field that is not a date, a code mapped to no status, a missing required target, an unknown key', () => {
    expect(refusal(withField('code', { path: 'ma', format: 'iso' }))).toContain('fields.code.format: "format" applies only to dates');
    expect(refusal(withField('status', { path: 'trangThai', map: { '1': 'done' } }))).toContain('fields.status.map.1: "done" is not one of received, in_progress');
    const { dueAt: _dueAt, ...withoutDue } = MAPPING.fields;
    expect(refusal({ ...MAPPING, fields: withoutDue })).toContain('no rule for the required target "dueAt"');
    expect(refusal(withField('status', { path: 'trangThai', mapp: {} }))).toContain('fields.status: Unrecognized key: "mapp"');
    expect(refusal(withField('channel', { const: 'fax' }))).toContain('fields.channel.const: "fax" is not one of online, counter, post');
  });

  it('a portal config refuses a connector naming an unknown mapping, and startPortalIngestion throws the same message', () => {
    const config = { connectors: [{ id: 'p1', name: 'Cổng', baseUrl: 'http://127.0.0.1:9', mapping: 'nope' }], mappings: [MAPPING] };
    const parsed = parsePortalConfig(config);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain('connectors.0.mapping: no mapping "nope" (mappings: test-portal)');
    const repository = new DossierRepository(openDatabase(':memory:'));
    expect(() => startPortalIngestion({ store: repository, ...config, schedule: false })).toThrow(/no mapping "nope"/);
  });

  it('a portal config reports an inline mapping problem under the connector', () => {
    const parsed = parsePortalConfig({
      connectors: [{ id: 'p1', name: 'Cổng', baseUrl: 'ftp://x', mapping: withField('receivedAt', { path: 'x', format: 'yyyy' }) }],
    });
    expect(parsed.ok).toBe(false);
    const message = parsed.ok ? '' : parsed.message;
    expect(message).toContain('connectors.0.baseUrl: baseUrl must be an http(s) URL');
    expect(message).toContain('connectors.0.mapping.fields.receivedAt.format');
  });
  it('a config file names its mapping files relative to itself; defaults fill the rest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-portal-config-'));
    try {
      const file = path.join(dir, 'portal.json');
      fs.writeFileSync(
        file,
        JSON.stringify({
          mappings: [path.relative(dir, DEMO_PORTAL_MAPPING_FILE)],
          agencies: [{ id: 'STP', name: 'Sở Tư pháp', shortName: 'STP' }],
          connectors: [
            {
              id: 'dvc-hau-giang',
              name: 'Cổng dịch vụ công tỉnh',
              baseUrl: 'https://dichvucong.example.gov.vn/',
              path: '/api/ho-so',
              params: { updatedSince: 'tu_ngay', limit: 'so_luong', watermarkFormat: 'dd/MM/yyyy HH:mm:ss', extra: { donVi: 'all' } },
              recordsPath: 'data',
              mapping: 'demo-portal',
              headers: { Authorization: 'Bearer …' },
            },
          ],
        }),
      );
      const loaded = loadPortalConfigFile(file);
      expect(loaded.ok).toBe(true);
      if (!loaded.ok) return;
      const [connector] = loaded.value.connectors;
      expect(connector).toMatchObject({
        baseUrl: 'https://dichvucong.example.gov.vn',
        pageSize: 500,
        intervalMs: 60_000,
        timeoutMs: 15_000,
        staleAfterMs: 900_000,
        backoff: { initialMs: 1000, maxMs: 300_000 },
        mapping: { id: 'demo-portal' },
      });
      expect(loaded.value.agencies).toEqual([{ id: 'STP', name: 'Sở Tư pháp', shortName: 'STP' }]);
      fs.writeFileSync(file, JSON.stringify({ mappings: ['missing.json'] }));
      const missing = loadPortalConfigFile(file);
      expect(missing.ok ? '' : missing.message).toContain('missing.json');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('portal field mapping: dates', () => {
  it('reads Vietnam wall-clock formats as UTC+07:00 and checks the calendar', () => {
    expect(parseDate('01/03/2026 08:00:00', 'dd/MM/yyyy HH:mm:ss')).toBe('2026-03-01T01:00:00.000Z');
    expect(parseDate('1/3/2026 07:05', 'dd/MM/yyyy HH:mm')).toBe('2026-03-01T00:05:00.000Z');
    expect(parseDate('31/02/2026 08:00:00', 'dd/MM/yyyy HH:mm:ss')).toBeNull();
    expect(parseDate('01/03/2026 24:00:00', 'dd/MM/yyyy HH:mm:ss')).toBeNull();
    expect(parseDate('01/03/2026 08:00', 'dd/MM/yyyy HH:mm:ss')).toBeNull();
  });

  it('iso needs an offset; iso-local has none and is Vietnam time; epochs outside 2000–2100 are unit mistakes', () => {
    expect(parseDate('2026-03-01T08:00:00+07:00', 'iso')).toBe('2026-03-01T01:00:00.000Z');
    expect(parseDate('2026-03-01 01:00:00.250Z', 'iso')).toBe('2026-03-01T01:00:00.250Z');
    expect(parseDate('2026-03-01T08:00:00', 'iso')).toBeNull();
    expect(parseDate('2026-03-01T08:00:00', 'iso-local')).toBe('2026-03-01T01:00:00.000Z');
    expect(parseDate(1772326800000, 'epoch-ms')).toBe('2026-03-01T01:00:00.000Z');
    expect(parseDate('1772326800', 'epoch-s')).toBe('2026-03-01T01:00:00.000Z');
    expect(parseDate(1772326800, 'epoch-ms')).toBeNull();
  });

  it('formats a watermark in each query format', () => {
    const at = '2026-03-01T01:02:03.000Z';
    expect(formatDate(at, 'dd/MM/yyyy HH:mm:ss')).toBe('01/03/2026 08:02:03');
    expect(formatDate(at, 'iso')).toBe(at);
    expect(formatDate(at, 'epoch-ms')).toBe(String(Date.parse(at)));
    for (const format of ['iso', 'iso-local', 'dd/MM/yyyy HH:mm:ss', 'epoch-ms', 'epoch-s'] as const) {
      expect(parseDate(formatDate(at, format), format)).toBe(at);
    }
  });
});

describe('portal field mapping: records', () => {
  it('maps nested paths, a path list, codes, three date formats and pauses to a valid Dossier', () => {
    const mapped = mapRecord(
      compiled(),
      record({ tamDung: [{ tu: '2026-03-02T09:00:00+07:00', den: '' }], trangThai: '2' }),
      'portal-a',
      '#1',
    );
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(DossierSchema.parse(mapped.dossier)).toEqual(mapped.dossier);
    expect(mapped.dossier).toMatchObject({
      code: 'HS-001',
      procedure: { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', level: 'partial' },
      receivingAgencyId: 'UBND-VT',
      handlingAgencyId: 'UBND-VT',
      channel: 'online',
      receivedAt: '2026-03-02T01:15:00.000Z',
      dueAt: '2026-03-03T01:15:00.000Z',
      completedAt: null,
      status: 'in_progress',
      pauses: [{ from: '2026-03-02T02:00:00.000Z', to: null }],
      localityId: null,
      updatedAt: '2026-03-02T01:20:00.000Z',
      sourceId: 'portal-a',
    });
  });

  it('skips with key and reason: bad date, unknown code, missing code, incoherent completion', () => {
    const mapping = compiled();
    const badDate = mapRecord(mapping, record({ tiepNhan: '31/02/2026 08:00:00' }), 's', '#1');
    expect(badDate).toMatchObject({ ok: false, recordKey: 'HS-001', updatedAt: '2026-03-02T01:20:00.000Z' });
    expect(badDate.ok ? '' : badDate.reason).toContain('receivedAt (tiepNhan): "31/02/2026 08:00:00" is not a date in dd/MM/yyyy HH:mm:ss');
    const unknown = mapRecord(mapping, record({ trangThai: 9 }), 's', '#2');
    expect(unknown.ok ? '' : unknown.reason).toContain('status (trangThai): unknown value "9" (known: 1, 2, 5)');
    const noCode = mapRecord(mapping, record({ ma: '' }), 's', '#3 of page 1');
    expect(noCode).toMatchObject({ ok: false, recordKey: '#3 of page 1' });
    expect(noCode.ok ? '' : noCode.reason).toContain('code (ma): missing');
    const doneWithoutTime = mapRecord(mapping, record({ trangThai: '5' }), 's', '#4');
    expect(doneWithoutTime.ok ? '' : doneWithoutTime.reason).toBe('status completed without a completion time (completedAt)');
    const notAnObject = mapRecord(mapping, 'HS-009', 's', '#5');
    expect(notAnObject).toMatchObject({ ok: false, recordKey: '#5', reason: 'the record is not an object' });
  });

  it('reads a key with dots whole before walking it as a path', () => {
    expect(readPath({ 'Thủ tục.Tên': 'x', a: { b: [{ c: 1 }] } }, 'Thủ tục.Tên')).toBe('x');
    expect(readPath({ a: { b: [{ c: 1 }] } }, 'a.b.0.c')).toBe(1);
    expect(readPath({ a: 1 }, 'a.b')).toBeUndefined();
  });
});
