/**
 * `npm run kiosk -- --server <url> --data <dir> [--profile file] [--port p] [--headless] [--fullscreen]`
 */
export interface KioskArgs {
  server?: string | undefined;
  data: string;
  profile?: string | undefined;
  port?: number | undefined;
  headless: boolean;
  fullscreen: boolean;
}

export const KIOSK_USAGE =
  'usage: npm run kiosk -- --server <url> --data <dir> [--profile <file>] [--port <port>] [--headless] [--fullscreen]';

export function parseKioskArgs(argv: readonly string[]): { ok: true; value: KioskArgs } | { ok: false; message: string } {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) return { ok: false, message: `unexpected argument ${arg}` };
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === 'headless' || name === 'fullscreen' || name === 'help') {
      flags.add(name);
      continue;
    }
    if (!['server', 'data', 'profile', 'port'].includes(name)) return { ok: false, message: `unknown option --${name}` };
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) return { ok: false, message: `--${name} needs a value` };
    values.set(name, value);
  }
  if (flags.has('help')) return { ok: false, message: KIOSK_USAGE };
  const server = values.get('server');
  if (server !== undefined) {
    try {
      const url = new URL(server);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    } catch {
      return { ok: false, message: `--server must be an http(s) URL, got ${server}` };
    }
  }
  const data = values.get('data');
  if (!data) return { ok: false, message: `--data <dir> is required\n${KIOSK_USAGE}` };
  const portText = values.get('port');
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, message: `--port must be 0-65535, got ${portText}` };
  }
  return {
    ok: true,
    value: { server, data, profile: values.get('profile'), port, headless: flags.has('headless'), fullscreen: flags.has('fullscreen') },
  };
}
