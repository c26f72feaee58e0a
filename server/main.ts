// CLI: npm run server -- --port <p> --data <dir> [--host <h>] [--demo] [--demo-interval <ms>] [--demo-cameras <n>]
//      [--demo-cameras-mode live|replay] [--camera-health-interval <ms>] [--log-retain <n>]
//      [--report-sla-hours <code=hours,…>] [--report-sla-interval <ms>]
//      [--portal-config <file>] [--demo-portal on|off] [--portal-at-risk-hours <h>] [--portal-warning-interval <ms>] [--digest-config <file>]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from './app.js';
import { DEFAULT_DEMO_CAMERA_COUNT, startDemoCameras, type DemoCameras } from './demo/demo-cameras.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/demo-seed.js';
import { checkDigestOptions, type DigestOptions } from './portal/digest-service.js';
import { loadPortalConfigFile, type PortalConfig } from './portal/portal-ingestion.js';
import { DEFAULT_SLA_INTERVAL_MS, parseReportSlaHours } from './reports/sla-checker.js';

const USAGE = `Usage: npm run server -- [--port 8787] [--host 127.0.0.1] [--data .vigil/server] [--demo] [--demo-interval 5000] [--demo-report-interval 20000]
       [--demo-cameras ${DEFAULT_DEMO_CAMERA_COUNT}] [--demo-cameras-mode live|replay] [--demo-main-stream auto|on|off]
       [--camera-health-interval 5000] [--log-retain 1000000]
       [--report-sla-hours giao-thong=48,khac=240] [--report-sla-interval ${DEFAULT_SLA_INTERVAL_MS}]
  --report-sla-hours     the centre's SLA per service code in hours (fractions allowed), overriding the
                         catalogue's; a report is due at receipt + this (codes: GET /open311/v2/services.json)
  --report-sla-interval  how often (ms) open reports are checked for SLA warnings and overdue alerts
       [--portal-config portal.json] [--demo-portal on|off] [--portal-at-risk-hours 24]
       [--portal-warning-interval 60000] [--digest-config digest.json]
  --portal-config        the public-service portal's connectors, field mappings and agency names (JSON,
                         see server/portal/README.md); checked at start, a bad file stops the server
  --demo-portal          with --demo, also start the demo portal and read it (default on)
  --portal-at-risk-hours working hours before its due time from which an open dossier is at risk (alert)
  --portal-warning-interval how often (ms) dossiers are checked for at-risk and overdue alerts
  --digest-config        the daily digest per agency: {"dailyAt":"07:00","webhook":{"url":…},"smtp":{…}}`;

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
      'demo-report-interval': { type: 'string' },
      'demo-cameras': { type: 'string' },
      'demo-cameras-mode': { type: 'string' },
      'demo-main-stream': { type: 'string' },
      'camera-health-interval': { type: 'string' },
      'log-retain': { type: 'string' },
      'report-sla-hours': { type: 'string' },
      'report-sla-interval': { type: 'string' },
      'portal-config': { type: 'string' },
      'demo-portal': { type: 'string' },
      'portal-at-risk-hours': { type: 'string' },
      'portal-warning-interval': { type: 'string' },
      'digest-config': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const logRetain = toInt('log-retain', values['log-retain'], undefined);
  const cameraCount = toInt('demo-cameras', values['demo-cameras'], DEFAULT_DEMO_CAMERA_COUNT)!;
  const cameraMode = values['demo-cameras-mode'] ?? 'live';
  if (cameraMode !== 'live' && cameraMode !== 'replay') {
    console.error(`--demo-cameras-mode must be live or replay, got "${cameraMode}"\n${USAGE}`);
    process.exit(2);
  }
  const mainStreamFlag = values['demo-main-stream'] ?? 'auto';
  if (!['on', 'off', 'auto'].includes(mainStreamFlag)) {
    console.error(`--demo-main-stream must be on, off or auto, got "${mainStreamFlag}"\n${USAGE}`);
    process.exit(2);
  }
  // A 1280x720 main stream costs each live encoder about three times its sub stream: on a
  // small machine the demo encodes sub streams only (a focused tile then plays the sub stream).
  const mainStream = mainStreamFlag === 'on' || (mainStreamFlag === 'auto' && os.cpus().length >= 4);
  const healthInterval = toInt('camera-health-interval', values['camera-health-interval'], undefined);
  let reportSlaHours: Record<string, number> | undefined;
  if (values['report-sla-hours'] !== undefined) {
    const parsed = parseReportSlaHours(values['report-sla-hours']);
    if (!parsed.ok) {
      console.error(`--report-sla-hours: ${parsed.message}\n${USAGE}`);
      process.exit(2);
    }
    reportSlaHours = parsed.value;
  }
  const slaInterval = toInt('report-sla-interval', values['report-sla-interval'], undefined);
  if (slaInterval === 0) {
    console.error(`--report-sla-interval must be a positive number of milliseconds, got "0"\n${USAGE}`);
    process.exit(2);
  }
  let portalConfig: PortalConfig | null = null;
  if (values['portal-config'] !== undefined) {
    const loaded = loadPortalConfigFile(path.resolve(values['portal-config']));
    if (!loaded.ok) {
      console.error(`--portal-config: ${loaded.message}\n${USAGE}`);
      process.exit(2);
    }
    portalConfig = loaded.value;
  }
  const demoPortal = values['demo-portal'] ?? 'on';
  if (demoPortal !== 'on' && demoPortal !== 'off') {
    console.error(`--demo-portal must be on or off, got "${demoPortal}"\n${USAGE}`);
    process.exit(2);
  }
  const atRiskText = values['portal-at-risk-hours'];
  const atRiskHours = atRiskText === undefined ? undefined : Number(atRiskText);
  if (atRiskHours !== undefined && !(Number.isFinite(atRiskHours) && atRiskHours >= 0)) {
    console.error(`--portal-at-risk-hours must be a non-negative number of working hours, got "${atRiskText}"\n${USAGE}`);
    process.exit(2);
  }
  const warningInterval = toInt('portal-warning-interval', values['portal-warning-interval'], undefined);
  let digest: DigestOptions | undefined;
  if (values['digest-config'] !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(path.resolve(values['digest-config']), 'utf8'));
    } catch (error) {
      console.error(`--digest-config: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
      process.exit(2);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      console.error(`--digest-config: expected a JSON object\n${USAGE}`);
      process.exit(2);
    }
    const smtp = (json as { smtp?: { recipients?: unknown } }).smtp;
    if (smtp !== undefined && (typeof smtp !== 'object' || smtp === null || typeof smtp.recipients !== 'object' || smtp.recipients === null)) {
      console.error(`--digest-config: smtp needs host, from and recipients ({"<agency id>": ["address", …]})\n${USAGE}`);
      process.exit(2);
    }
    const checked = checkDigestOptions(json as DigestOptions);
    if (!checked.ok) {
      console.error(`--digest-config: ${checked.message}\n${USAGE}`);
      process.exit(2);
    }
    digest = checked.value;
  }
  const server = await startServer({
    dataDir: values.data ?? '.vigil/server',
    host: values.host ?? '127.0.0.1',
    port: toInt('port', values.port, 8787),
    demo: values.demo,
    demoIntervalMs: toInt('demo-interval', values['demo-interval'], 5000),
    demoReportIntervalMs: toInt('demo-report-interval', values['demo-report-interval'], 20_000),
    ...(logRetain === undefined ? {} : { logRetain: Math.max(1, logRetain) }),
    ...(healthInterval === undefined ? {} : { cameraHealth: { intervalMs: Math.max(500, healthInterval) } }),
    ...(reportSlaHours === undefined ? {} : { reportSlaHours }),
    ...(slaInterval === undefined ? {} : { reportSla: { intervalMs: slaInterval } }),
    portal: {
      config: portalConfig,
      ...(values.demo && demoPortal === 'on' ? { demo: {} } : {}),
      ...(atRiskHours === undefined ? {} : { atRiskWorkingHours: atRiskHours }),
      ...(warningInterval === undefined ? {} : { warnings: { intervalMs: Math.max(100, warningInterval) } }),
      ...(digest ? { digest } : {}),
    },
  });
  console.log(`[vigil] sync server listening on ${server.url} (socket.io path /sync, data ${values.data ?? '.vigil/server'})`);
  if (reportSlaHours || slaInterval !== undefined) {
    const hours = Object.entries(reportSlaHours ?? {}).map(([code, h]) => `${code} ${h} h`);
    console.log(`[vigil] report SLA: ${hours.length > 0 ? hours.join(', ') : 'the catalogue\'s'}; checked every ${slaInterval ?? DEFAULT_SLA_INTERVAL_MS} ms`);
  }
  const portalSources = server.portal.ingestion.connectors.map((c) => c.name);
  if (portalSources.length > 0) console.log(`[vigil] portal: ${server.portal.ingestion.repository.count()} dossiers stored; reading ${portalSources.join(', ')}`);
  if (values.demo) {
    console.log(`[vigil] demo mode: raising alerts every ${values['demo-interval'] ?? 5000} ms`);
    console.log(`[vigil] demo logins (password "${DEMO_PASSWORD}"):`);
    for (const user of DEMO_USERS) console.log(`  ${user.username.padEnd(9)} ${user.role.padEnd(10)} ${user.displayName}`);
  }
  // Demo cameras: encoders supervised by this process, streams served on their own ports
  // (several origins, so a wall's tiles are not queued behind Chromium's 6 connections per origin).
  let demoCameras: DemoCameras | null = null;
  if (values.demo && cameraCount > 0) {
    demoCameras = await startDemoCameras({
      dataDir: path.join(values.data ?? '.vigil/server', 'demo-cameras'),
      count: cameraCount,
      mode: cameraMode,
      mainStream,
      host: values.host ?? '127.0.0.1',
      log: (message) => console.log(`[vigil] demo cameras: ${message}`),
    });
    const saved = server.saveCameras(demoCameras.cameras);
    if (!saved.ok || !saved.value.applied) console.error('[vigil] demo cameras could not be registered:', saved.ok ? saved.value.errors : saved.message);
    if (demoCameras.available) {
      console.log(
        `[vigil] demo cameras: ${demoCameras.cameras.length} ${cameraMode} HLS cameras (${mainStream ? 'main 1280x720 + sub 640x360' : 'sub 640x360 only; --demo-main-stream on adds 1280x720'}) on ${demoCameras.origins.join(', ')}`,
      );
    } else {
      console.log(`[vigil] demo cameras: registered but not streaming — ${demoCameras.reason ?? 'unavailable'}; the wall shows them offline`);
    }
    for (const warning of demoCameras.warnings) console.log(`[vigil] demo cameras: ${warning}`);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[vigil] ${signal}: closing`);
    Promise.all([server.close(), demoCameras?.close()]).then(
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
