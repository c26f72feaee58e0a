import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { RegionSchema, type Region } from '../../../src-shared/model/map.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { fileOpenFailure } from './file-signature.js';

/**
 * The region (boundary, units, roads, waterways) is configuration: a GeoJSON file the
 * deployment supplies. The host reads and validates it and hands the map the parsed
 * object, so a bad file is reported once, here, with the place inside it that is wrong.
 */

/** The demo region, relative to the repository (or packaged app) root. */
export const DEFAULT_REGION_RELATIVE_PATH = 'assets/region/hau-giang-approx.geojson';

/**
 * The demo region when the host runs from the source tree (tsx, tests, kiosk). A bundled
 * Electron main lives elsewhere and passes the file under its app path instead.
 */
export const DEFAULT_REGION_FILE = fileURLToPath(new URL(`../../../${DEFAULT_REGION_RELATIVE_PATH}`, import.meta.url));

/**
 * A region is read whole and sent to every map window in one bridge frame; a province's
 * outline with its units, roads and rivers is a few MB, so 20 MB leaves room without
 * letting a mistaken file (a whole country's OSM extract) stall the host.
 */
export const REGION_FILE_MAX_BYTES = 20 * 1024 * 1024;

export interface RegionIssue {
  path: string;
  message: string;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

/** Validates already-parsed GeoJSON; `source` names where it came from in error messages. */
export function parseRegion(json: unknown, source: string): Result<Region> {
  const parsed = RegionSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issues: RegionIssue[] = parsed.error.issues.slice(0, 20).map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  const summary = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ');
  const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
  return fail('bad-request', `Invalid region file ${source}: ${summary}${more}`, { file: source, issues });
}

export async function loadRegionFile(file: string, options: { maxBytes?: number } = {}): Promise<Result<Region>> {
  const maxBytes = options.maxBytes ?? REGION_FILE_MAX_BYTES;
  let bytes: Buffer;
  try {
    // Size first: a mistaken multi-GB file is refused without being read.
    const info = await stat(file);
    if (!info.isFile()) return fail('bad-request', `Region file ${file} is not a regular file`, { file });
    if (info.size > maxBytes) {
      return fail('payload-too-large', `Region file ${file} is ${info.size} bytes; at most ${maxBytes} are accepted`, { file, size: info.size, maxBytes });
    }
    bytes = await readFile(file);
  } catch (error) {
    const failure = fileOpenFailure(file, error);
    return failure.code === 'not-found' ? fail('not-found', `Region file ${file} does not exist`, { file }) : failure;
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail('bad-request', `Region file ${file} is not valid JSON: ${(error as Error).message}`, { file });
  }
  return parseRegion(json, file);
}
