import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { boardPdf, dossierListPdf, formatAgeVi, formatTimeVi } from '../../../src-main/host/kpi/kpi-pdf.js';
import { A4_LANDSCAPE, cleanText, PdfDocument } from '../../../src-main/host/pdf/pdf-document.js';
import { loadPdfFont, pdfFontCandidates } from '../../../src-main/host/pdf/pdf-font.js';
import { TrueTypeFont, VIETNAMESE_PROBE } from '../../../src-main/host/pdf/truetype.js';
import { dossier, fixtureBoard, fixtureDrill } from '../../support/kpi-fixtures.js';

/**
 * The host's PDF writer with the font Debian ships (fonts-dejavu-core). Skipped where that
 * font is missing; the host then refuses PDF exports with a reason (tested below too).
 */
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const DEJAVU_MONO = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
const hasFont = existsSync(DEJAVU);
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Objects and streams of a PDF this writer made (uncompressed structure, Flate streams). */
function parsePdf(bytes: Buffer) {
  const text = bytes.toString('latin1');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  const objects = offsets.map((offset, i) => {
    const end = text.indexOf('\nendobj\n', offset);
    return { id: i + 1, header: text.slice(offset, offset + `${i + 1} 0 obj`.length), body: text.slice(offset, end), offset, end };
  });
  const stream = (id: number): Buffer => {
    const o = objects[id - 1]!;
    const start = text.indexOf('stream\n', o.offset) + 7;
    const length = Number(/\/Length (\d+)/.exec(o.body)?.[1]);
    return inflateSync(bytes.subarray(start, start + length));
  };
  return { text, startxref, objects, stream };
}

describe('PDF fonts', () => {
  it('names what it tried when no usable font is there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-font-'));
    try {
      writeFileSync(path.join(dir, 'fake.ttf'), 'not a font at all');
      const loaded = await loadPdfFont([path.join(dir, 'missing.ttf'), path.join(dir, 'fake.ttf'), ...(existsSync(DEJAVU_MONO) ? [DEJAVU_MONO] : [])]);
      expect('error' in loaded && loaded.error).toMatch(/No font for PDF export/);
      expect('error' in loaded && loaded.error).toMatch(/fake\.ttf: not a TrueType font/);
      if (existsSync(DEJAVU_MONO)) expect('error' in loaded && loaded.error).toMatch(/DejaVuSansMono\.ttf: lacks Vietnamese letters/);
      expect('error' in loaded && loaded.error).toMatch(/fonts-dejavu-core|VIGIL_PDF_FONT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tries VIGIL_PDF_FONT first', () => {
    expect(pdfFontCandidates(['/a.ttf'], { VIGIL_PDF_FONT: '/b.ttf' })).toEqual(['/b.ttf', '/a.ttf']);
    expect(pdfFontCandidates(undefined, {})[0]).toBe(DEJAVU);
  });
});

