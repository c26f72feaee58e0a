/**
 * The renderer's one Content-Security-Policy: Vite writes it into index.html's meta
 * tag, Electron adds it to responses, the kiosk server sends it with every file, so
 * the policies cannot drift apart.
 *
 * Scripts only from the app itself, never inline or eval. Video and snapshots come
 * straight from cameras and stream gateways whose addresses the server hands out at
 * run time, hence http:/https: for media, images and fetches (hls.js loads playlists
 * and segments with fetch/XHR and plays them through blob: MediaSource URLs).
 */
export interface CspOptions {
  /** The kiosk bridge's WebSocket origin, e.g. ws://127.0.0.1:5173; Electron has none. */
  bridgeOrigin?: string | undefined;
  /** For a <meta> tag, which ignores frame-ancestors (browsers warn about it there). */
  forMeta?: boolean | undefined;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", 'http:', 'https:'];
  if (options.bridgeOrigin) connect.push(options.bridgeOrigin);
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:', 'http:', 'https:']],
    ['media-src', ["'self'", 'blob:', 'http:', 'https:']],
    ['connect-src', connect],
    ['worker-src', ["'self'", 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives
    .filter(([name]) => !(options.forMeta && name === 'frame-ancestors'))
    .map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}
