import { describe, expect, it } from 'vitest';
import { filenameFromDisposition, kpiExportFilename } from '../../../src-main/host/kpi/kpi-csv.js';
import { KPI_CSV_HEADER, kpiCsvCell, kpiCsvRow, kpiCsvText } from '../../../src-shared/model/kpi-csv.js';
import { dossier, HOSTILE_PROCEDURE } from '../../support/kpi-fixtures.js';

/** The KPI CSV: one definition for the server's export and the workstation's offline one. */
describe('KPI CSV', () => {
  it('quotes what RFC 4180 needs and guards text a spreadsheet would run as a formula', () => {
    const cases: [string | number | null, string][] = [
      ['STP-2026-000117', 'STP-2026-000117'],
      ['Đăng ký khai sinh', 'Đăng ký khai sinh'],
      ['a,b', '"a,b"'],
      ['say "hi"', '"say ""hi"""'],
      ['line\nbreak', '"line\nbreak"'],
      ['=SUM(A1)', "'=SUM(A1)"],
      ['+1', "'+1"],
      ['-2', "'-2"],
      ['@cmd', "'@cmd"],
      ['\tTab', "'\tTab"],
      [HOSTILE_PROCEDURE, `"${HOSTILE_PROCEDURE.replace(/"/g, '""')}"`],
      [52.5, '52.5'],
      [-8, '-8'],
      [Number.NaN, ''],
      [null, ''],
      ['', ''],
    ];
    for (const [value, expected] of cases) expect(kpiCsvCell(value), String(value)).toBe(expected);
  });

  it('writes a dossier as one row in Vietnam time', () => {
    const rows = [dossier('STP-2026-000117'), dossier('X/1', { receivedAt: 'not a date' })];
    expect(kpiCsvRow(rows[0]!)).toBe('STP-2026-000117,Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam,Lý lịch tư pháp,STP,2026-11-02 09:00,2026-11-16 17:00,,in_progress,overdue,-52.5');
    expect(kpiCsvRow(rows[1]!).split(',')[4]).toBe('not a date');
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
