import { open } from 'node:fs/promises';
import { fail, ok, type Failure, type Result } from '../../../src-shared/result.js';

/**
 * What a file on the workstation is, by its first bytes, so that a wrong file given
 * as a basemap is named for what it is ("a PNG image") instead of failing deep inside
 * a reader with a message nobody at a control-room desk can act on.
 */
export type FileSignature = 'sqlite' | 'pmtiles' | 'png' | 'jpeg' | 'webp' | 'gzip' | 'zip' | 'json' | 'text' | 'empty' | 'unknown';

export interface FileHead {
  /** Up to the number of bytes asked for (fewer for a short file). */
  head: Buffer;
  size: number;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const PMTILES_MAGIC = Buffer.from('PMTiles', 'latin1');

export function fileSignature(head: Buffer): FileSignature {
  if (head.length === 0) return 'empty';
  if (head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return 'sqlite';
  if (head.subarray(0, PMTILES_MAGIC.length).equals(PMTILES_MAGIC)) return 'pmtiles';
  if (head.length >= 8 && head.readUInt32BE(0) === 0x89504e47 && head.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (isGzip(head)) return 'gzip';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'zip';
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  // Printable text (and common whitespace) only: a note, a CSV, a style file.
  if ([...head].every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127))) return 'text';
  return 'unknown';
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** How a signature reads in an error message: "… is a PNG image, not …". */
export function describeSignature(signature: FileSignature): string {
  switch (signature) {
    case 'sqlite': return 'an SQLite database';
    case 'pmtiles': return 'a PMTiles archive';
    case 'png': return 'a PNG image';
    case 'jpeg': return 'a JPEG image';
    case 'webp': return 'a WebP image';
    case 'gzip': return 'a gzip-compressed file';
    case 'zip': return 'a ZIP archive';
    case 'json': return 'a JSON file';
    case 'text': return 'a text file';
    case 'empty': return 'an empty file';
    case 'unknown': return 'a file of unknown type';
  }
}

/** Reads the first `bytes` of a regular file; a missing file, a folder or an unreadable file is a Failure. */
export async function readFileHead(file: string, bytes: number): Promise<Result<FileHead>> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return fileOpenFailure(file, error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return fail('bad-request', `${file} is not a regular file`, { file });
    const head = Buffer.alloc(Math.min(bytes, stat.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return ok({ head: head.subarray(0, bytesRead), size: stat.size });
  } catch (error) {
    return fileOpenFailure(file, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The Failure for an error thrown while opening or reading `file`. */
export function fileOpenFailure(file: string, error: unknown): Failure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return fail('not-found', `${file} does not exist`, { file });
  if (code === 'EISDIR') return fail('bad-request', `${file} is a folder, not a file`, { file });
  if (code === 'EACCES' || code === 'EPERM') return fail('unavailable', `No permission to read ${file}`, { file });
  return fail('unavailable', `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { file });
}
