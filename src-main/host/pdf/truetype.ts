import { createHash } from 'node:crypto';

/**
 * Just enough of a TrueType (glyf-outline) font to set text in a PDF and embed the font:
 * the character → glyph map (cmap formats 4 and 12), advance widths, the metrics a PDF
 * font descriptor needs, and a subset that keeps only the glyphs a document uses.
 *
 * The subset keeps every glyph id where it was (unused glyphs become empty), so the PDF
 * can address glyphs by their ids (CIDToGIDMap /Identity) and composite glyphs (most
 * precomposed Vietnamese letters: a base letter plus marks) keep pointing at their parts.
 * No shaping: text is NFC-normalised first, so Vietnamese uses the precomposed letters.
 */

interface TableRecord {
  offset: number;
  length: number;
}

export interface FontMetrics {
  unitsPerEm: number;
  /** In font units. */
  ascent: number;
  descent: number;
  capHeight: number;
  bbox: [number, number, number, number];
  italicAngle: number;
  fixedPitch: boolean;
}

/** Every letter Vietnamese needs beyond ASCII; a font missing one of them is not used for PDFs. */
export const VIETNAMESE_PROBE = 'ĂÂĐÊÔƠƯăâđêôơưÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ';

const TAG_HEAD = 'head';

export class TrueTypeFont {
  readonly metrics: FontMetrics;
  readonly postScriptName: string;
  readonly numGlyphs: number;
  private readonly tables = new Map<string, TableRecord>();
  private readonly advances: Uint16Array;
  private readonly cmap = new Map<number, number>();
  private readonly loca: Uint32Array;

  constructor(readonly bytes: Buffer) {
    if (bytes.length < 12) throw new Error('not a TrueType font: too short');
    const version = bytes.readUInt32BE(0);
    if (version !== 0x00010000 && version !== 0x74727565 /* 'true' */) {
      throw new Error(version === 0x4f54544f ? 'CFF (OpenType/OTTO) fonts are not supported: use a TrueType (glyf) font' : 'not a TrueType font');
    }
    const numTables = bytes.readUInt16BE(4);
    for (let i = 0; i < numTables; i++) {
      const at = 12 + i * 16;
      const tag = bytes.toString('latin1', at, at + 4);
      const offset = bytes.readUInt32BE(at + 8);
      const length = bytes.readUInt32BE(at + 12);
      if (offset + length > bytes.length) throw new Error(`font table ${tag} runs past the end of the file`);
      this.tables.set(tag, { offset, length });
    }
    for (const tag of [TAG_HEAD, 'hhea', 'maxp', 'hmtx', 'cmap', 'loca', 'glyf']) {
      if (!this.tables.has(tag)) throw new Error(`font has no ${tag} table (only TrueType outlines are supported)`);
    }
    const head = this.table(TAG_HEAD);
    const hhea = this.table('hhea');
    const unitsPerEm = head.readUInt16BE(18);
    this.numGlyphs = this.table('maxp').readUInt16BE(4);
    const longLoca = head.readInt16BE(50) === 1;

    const os2 = this.tables.has('OS/2') ? this.table('OS/2') : null;
    const post = this.tables.has('post') ? this.table('post') : null;
    const ascent = hhea.readInt16BE(4);
    this.metrics = {
      unitsPerEm,
      ascent,
      descent: hhea.readInt16BE(6),
      capHeight: os2 && os2.readUInt16BE(0) >= 2 && os2.length >= 90 ? os2.readInt16BE(88) : Math.round(ascent * 0.7),
      bbox: [head.readInt16BE(36), head.readInt16BE(38), head.readInt16BE(40), head.readInt16BE(42)],
      italicAngle: post ? post.readInt32BE(4) / 65536 : 0,
      fixedPitch: post ? post.readUInt32BE(12) !== 0 : false,
    };

    const hmtx = this.table('hmtx');
    const numberOfHMetrics = Math.max(1, hhea.readUInt16BE(34));
    this.advances = new Uint16Array(this.numGlyphs);
    let last = 0;
    for (let g = 0; g < this.numGlyphs; g++) {
      if (g < numberOfHMetrics) last = hmtx.readUInt16BE(g * 4);
      this.advances[g] = last;
    }

    const locaTable = this.table('loca');
    this.loca = new Uint32Array(this.numGlyphs + 1);
    for (let g = 0; g <= this.numGlyphs; g++) {
      this.loca[g] = longLoca ? locaTable.readUInt32BE(g * 4) : locaTable.readUInt16BE(g * 2) * 2;
    }
    this.readCmap();
    this.postScriptName = this.readPostScriptName();
  }

  /** A table's bytes (a view into the file). */
  private table(tag: string): Buffer {
    const record = this.tables.get(tag);
    if (!record) throw new Error(`font has no ${tag} table`);
    return this.bytes.subarray(record.offset, record.offset + record.length);
  }

