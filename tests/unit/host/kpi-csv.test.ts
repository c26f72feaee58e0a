import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../../server/portal/kpi-routes.js';
import { filenameFromDisposition, KPI_CSV_HEADER, kpiCsvCell, kpiCsvRow, kpiCsvText, kpiExportFilename } from '../../../src-main/host/kpi/kpi-csv.js';
import { dossier, HOSTILE_PROCEDURE } from '../../support/kpi-fixtures.js';

/** The CSV a workstation builds offline must read like the server's export. */
describe('offline KPI CSV', () => {
  const cells: (string | number | null)[] = [
    'STP-2026-000117',
    'Đăng ký khai sinh',
    'a,b',
    'say "hi"',
    'line\nbreak',
    '=SUM(A1)',
    '+1',
    '-2',
    '@cmd',
    '\tTab',
    HOSTILE_PROCEDURE,
    52.5,
    -8,
    Number.NaN,
    null,
    '',
  ];

  it('writes every cell as the server does', () => {
    for (const value of cells) expect(kpiCsvCell(value), String(value)).toBe(csvCell(value));
  });

  it('writes every row as the server does', () => {
    const rows = [
      dossier('STP-2026-000117'),
      dossier('STP-2026-000245', { procedureName: HOSTILE_PROCEDURE, completedAt: '2026-11-20T09:30:00.000Z', status: 'completed', timeliness: 'late', workingHoursToDue: null }),
      dossier('X/1', { receivedAt: 'not a date' }),
    ];
    for (const d of rows) expect(kpiCsvRow(d)).toBe(csvRow(d));
    expect(kpiCsvRow(rows[0]!)).toBe('STP-2026-000117,Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam,Lý lịch tư pháp,STP,2026-11-02 09:00,2026-11-16 17:00,,in_progress,overdue,-52.5');
  });

  it('starts with a BOM and the header, and ends every line with CRLF', () => {
    const text = kpiCsvText([dossier('A-1'), dossier('A-2')]);
    expect(text.startsWith(`\uFEFF${KPI_CSV_HEADER.join(',')}\r\n`)).toBe(true);
    expect(text.split('\r\n')).toHaveLength(4);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(kpiCsvText([])).toBe(`\uFEFF${KPI_CSV_HEADER.join(',')}\r\n`);
  });

  it('names files like the server and keeps them safe', () => {
    const at = Date.parse('2026-11-28T18:00:00.000Z'); // 29/11 in Vietnam
    expect(kpiExportFilename({ scope: 'year', metric: 'overdue', agencyId: 'STP' }, at, 'csv')).toBe('kpi-year-overdue-STP-2026-11-29.csv');
    expect(kpiExportFilename({ scope: 'month', metric: 'late', field: 'Đất đai / "x"' }, at, 'pdf')).toBe('kpi-month-late-Dat_dai____x_-2026-11-29.pdf');
    expect(kpiExportFilename('board', at, 'pdf')).toBe('kpi-bang-chi-so-2026-11-29.pdf');
    expect(filenameFromDisposition('attachment; filename="kpi-year-late-2026-11-28.csv"')).toBe('kpi-year-late-2026-11-28.csv');
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBeNull();
    expect(filenameFromDisposition(undefined)).toBeNull();
  });
});
