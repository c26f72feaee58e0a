// CLI: npm run server -- --port <p> --data <dir> [--host <h>] [--demo] [--demo-interval <ms>] [--log-retain <n>]
import { parseArgs } from 'node:util';
import { startServer } from './app.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/demo-seed.js';

const USAGE = `Usage: npm run server -- [--port 8787] [--host 127.0.0.1] [--data .vigil/server] [--demo] [--demo-interval 5000] [--log-retain 1000000]`;

function toInt(name: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got "${value}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      demo: { type: 'boolean', default: false },
      'demo-interval': { type: 'string' },
      'log-retain': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const logRetain = toInt('log-retain', values['log-retain'], undefined);
  const server = await startServer({
    dataDir: values.data ?? '.vigil/server',
    host: values.host ?? '127.0.0.1',
    port: toInt('port', values.port, 8787),
    demo: values.demo,
    demoIntervalMs: toInt('demo-interval', values['demo-interval'], 5000),
    ...(logRetain === undefined ? {} : { logRetain: Math.max(1, logRetain) }),
  });
  console.log(`[vigil] sync server listening on ${server.url} (socket.io path /sync, data ${values.data ?? '.vigil/server'})`);
  if (values.demo) {
    console.log(`[vigil] demo mode: raising alerts every ${values['demo-interval'] ?? 5000} ms`);
    console.log(`[vigil] demo logins (password "${DEMO_PASSWORD}"):`);
    for (const user of DEMO_USERS) console.log(`  ${user.username.padEnd(9)} ${user.role.padEnd(10)} ${user.displayName}`);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[vigil] ${signal}: closing`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[vigil] close failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('[vigil] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
