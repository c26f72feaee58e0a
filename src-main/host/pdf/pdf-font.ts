import { readFile } from 'node:fs/promises';
import { TrueTypeFont, VIETNAMESE_PROBE } from './truetype.js';

/**
 * Where the host looks for the font its PDFs embed, first usable wins: one that is a
 * TrueType (glyf) font and has every Vietnamese letter. DejaVu Sans comes with Debian's
 * fonts-dejavu-core (installed wherever Chromium is); Arial covers Vietnamese on Windows
 * and macOS. A deployment may name its own with VIGIL_PDF_FONT or the host option.
 */
export const DEFAULT_PDF_FONT_FILES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/local/share/fonts/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  '/Library/Fonts/Arial.ttf',
];

export function pdfFontCandidates(configured: readonly string[] | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.VIGIL_PDF_FONT?.trim();
  return [...(fromEnv ? [fromEnv] : []), ...(configured ?? DEFAULT_PDF_FONT_FILES)];
}

export interface LoadedPdfFont {
  font: TrueTypeFont;
  file: string;
}

/** The first candidate that loads and covers Vietnamese; the reasons of the others when none does. */
export async function loadPdfFont(candidates: readonly string[]): Promise<LoadedPdfFont | { error: string }> {
  const reasons: string[] = [];
  for (const file of candidates) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      continue; // not on this machine: the usual case for most candidates
    }
    try {
      const font = new TrueTypeFont(bytes);
      if (!font.covers(VIETNAMESE_PROBE)) {
        reasons.push(`${file}: lacks Vietnamese letters`);
        continue;
      }
      return { font, file };
    } catch (error) {
      reasons.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const tried = reasons.length > 0 ? ` (${reasons.join('; ')})` : '';
  return {
    error: `No font for PDF export: none of ${candidates.length} font files is a TrueType font with Vietnamese letters${tried}. Install fonts-dejavu-core or set VIGIL_PDF_FONT.`,
  };
}
