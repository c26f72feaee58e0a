import { deflateSync } from 'node:zlib';
import { subsetTag, type TrueTypeFont } from './truetype.js';

/**
 * A small PDF 1.7 writer for reports: A4 pages, text in one embedded TrueType font
 * (Type0 / CIDFontType2, Identity-H, subset, with a ToUnicode map so the text can be
 * searched and copied), filled rectangles and lines. Everything is measured with the
 * font's own advance widths, so tables can wrap and paginate.
 *
 * Coordinates are PDF points from the bottom-left corner (`y` grows upwards).
 */

export type Rgb = readonly [number, number, number];

export const A4_PORTRAIT = { width: 595.28, height: 841.89 } as const;
export const A4_LANDSCAPE = { width: 841.89, height: 595.28 } as const;

/** Replaces characters nothing can draw (controls, lone surrogates); NFC so Vietnamese uses precomposed letters. */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/[\ud800-\udfff]/g, '\ufffd');
}

const num = (n: number): string => (Math.round(n * 100) / 100).toString();
const colour = (c: Rgb): string => c.map((v) => num(v / 255)).join(' ');

/** A PDF text string for the Info dictionary: UTF-16BE with its BOM, in hex. */
function infoString(text: string): string {
  let hex = 'FEFF';
  for (const unit of cleanText(text)) {
    for (let i = 0; i < unit.length; i++) hex += unit.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  }
  return `<${hex}>`;
}

class PageCanvas {
  readonly ops: string[] = [];
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
}

export class PdfDocument {
  private readonly pages: PageCanvas[] = [];
  /** Glyph id → the text it stands for (for ToUnicode). */
  private readonly used = new Map<number, string>();
  private readonly fallbackGlyph: number;

  constructor(
    private readonly font: TrueTypeFont,
    private readonly info: { title: string; subject?: string; author?: string; createdAt?: Date } = { title: '' },
  ) {
    this.fallbackGlyph = font.glyphOf(0x3f); // '?'
  }

  addPage(size: { width: number; height: number } = A4_PORTRAIT): number {
    this.pages.push(new PageCanvas(size.width, size.height));
    return this.pages.length - 1;
  }

  get pageCount(): number {
    return this.pages.length;
  }

  private page(index: number): PageCanvas {
    const page = this.pages[index];
    if (!page) throw new Error(`no page ${index}`);
    return page;
  }

  /** Glyph ids of `text` (after cleanText); characters the font lacks become '?'. */
  private glyphs(text: string): { glyph: number; char: string }[] {
    const out: { glyph: number; char: string }[] = [];
    for (const char of cleanText(text)) {
      let glyph = this.font.glyphOf(char.codePointAt(0)!);
      let shown = char;
      if (glyph === 0 && char !== ' ') {
        glyph = this.fallbackGlyph;
        shown = '?';
      }
      out.push({ glyph, char: shown });
    }
    return out;
  }

  /** Width of `text` at `size` points. */
  measure(text: string, size: number): number {
    let units = 0;
    for (const { glyph } of this.glyphs(text)) units += this.font.advanceOf(glyph);
    return (units * size) / this.font.metrics.unitsPerEm;
  }

  /** Lines of at most `width` points: breaks at spaces, and inside a word only when the word alone is too wide. */
  wrap(text: string, width: number, size: number): string[] {
    const lines: string[] = [];
    const space = this.measure(' ', size);
    // cleanText turns line breaks into spaces: a cell is one paragraph. Each word is measured once.
    let line = '';
    let lineWidth = 0;
    for (const word of cleanText(text).split(/ +/).filter(Boolean)) {
      const wordWidth = this.measure(word, size);
      const candidate = line ? lineWidth + space + wordWidth : wordWidth;
      if (candidate <= width) {
        line = line ? `${line} ${word}` : word;
        lineWidth = candidate;
        continue;
      }
      if (line) lines.push(line);
      // A word wider than the column (a long code): cut it where it stops fitting.
      let rest = word;
      let restWidth = wordWidth;
      while (restWidth > width && rest.length > 1) {
        const chars = [...rest];
        let cut = 1;
        let cutWidth = this.measure(chars[0]!, size);
        while (cut < chars.length) {
          const next = cutWidth + this.measure(chars[cut]!, size);
          if (next > width) break;
          cutWidth = next;
          cut++;
        }
        lines.push(chars.slice(0, cut).join(''));
        rest = chars.slice(cut).join('');
        restWidth = this.measure(rest, size);
      }
      line = rest;
      lineWidth = restWidth;
    }
    lines.push(line);
    return lines.length > 0 ? lines : [''];
  }

  /** Text with its baseline at `y`; `align` right/center measures it first. `bold` strokes the outline a little. */
  text(pageIndex: number, text: string, x: number, y: number, size: number, options: { colour?: Rgb; bold?: boolean; align?: 'left' | 'right' | 'center' } = {}): void {
    const glyphs = this.glyphs(text);
    if (glyphs.length === 0) return;
    let hex = '';
    for (const { glyph, char } of glyphs) {
      if (!this.used.has(glyph)) this.used.set(glyph, char);
      hex += glyph.toString(16).padStart(4, '0');
    }
    const width = options.align && options.align !== 'left' ? this.measure(text, size) : 0;
    const left = options.align === 'right' ? x - width : options.align === 'center' ? x - width / 2 : x;
    const fill = colour(options.colour ?? [0, 0, 0]);
    const bold = options.bold ? `2 Tr ${num(size * 0.03)} w ${fill} RG ` : '0 Tr ';
    this.page(pageIndex).ops.push(`BT /F1 ${num(size)} Tf ${bold}${fill} rg ${num(left)} ${num(y)} Td <${hex}> Tj ET`);
  }