  private readCmap(): void {
    const cmap = this.table('cmap');
    const count = cmap.readUInt16BE(2);
    let best: { offset: number; rank: number } | null = null;
    for (let i = 0; i < count; i++) {
      const platform = cmap.readUInt16BE(4 + i * 8);
      const encoding = cmap.readUInt16BE(6 + i * 8);
      const offset = cmap.readUInt32BE(8 + i * 8);
      const format = cmap.readUInt16BE(offset);
      // Full Unicode (format 12) first, then the BMP (format 4) of a Unicode encoding.
      const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
      if (!unicode) continue;
      const rank = format === 12 ? 2 : format === 4 ? 1 : 0;
      if (rank > 0 && (!best || rank > best.rank)) best = { offset, rank };
    }
    if (!best) throw new Error('font has no Unicode cmap (format 4 or 12)');
    const at = best.offset;
    if (best.rank === 2) {
      const groups = cmap.readUInt32BE(at + 12);
      for (let i = 0; i < groups; i++) {
        const g = at + 16 + i * 12;
        const start = cmap.readUInt32BE(g);
        const end = cmap.readUInt32BE(g + 4);
        const glyph = cmap.readUInt32BE(g + 8);
        // Only the planes a document can use; a wild range in a broken font must not loop for ever.
        for (let c = start; c <= end && c <= 0x10ffff; c++) this.cmap.set(c, glyph + (c - start));
      }
      return;
    }
    const segCount = cmap.readUInt16BE(at + 6) / 2;
    const ends = at + 14;
    const starts = ends + segCount * 2 + 2;
    const deltas = starts + segCount * 2;
    const rangeOffsets = deltas + segCount * 2;
    for (let s = 0; s < segCount; s++) {
      const end = cmap.readUInt16BE(ends + s * 2);
      const start = cmap.readUInt16BE(starts + s * 2);
      const delta = cmap.readInt16BE(deltas + s * 2);
      const rangeOffsetAt = rangeOffsets + s * 2;
      const rangeOffset = cmap.readUInt16BE(rangeOffsetAt);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const glyphAt = rangeOffsetAt + rangeOffset + (c - start) * 2;
          if (glyphAt + 2 > cmap.length) continue;
          glyph = cmap.readUInt16BE(glyphAt);
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) this.cmap.set(c, glyph);
      }
    }
  }

  private readPostScriptName(): string {
    const fallback = 'EmbeddedFont';
    if (!this.tables.has('name')) return fallback;
    const name = this.table('name');
    const count = name.readUInt16BE(2);
    const strings = name.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const r = 6 + i * 12;
      const platform = name.readUInt16BE(r);
      const nameId = name.readUInt16BE(r + 6);
      if (nameId !== 6) continue;
      const length = name.readUInt16BE(r + 8);
      const offset = strings + name.readUInt16BE(r + 10);
      const raw = name.subarray(offset, offset + length);
      let text = '';
      if (platform === 3 || platform === 0) {
        for (let j = 0; j + 1 < raw.length; j += 2) text += String.fromCharCode(raw.readUInt16BE(j));
      } else {
        text = raw.toString('latin1');
      }
      const clean = text.replace(/[^A-Za-z0-9-]/g, '');
      if (clean) return clean.slice(0, 60);
    }
    return fallback;
  }

  /** The glyph of a code point; 0 (.notdef) when the font has none. */
  glyphOf(codePoint: number): number {
    return this.cmap.get(codePoint) ?? 0;
  }

  /** Advance width in font units. */
  advanceOf(glyph: number): number {
    return this.advances[glyph] ?? 0;
  }

  /** True when every character of `text` has a glyph. */
  covers(text: string): boolean {
    for (const ch of text) if (this.glyphOf(ch.codePointAt(0)!) === 0) return false;
    return true;
  }

  /** True when the glyph has an outline in this file (false for empty glyphs, e.g. the space, and for glyphs a subset dropped). */
  hasOutline(glyph: number): boolean {
    return this.glyphData(glyph).length > 0;
  }

  /** The glyphs a composite glyph is built from (none for a simple glyph). */
  partsOf(glyph: number): number[] {
    return this.componentsOf(glyph);
  }

  private glyphData(glyph: number): Buffer {
    const glyf = this.table('glyf');
    const from = this.loca[glyph] ?? 0;
    const to = this.loca[glyph + 1] ?? from;
    return to > from && to <= glyf.length ? glyf.subarray(from, to) : Buffer.alloc(0);
  }

  /** The glyphs a composite glyph is made of. */
  private componentsOf(glyph: number): number[] {
    const data = this.glyphData(glyph);
    if (data.length < 10 || data.readInt16BE(0) >= 0) return [];
    const parts: number[] = [];
    let at = 10;
    for (;;) {
      if (at + 4 > data.length) break;
      const flags = data.readUInt16BE(at);
      parts.push(data.readUInt16BE(at + 2));
      at += 4 + (flags & 0x0001 ? 4 : 2);
      if (flags & 0x0008) at += 2;
      else if (flags & 0x0040) at += 4;
      else if (flags & 0x0080) at += 8;
      if (!(flags & 0x0020)) break;
    }
    return parts;
  }

  /**
   * A TrueType font file holding only `glyphs` (and .notdef and the parts of composite
   * glyphs) at their original ids; the others are empty. Hinting tables are kept as they
   * are; the cmap maps just the characters drawn (`chars`: code point → glyph), which PDF
   * readers do not need (the PDF addresses glyphs by id) but some font tools expect.
   */
  subset(glyphs: Iterable<number>, chars: ReadonlyMap<number, number> = new Map()): Buffer {
    const keep = new Set<number>([0]);
    const queue = [...glyphs].filter((g) => g >= 0 && g < this.numGlyphs);
    while (queue.length > 0) {
      const g = queue.pop()!;
      if (keep.has(g) && g !== 0) continue;
      keep.add(g);
      for (const part of this.componentsOf(g)) if (part < this.numGlyphs && !keep.has(part)) queue.push(part);
    }

    const pieces: Buffer[] = [];
    const loca = Buffer.alloc((this.numGlyphs + 1) * 4);
    let offset = 0;
    for (let g = 0; g < this.numGlyphs; g++) {
      loca.writeUInt32BE(offset, g * 4);
      if (!keep.has(g)) continue;
      const data = this.glyphData(g);
      if (data.length === 0) continue;
      const padded = Buffer.alloc((data.length + 3) & ~3);
      data.copy(padded);
      pieces.push(padded);
      offset += padded.length;
    }
    loca.writeUInt32BE(offset, this.numGlyphs * 4);

    const head = Buffer.from(this.table(TAG_HEAD));
    head.writeUInt32BE(0, 8); // checkSumAdjustment, set below
    head.writeInt16BE(1, 50); // long loca
    const post = Buffer.alloc(32);
    this.table('post').copy(post, 0, 0, Math.min(32, this.table('post').length));
    post.writeUInt32BE(0x00030000, 0); // format 3: no glyph names

    const out = new Map<string, Buffer>([
      [TAG_HEAD, head],
      ['hhea', Buffer.from(this.table('hhea'))],
      ['maxp', Buffer.from(this.table('maxp'))],
      ['hmtx', Buffer.from(this.table('hmtx'))],
      ['loca', loca],
      ['glyf', Buffer.concat(pieces)],
      ['post', post],
      ['cmap', cmapFormat4(chars)],
    ]);
    for (const tag of ['cvt ', 'fpgm', 'prep', 'OS/2']) if (this.tables.has(tag)) out.set(tag, Buffer.from(this.table(tag)));
    return buildFontFile(out);
  }
}

