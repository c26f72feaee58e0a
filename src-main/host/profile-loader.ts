import { readFile } from 'node:fs/promises';
import { fail, ok, type Result } from '../../src-shared/result.js';
import {
  WorkstationProfileSchema,
  type WorkstationProfile,
  type WorkstationProfileInput,
} from '../../src-shared/workstation-profile.js';

/**
 * Reads the workstation profile an installer wrote. Mistakes in it are the most likely
 * reason a control room starts with a blank monitor, so every error names the file,
 * the place inside it and what is wrong.
 */

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4600';

export interface ProfileIssue {
  path: string;
  message: string;
}

/** One display showing the operator console: what a workstation without a profile gets. */
export function defaultWorkstationProfile(overrides: Partial<WorkstationProfileInput> = {}): WorkstationProfile {
  const input: WorkstationProfileInput = {
    workstationId: 'workstation-1',
    name: 'Workstation',
    serverUrl: DEFAULT_SERVER_URL,
    displays: [{ match: { primary: true }, surface: 'console', priority: 0, fullscreen: false }],
    ...overrides,
  };
  return WorkstationProfileSchema.parse(input);
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** Validates already-parsed JSON; `source` names where it came from in error messages. */
export function parseWorkstationProfile(json: unknown, source: string): Result<WorkstationProfile> {
  const parsed = WorkstationProfileSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issues: ProfileIssue[] = parsed.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return fail('bad-request', `Invalid workstation profile ${source}: ${summary}`, { file: source, issues });
}

export async function loadWorkstationProfile(file: string): Promise<Result<WorkstationProfile>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('not-found', `Workstation profile ${file} does not exist`, { file });
    return fail('unavailable', `Cannot read workstation profile ${file}: ${(error as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail('bad-request', `Workstation profile ${file} is not valid JSON: ${(error as Error).message}`, {
      file,
      issues: [{ path: '(root)', message: (error as Error).message }],
    });
  }
  return parseWorkstationProfile(json, file);
}

export interface ProfileSource {
  /** `--profile <file>` on the command line. */
  argument?: string | undefined;
  /** `VIGIL_PROFILE` from the environment. */
  environment?: string | undefined;
  /** A per-installation file (e.g. userData/profile.json) used when present. */
  fallbackFile?: string | undefined;
  /** Overrides for the built-in default (e.g. the server URL given on the command line). */
  defaults?: Partial<WorkstationProfileInput> | undefined;
}

/**
 * The profile from the first source that names one; the built-in default when none does.
 * A named file that is missing is an error: silently falling back would put the wrong
 * surface on a wall. Only the optional per-installation file may be absent.
 */
export async function resolveWorkstationProfile(
  source: ProfileSource,
): Promise<Result<{ profile: WorkstationProfile; from: string }>> {
  const named = source.argument ?? source.environment;
  if (named) {
    const loaded = await loadWorkstationProfile(named);
    return loaded.ok ? ok({ profile: loaded.value, from: named }) : loaded;
  }
  if (source.fallbackFile) {
    const loaded = await loadWorkstationProfile(source.fallbackFile);
    if (loaded.ok) return ok({ profile: loaded.value, from: source.fallbackFile });
    if (loaded.code !== 'not-found') return loaded;
  }
  return ok({ profile: defaultWorkstationProfile(source.defaults), from: 'built-in default' });
}
