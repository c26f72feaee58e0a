import path from 'node:path';
import { resolveWorkstationProfile } from '../host/profile-loader.js';
import { KIOSK_USAGE, parseKioskArgs } from './kiosk-args.js';
import { startKiosk } from './start-kiosk.js';

/** CLI of the kiosk shell (`npm run kiosk -- …`): prints the window URLs, stops on Ctrl-C. */
async function main(): Promise<number> {
  const args = parseKioskArgs(process.argv.slice(2));
  if (!args.ok) {
    console.error(args.message === KIOSK_USAGE ? KIOSK_USAGE : `kiosk: ${args.message}`);
    return 2;
  }
  const { server, data, profile: profileFile, port, headless, fullscreen } = args.value;
  const resolved = await resolveWorkstationProfile({
    argument: profileFile,
    environment: process.env.VIGIL_PROFILE,
    defaults: server ? { serverUrl: server } : undefined,
  });
  if (!resolved.ok) {
    console.error(`kiosk: ${resolved.message}`);
    return 2;
  }
  const kiosk = await startKiosk({
    profile: resolved.value.profile,
    profileFile: resolved.value.from,
    dataDir: path.resolve(data),
    serverUrl: server,
    port,
    headless,
    fullscreen,
  });
  console.log(`[kiosk] workstation ${resolved.value.profile.workstationId} (profile: ${resolved.value.from})`);
  console.log(`[kiosk] serving on ${kiosk.origin}; sync server ${server ?? resolved.value.profile.serverUrl}`);
  for (const window of kiosk.windows) console.log(`[kiosk] ${window.surface.padEnd(10)} ${kiosk.url(window.surface, window.key, window.wallId)}`);
  if (headless) console.log('[kiosk] --headless: no windows opened; open the URLs above in Chromium or Chrome');

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      console.log(`[kiosk] ${signal}: closing`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await kiosk.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`kiosk: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