/** A cmap with one format 4 subtable (Windows, Unicode BMP): one segment per character, then the 0xFFFF end. */
function cmapFormat4(chars: ReadonlyMap<number, number>): Buffer {
  const codes = [...chars.keys()].filter((c) => c > 0 && c < 0xffff).sort((a, b) => a - b);
  const segments = [...codes.map((c) => ({ code: c, delta: (chars.get(c)! - c) & 0xffff })), { code: 0xffff, delta: 1 }];
  const segCount = segments.length;
  const entrySelector = Math.floor(Math.log2(segCount));
  const searchRange = 2 * 2 ** entrySelector;
  const length = 16 + segCount * 8;
  const sub = Buffer.alloc(length);
  sub.writeUInt16BE(4, 0);
  sub.writeUInt16BE(length, 2);
  sub.writeUInt16BE(0, 4); // language
  sub.writeUInt16BE(segCount * 2, 6);
  sub.writeUInt16BE(searchRange, 8);
  sub.writeUInt16BE(entrySelector, 10);
  sub.writeUInt16BE(segCount * 2 - searchRange, 12);
  const ends = 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  segments.forEach((s, i) => {
    sub.writeUInt16BE(s.code, ends + i * 2);
    sub.writeUInt16BE(s.code, starts + i * 2);
    sub.writeUInt16BE(s.delta, deltas + i * 2);
    // idRangeOffset stays 0: glyph = code + delta
  });
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(1, 2);
  header.writeUInt16BE(3, 4); // Windows
  header.writeUInt16BE(1, 6); // Unicode BMP
  header.writeUInt32BE(12, 8);
  return Buffer.concat([header, sub]);
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 === 0 ? data : Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** An sfnt file from tables: directory sorted by tag, each table 4-byte aligned, checksums and head's adjustment set. */
function buildFontFile(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const numTables = tags.length;
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  let headOffset = -1;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const at = 12 + i * 16;
    header.write(tag, at, 4, 'latin1');
    header.writeUInt32BE(checksum(data), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(data.length, at + 12);
    if (tag === TAG_HEAD) headOffset = offset;
    const padded = Buffer.alloc((data.length + 3) & ~3);
    data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  const file = Buffer.concat([header, ...bodies]);
  if (headOffset >= 0) file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, headOffset + 8);
  return file;
}

/** Six capital letters naming a subset (PDF: `ABCDEF+FontName`), from what it holds. */
export function subsetTag(glyphs: Iterable<number>): string {
  const digest = createHash('sha256').update([...glyphs].sort((a, b) => a - b).join(',')).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (digest[i]! % 26));
  return tag;
}
