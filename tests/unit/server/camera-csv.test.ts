import { describe, expect, it } from 'vitest';
import { CAMERA_CSV_COLUMNS } from '../../../src-shared/model/camera.js';
import { parseCameraCsv, parseCsv } from '../../../server/cameras/camera-csv.js';
import { planCameraImport } from '../../../server/cameras/camera-import.js';

const HEADER = CAMERA_CSV_COLUMNS.join(',');

function csvRow(values: Partial<Record<(typeof CAMERA_CSV_COLUMNS)[number], string>>): string {
  const defaults = {
    id: 'cam-01',
    name: 'Ngã ba Cái Tắc',
    kind: 'traffic',
    lat: '9.9015',
    lon: '105.7962',
    district: 'Châu Thành A',
    address: 'QL1A',
    groups: 'Giao thông;QL1A',
    area: 'Cái Tắc',
    mainUrl: 'http://gw.local/cam-01/main.m3u8',
    subUrl: 'http://gw.local/cam-01/sub.m3u8',
    snapshotUrl: '',
    enabled: 'true',
  };
  const merged = { ...defaults, ...values };
  return CAMERA_CSV_COLUMNS.map((c) => merged[c]).join(',');
}

describe('parseCsv (RFC 4180)', () => {
  it('splits on commas, honours quotes, doubled quotes, commas and line breaks inside quotes', () => {
    const parsed = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\n1,,3');
    expect(parsed).toEqual({
      ok: true,
      value: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
        { line: 4, fields: ['1', '', '3'] },
      ],
    });
  });

  it('drops a BOM, skips blank lines, tolerates spaces around quoted fields and a missing final newline', () => {
    const parsed = parseCsv('\uFEFFid,name\n\n  "cam-1" , "Cầu Cái Răng"\r\n\r\ncam-2,Bến Ninh Kiều');
    expect(parsed).toEqual({
      ok: true,
      value: [
        { line: 1, fields: ['id', 'name'] },
        { line: 3, fields: ['cam-1', 'Cầu Cái Răng'] },
        { line: 5, fields: ['cam-2', 'Bến Ninh Kiều'] },
      ],
    });
  });

  it('keeps an empty quoted field as a record and CR-only line ends as breaks', () => {
    expect(parseCsv('a\r""\rb')).toEqual({ ok: true, value: [{ line: 1, fields: ['a'] }, { line: 2, fields: [''] }, { line: 3, fields: ['b'] }] });
  });

  it('refuses an unclosed quote, a stray quote and text after a closing quote, naming the line', () => {
    expect(parseCsv('a,b\n"open,b\nc,d')).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringContaining('line 2') });
    expect(parseCsv('a,b\nab"c,d')).toMatchObject({ ok: false, message: expect.stringContaining('line 2: a quote inside an unquoted field') });
    expect(parseCsv('a,b\n"ab"c,d')).toMatchObject({ ok: false, message: expect.stringContaining('after a closing quote') });
  });
});

describe('parseCameraCsv', () => {
  it('reads a header in any order and letter case, Vietnamese text, quoted addresses with commas and ;-separated groups', () => {
    const columns = [...CAMERA_CSV_COLUMNS].reverse();
    const header = columns.map((c) => c.toUpperCase()).join(',');
    const values: Record<string, string> = {
      id: 'ht-01',
      name: '"Ngã tư Phường 5, Vị Thanh"',
      kind: 'security',
      lat: '9.7845',
      lon: '105.4701',
      district: 'Thành phố Vị Thanh',
      address: '"Số 12, đường Trần Hưng Đạo, Phường 5"',
      groups: 'An ninh; Trung tâm ;',
      area: 'Vị Thanh',
      mainUrl: 'https://gw.local/ht-01/main.m3u8',
      subUrl: 'https://gw.local/ht-01/sub.m3u8',
      snapshotUrl: 'https://gw.local/ht-01.jpg',
      enabled: 'không',
    };
    const parsed = parseCameraCsv(`\uFEFF${header}\r\n${columns.map((c) => values[c]).join(',')}\r\n`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toHaveLength(1);
    const plan = planCameraImport(parsed.value);
    expect(plan.errors).toEqual([]);
    expect(plan.rows[0]).toEqual({
      row: 1,
      input: {
        id: 'ht-01',
        name: 'Ngã tư Phường 5, Vị Thanh',
        kind: 'security',
        location: { lat: 9.7845, lon: 105.4701, district: 'Thành phố Vị Thanh', address: 'Số 12, đường Trần Hưng Đạo, Phường 5' },
        groups: ['An ninh', 'Trung tâm'],
        area: 'Vị Thanh',
        mainUrl: 'https://gw.local/ht-01/main.m3u8',
        subUrl: 'https://gw.local/ht-01/sub.m3u8',
        snapshotUrl: 'https://gw.local/ht-01.jpg',
        enabled: false,
      },
    });
  });

  it('an empty enabled cell means enabled and an empty snapshotUrl means none', () => {
    const parsed = parseCameraCsv(`${HEADER}\n${csvRow({ enabled: '' })}`);
    if (!parsed.ok) throw new Error(parsed.message);
    const plan = planCameraImport(parsed.value);
    expect(plan.rows[0]!.input).toMatchObject({ enabled: true, snapshotUrl: null });
  });

  it('numbers rows from the line after the header and reports every bad row with its problem', () => {
    const text = [
      HEADER,
      csvRow({ id: 'ok-1' }),
      csvRow({ id: 'bad-lat', lat: '"9,5"' }),
      csvRow({ id: 'bad-kind', kind: 'drone' }),
      '',
      csvRow({ id: 'bad-url', subUrl: 'file:///etc/passwd' }),
      'short,row',
      csvRow({ id: 'ok-1', name: 'Trùng' }),
      csvRow({ id: 'bad-enabled', enabled: 'maybe' }),
    ].join('\n');
    const parsed = parseCameraCsv(text);
    if (!parsed.ok) throw new Error(parsed.message);
    const plan = planCameraImport(parsed.value);
    expect(plan.rows.map((r) => r.input.id)).toEqual(['ok-1']);
    expect(plan.errors.map((e) => [e.row, e.cameraId])).toEqual([
      [2, 'bad-lat'],
      [3, 'bad-kind'],
      [5, 'bad-url'],
      [6, 'short'],
      [7, 'ok-1'],
      [8, 'bad-enabled'],
    ]);
    expect(plan.errors[0]!.message).toContain('lat');
    expect(plan.errors[1]!.message).toContain('kind');
    expect(plan.errors[2]!.message).toContain('subUrl');
    expect(plan.errors[3]!.message).toContain('expected 13 fields, found 2');
    expect(plan.errors[4]!.message).toContain('first on row 1');
    expect(plan.errors[5]!.message).toContain('enabled');
  });

  it('refuses a header that misses, repeats or invents columns, and an empty file', () => {
    const missing = parseCameraCsv(HEADER.replace(',snapshotUrl', '') + '\n');
    expect(missing).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringContaining('missing snapshotUrl') });
    expect(parseCameraCsv(`${HEADER},colour\n`)).toMatchObject({ ok: false, message: expect.stringContaining('unknown "colour"') });
    expect(parseCameraCsv(`${HEADER},id\n`)).toMatchObject({ ok: false, message: expect.stringContaining('repeated id') });
    expect(parseCameraCsv('\uFEFF\n\n')).toMatchObject({ ok: false, message: expect.stringContaining('empty') });
  });
});
