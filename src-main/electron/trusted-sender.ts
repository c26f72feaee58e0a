/**
 * Whether an IPC message comes from our own renderer page. Electron-free so it can be
 * unit-tested: ipc-handlers.ts feeds it the sending frame's URL.
 *
 * Only the renderer's own index.html (any query or hash: they carry surface and window)
 * is trusted. Anything else a window might end up showing — another file, an http page,
 * about:blank, a data: or devtools URL — gets `forbidden`.
 */
export function isTrustedSender(url: string | null | undefined, expectedRendererUrl: string): boolean {
  if (!url) return false;
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(url);
    expected = new URL(expectedRendererUrl);
  } catch {
    return false;
  }
  return (
    actual.protocol === expected.protocol &&
    actual.host === expected.host &&
    actual.username === '' &&
    actual.password === '' &&
    actual.pathname === expected.pathname
  );
}