describe.skipIf(!hasFont)('PDF writer with DejaVu Sans', () => {
  const font = hasFont ? new TrueTypeFont(readFileSync(DEJAVU)) : (null as unknown as TrueTypeFont);

  it('reads the font: every Vietnamese letter, metrics, a name', () => {
    expect(font.covers(VIETNAMESE_PROBE)).toBe(true);
    expect(font.postScriptName).toBe('DejaVuSans');
    expect(font.metrics.unitsPerEm).toBe(2048);
    expect(font.glyphOf(0x1ec7)).toBeGreaterThan(0); // ệ
    expect(font.glyphOf(0xe000)).toBe(0);
  });

  it('keeps composite glyphs whole in a subset and drops the rest', () => {
    const e = font.glyphOf('ệ'.codePointAt(0)!);
    const parts = font.partsOf(e);
    expect(parts.length).toBeGreaterThan(1); // a base letter and its marks
    const subset = new TrueTypeFont(font.subset([e], new Map([[0x1ec7, e]])));
    expect(subset.numGlyphs).toBe(font.numGlyphs);
    expect(subset.glyphOf(0x1ec7)).toBe(e);
    expect(subset.hasOutline(e)).toBe(true);
    for (const part of parts) expect(subset.hasOutline(part) || part === font.glyphOf(0x20)).toBe(true);
    expect(subset.hasOutline(font.glyphOf('Z'.codePointAt(0)!))).toBe(false);
    expect(subset.bytes.length).toBeLessThan(font.bytes.length / 4);
  });

  it('writes a well-formed file: xref offsets, one embedded subset font, ToUnicode for every character drawn', () => {
    const doc = new PdfDocument(font, { title: 'Bảng chỉ số', createdAt: new Date('2026-11-28T08:00:00.000Z') });
    const page = doc.addPage(A4_LANDSCAPE);
    doc.text(page, 'Sở Tài nguyên và Môi trường: 1.532 hồ sơ', 40, 500, 14, { bold: true });
    doc.text(page, 'Decomposed: e\u0302\u0323', 40, 480, 12); // NFC makes it ệ
    doc.text(page, 'Control\u0007chars\uD800', 40, 460, 12);
    const bytes = doc.toBytes();
    const pdf = parsePdf(bytes);
    expect(pdf.text.startsWith('%PDF-1.7\n')).toBe(true);
    expect(pdf.text.slice(pdf.startxref, pdf.startxref + 4)).toBe('xref');
    for (const o of pdf.objects) expect(o.header).toBe(`${o.id} 0 obj`);
    expect(pdf.text).toMatch(/\/Size (\d+)/);
    expect(Number(/\/Size (\d+)/.exec(pdf.text)![1])).toBe(pdf.objects.length + 1);
    const fontFile = Number(/\/FontFile2 (\d+) 0 R/.exec(pdf.text)![1]);
    const embedded = new TrueTypeFont(pdf.stream(fontFile));
    expect(embedded.hasOutline(font.glyphOf(0x1edf))).toBe(true); // ở
    const cmap = pdf.stream(Number(/\/ToUnicode (\d+) 0 R/.exec(pdf.text)![1])).toString('latin1');
    expect(cmap).toContain(`<${font.glyphOf(0x1ec7).toString(16).padStart(4, '0')}> <1ec7>`);
    expect(cmap).toContain(`<${font.glyphOf(0x1edf).toString(16).padStart(4, '0')}> <1edf>`);
    expect(pdf.text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans \/Encoding \/Identity-H/);
    // The title travels as UTF-16 in the Info dictionary.
    expect(pdf.text).toContain('/Title <FEFF00421EA3006E');
    expect(cleanText('a\u0007b\uD800')).toBe('a b\uFFFD');
  });

  it('wraps at spaces, cuts only words too long for the column', () => {
    const doc = new PdfDocument(font);
    const lines = doc.wrap('Cấp Giấy chứng nhận quyền sử dụng đất lần đầu', 120, 10);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(doc.measure(line, 10)).toBeLessThanOrEqual(120);
    expect(lines.join(' ')).toBe('Cấp Giấy chứng nhận quyền sử dụng đất lần đầu');
    const code = doc.wrap('HS-000000000000000000000000000000000001', 60, 10);
    expect(code.length).toBeGreaterThan(1);
    expect(code.join('')).toBe('HS-000000000000000000000000000000000001');
    expect(doc.wrap('', 100, 10)).toEqual(['']);
  });

  it('prints the board and a long dossier list on as many pages as they need', async () => {
    const nowMs = Date.parse('2026-11-28T08:03:00.000Z');
    const board = fixtureBoard('2026-11-28T08:00:00.000Z');
    const boardBytes = await boardPdf(font, { board, fetchedAt: '2026-11-28T08:00:00.000Z', fromCache: true, lastError: 'x' }, nowMs);
    expect(boardBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const ref = { scope: 'year', metric: 'overdue', agencyId: 'STP' } as const;
    const drill = { ...fixtureDrill(ref, '2026-11-28T08:00:00.000Z'), fetchedAt: '2026-11-28T08:00:00.000Z', fromCache: false };
    drill.dossiers = Array.from({ length: 120 }, (_, i) => dossier(`STP-${i}`));
    drill.total = 130;
    const listBytes = await dossierListPdf(font, drill, new Map([['STP', 'Sở Tư pháp']]), nowMs);
    const pages = Number(/\/Type \/Pages \/Kids \[[^\]]*\] \/Count (\d+)/.exec(listBytes.toString('latin1'))![1]);
    expect(pages).toBeGreaterThan(2);
  });

  it.skipIf(!hasPdftotext)('reads back as Vietnamese text (poppler)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-pdf-'));
    try {
      const nowMs = Date.parse('2026-11-28T08:03:00.000Z');
      const file = path.join(dir, 'board.pdf');
      writeFileSync(file, await boardPdf(font, { board: fixtureBoard('2026-11-28T08:00:00.000Z'), fetchedAt: '2026-11-28T08:00:00.000Z', fromCache: true, lastError: null }, nowMs));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const phrase of ['Bảng chỉ số giải quyết thủ tục hành chính', 'Sở Tài nguyên và Môi trường', 'Tỉ lệ đúng hạn', '1.532', 'Số liệu lưu trên máy trạm', 'Trang 1/']) expect(text).toContain(phrase);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('formats Vietnam time and ages for the documents', () => {
    expect(formatTimeVi('2026-11-28T17:30:00.000Z')).toBe('29/11/2026 00:30');
    expect(formatTimeVi(null)).toBe('—');
    expect(formatAgeVi(3 * 60_000 + 5_000)).toBe('3 phút');
    expect(formatAgeVi(26 * 3_600_000)).toBe('1 ngày 2 giờ');
    expect(formatAgeVi(10_000)).toBe('dưới 1 phút');
  });
});
