import { SURFACES, type Surface } from '../../src-shared/desktop-api.js';

export interface LaunchParams {
  token: string | null;
  surface: Surface;
  windowKey: string | null;
  /** The surface named in the URL was not one we know (shown honestly rather than silently replaced). */
  unknownSurface: string | null;
  /**
   * For a wall window: which of the workstation's wall monitors it is (`wall=<displayId>`).
   * Null means the first one `wall.displays()` lists, which is right for a one-monitor wall.
   */
  wallDisplayId: string | null;
}

const STORAGE_KEYS = { token: 'vigil.kiosk.token', surface: 'vigil.surface', windowKey: 'vigil.window', wall: 'vigil.wall' } as const;

/** The shape of DisplayIdSchema; anything else in the address is ignored rather than sent to the host. */
const DISPLAY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function isSurface(value: string | null): value is Surface {
  return value !== null && (SURFACES as readonly string[]).includes(value);
}

/**
 * Reads what the shell put in the address: `#token=<hex>&surface=console&window=<key>&wall=<displayId>`
 * (the fragment never reaches an HTTP server) or `?surface=` for a plain link. What
 * the fragment lacks comes from sessionStorage, so a reload after the token was
 * stripped from the address bar still works.
 */
export function parseLaunchParams(hash: string, search: string, stored?: KeyValueStorage | null): LaunchParams {
  const fragment = new URLSearchParams(hash.replace(/^#/, ''));
  const query = new URLSearchParams(search.replace(/^\?/, ''));
  const token = fragment.get('token') || stored?.getItem(STORAGE_KEYS.token) || null;
  const surfaceText = fragment.get('surface') ?? query.get('surface') ?? stored?.getItem(STORAGE_KEYS.surface) ?? null;
  const windowKey = fragment.get('window') ?? query.get('window') ?? stored?.getItem(STORAGE_KEYS.windowKey) ?? null;
  const wallText = fragment.get('wall') ?? query.get('wall') ?? stored?.getItem(STORAGE_KEYS.wall) ?? null;
  const surface = isSurface(surfaceText) ? surfaceText : 'console';
  return {
    token: token && /^[A-Za-z0-9_-]{8,256}$/.test(token) ? token : null,
    surface,
    windowKey,
    unknownSurface: surfaceText !== null && !isSurface(surfaceText) ? surfaceText : null,
    wallDisplayId: wallText !== null && DISPLAY_ID.test(wallText) ? wallText : null,
  };
}

export function rememberLaunchParams(params: LaunchParams, storage: KeyValueStorage | null): void {
  if (!storage) return;
  try {
    if (params.token) storage.setItem(STORAGE_KEYS.token, params.token);
    storage.setItem(STORAGE_KEYS.surface, params.surface);
    if (params.windowKey) storage.setItem(STORAGE_KEYS.windowKey, params.windowKey);
    if (params.wallDisplayId) storage.setItem(STORAGE_KEYS.wall, params.wallDisplayId);
  } catch {
    // Storage can be disabled; the window still works until the next reload.
  }
}

/** The fragment without the token, so the token does not linger in the address bar or history. */
export function fragmentWithoutToken(hash: string): string {
  const fragment = new URLSearchParams(hash.replace(/^#/, ''));
  fragment.delete('token');
  const rest = fragment.toString();
  return rest ? `#${rest}` : '';
}