  rect(pageIndex: number, x: number, y: number, width: number, height: number, fill: Rgb): void {
    this.page(pageIndex).ops.push(`${colour(fill)} rg ${num(x)} ${num(y)} ${num(width)} ${num(height)} re f`);
  }

  line(pageIndex: number, x1: number, y1: number, x2: number, y2: number, stroke: Rgb, width = 0.5): void {
    this.page(pageIndex).ops.push(`${colour(stroke)} RG ${num(width)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
  }

  /** Font ascent at `size` (points above the baseline). */
  ascent(size: number): number {
    return (this.font.metrics.ascent * size) / this.font.metrics.unitsPerEm;
  }

  /** The finished file. */
  toBytes(): Buffer {
    if (this.pages.length === 0) this.addPage();
    const objects: Buffer[] = [];
    const reserve = (): number => {
      objects.push(Buffer.alloc(0));
      return objects.length;
    };
    const set = (id: number, body: string | Buffer): void => {
      objects[id - 1] = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
    };
    const stream = (dict: string, data: Buffer): Buffer => {
      const packed = deflateSync(data);
      return Buffer.concat([Buffer.from(`<< ${dict} /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, 'latin1'), packed, Buffer.from('\nendstream', 'latin1')]);
    };

    const catalogId = reserve();
    const pagesId = reserve();
    const infoId = reserve();
    const fontId = reserve();
    const cidFontId = reserve();
    const descriptorId = reserve();
    const fontFileId = reserve();
    const toUnicodeId = reserve();

    const glyphIds = [...this.used.keys()].sort((a, b) => a - b);
    const fontName = `${subsetTag(glyphIds)}+${this.font.postScriptName}`;
    const m = this.font.metrics;
    const scale = (v: number): number => Math.round((v * 1000) / m.unitsPerEm);
    const chars = new Map<number, number>();
    for (const [glyph, text] of this.used) if ([...text].length === 1) chars.set(text.codePointAt(0)!, glyph);
    const subset = this.font.subset(glyphIds, chars);
    set(fontFileId, stream(`/Length1 ${subset.length}`, subset));
    // Flags: symbolic (4), since the glyphs are addressed by id and not by a standard encoding; fixed pitch (1) when it is.
    const flags = 4 | (m.fixedPitch ? 1 : 0);
    set(
      descriptorId,
      `<< /Type /FontDescriptor /FontName /${fontName} /Flags ${flags} /FontBBox [${m.bbox.map(scale).join(' ')}] /ItalicAngle ${num(m.italicAngle)} /Ascent ${scale(m.ascent)} /Descent ${scale(m.descent)} /CapHeight ${scale(m.capHeight)} /StemV 80 /FontFile2 ${fontFileId} 0 R >>`,
    );
    const widths = glyphIds.map((g) => `${g} [${scale(this.font.advanceOf(g))}]`).join(' ');
    set(
      cidFontId,
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${fontName} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptorId} 0 R /DW ${scale(this.font.advanceOf(0))} /W [${widths}] /CIDToGIDMap /Identity >>`,
    );
    set(toUnicodeId, stream('', Buffer.from(toUnicodeCMap(this.used), 'latin1')));
    set(fontId, `<< /Type /Font /Subtype /Type0 /BaseFont /${fontName} /Encoding /Identity-H /DescendantFonts [${cidFontId} 0 R] /ToUnicode ${toUnicodeId} 0 R >>`);

    const pageIds: number[] = [];
    for (const page of this.pages) {
      const pageId = reserve();
      const contentId = reserve();
      pageIds.push(pageId);
      set(contentId, stream('', Buffer.from(page.ops.join('\n'), 'latin1')));
      set(
        pageId,
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] /Resources << /Font << /F1 ${fontId} 0 R >> >> /Contents ${contentId} 0 R >>`,
      );
    }
    set(pagesId, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`);
    set(catalogId, `<< /Type /Catalog /Pages ${pagesId} 0 R >>`);
    const created = this.info.createdAt ?? new Date();
    const stamp = created.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    set(
      infoId,
      `<< /Title ${infoString(this.info.title)}${this.info.subject ? ` /Subject ${infoString(this.info.subject)}` : ''} /Author ${infoString(this.info.author ?? 'Vigil')} /Producer (Vigil) /CreationDate (D:${stamp}Z) >>`,
    );

    const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let offset = chunks[0]!.length;
    const offsets: number[] = [];
    objects.forEach((body, i) => {
      offsets.push(offset);
      const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
      chunks.push(chunk);
      offset += chunk.length;
    });
    const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
    const id = subsetTag([offset, objects.length, ...glyphIds]).repeat(2).slice(0, 12);
    const idHex = Buffer.from(id, 'latin1').toString('hex');
    chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalogId} 0 R /Info ${infoId} 0 R /ID [<${idHex}> <${idHex}>] >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
    return Buffer.concat(chunks);
  }
}

/** The ToUnicode CMap: each glyph id used → the text it was drawn for (UTF-16BE). */
function toUnicodeCMap(used: ReadonlyMap<number, string>): string {
  const entries = [...used.entries()].sort((a, b) => a[0] - b[0]);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    const lines = block.map(([glyph, text]) => {
      let hex = '';
      for (let j = 0; j < text.length; j++) hex += text.charCodeAt(j).toString(16).padStart(4, '0');
      return `<${glyph.toString(16).padStart(4, '0')}> <${hex}>`;
    });
    blocks.push(`${block.length} beginbfchar\n${lines.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}
