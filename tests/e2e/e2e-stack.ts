import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { runTsEntry, type RunningChild } from '../support/child-process.js';
import type { AlertDraft } from '../../src-shared/model/alert.js';

/**
 * The whole system as a user runs it: the sync server and kiosk workstations as
 * real processes (`npm run server`, `npm run kiosk`), Chromium pages on top.
 */
export const DEMO_PASSWORD = 'vigil-demo';

export class ServerProcess {
  private process: RunningChild | null = null;
  port = 0;

  constructor(
    readonly dataDir: string,
    private readonly extraArgs: string[] = [],
    /** Extra environment of the server process (e.g. VIGIL_OPEN311_API_KEYS). */
    private readonly env: NodeJS.ProcessEnv = {},
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // A long demo interval: demo users and region data, but the test raises its own alerts.
    this.process = runTsEntry('server/main.ts', [
      // The tests bring their own cameras (or none): no demo encoders in the server process.
      '--port', String(this.port), '--data', this.dataDir, '--demo', '--demo-interval', '3600000', '--demo-report-interval', '0', '--demo-portal', 'off', '--demo-cameras', '0', ...this.extraArgs,
    ], this.env);
    const match = await this.process.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    this.port = Number(match[1]);
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = null;
  }

  async token(username: string): Promise<string> {
    const response = await fetch(`${this.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token?: string; value?: { token: string } };
    const token = body.token ?? body.value?.token;
    if (!token) throw new Error(`login reply without token: ${JSON.stringify(body)}`);
    return token;
  }

  /** Raises an alert the way an analytics integration would: POST /api/alerts. */
  async raise(draft: AlertDraft): Promise<string> {
    const token = await this.token('giamsat');
    const response = await fetch(`${this.url}/api/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(draft),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { alertId?: string; value?: { alertId: string } };
    const alertId = body.alertId ?? body.value?.alertId;
    if (!alertId) throw new Error(`raise reply without alertId: ${JSON.stringify(body)}`);
    return alertId;
  }

  /** Registers cameras the way an integrator does: the admin's JSON import over HTTP. */
  async importCameras(cameras: readonly unknown[]): Promise<void> {
    const token = await this.token('quantri');
    const response = await fetch(`${this.url}/api/cameras/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ format: 'json', text: JSON.stringify(cameras) }),
    });
    const body = (await response.json()) as { report?: { applied?: boolean } };
    if (response.status !== 200 || body.report?.applied !== true) throw new Error(`camera import failed (${response.status}): ${JSON.stringify(body)}`);
  }
}

/** A display entry of a kiosk profile (see src-shared/workstation-profile.ts). */
export type ProfileDisplayEntry = Record<string, unknown> & { surface: string };

export class KioskProcess {
  private process: RunningChild | null = null;
  consoleUrl = '';
  wallUrl = '';
  mapUrl = '';
  reportsUrl = '';
  kpiUrl = '';

  constructor(
    readonly workstationId: string,
    readonly dataDir: string,
    private readonly displays: ProfileDisplayEntry[] = [{ match: { index: 0 }, surface: 'console' }],
  ) {}

  async start(serverUrl: string): Promise<void> {
    const profile = path.join(this.dataDir, 'profile.json');
    await writeFile(
      profile,
      JSON.stringify({
        workstationId: this.workstationId,
        name: `Bàn ${this.workstationId}`,
        serverUrl,
        displays: this.displays,
        kioskScreens: this.displays.map((_, i) => ({ id: `screen-${i}`, x: i * 1920, y: 0, width: 1920, height: 1080, primary: i === 0 })),
      }),
    );
    this.process = runTsEntry('src-main/kiosk/main.ts', [
      '--server', serverUrl, '--data', this.dataDir, '--profile', profile, '--headless', '--port', '0',
    ]);
    if (this.displays.some((d) => d.surface === 'console')) {
      this.consoleUrl = (await this.process.waitFor(/console\s+(http:\/\/127\.0\.0\.1:\d+\/\S+)/))[1]!;
    }
    if (this.displays.some((d) => d.surface === 'wall')) {
      this.wallUrl = (await this.process.waitFor(/wall\s+(http:\/\/127\.0\.0\.1:\d+\/\S+)/))[1]!;
    }
    if (this.displays.some((d) => d.surface === 'map')) {
      this.mapUrl = (await this.process.waitFor(/map\s+(http:\/\/127\.0\.0\.1:\d+\/\S+)/))[1]!;
    }
    if (this.displays.some((d) => d.surface === 'reports')) {
      this.reportsUrl = (await this.process.waitFor(/reports\s+(http:\/\/127\.0\.0\.1:\d+\/\S+)/))[1]!;
    }
    if (this.displays.some((d) => d.surface === 'kpi')) {
      this.kpiUrl = (await this.process.waitFor(/kpi\s+(http:\/\/127\.0\.0\.1:\d+\/\S+)/))[1]!;
    }
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = null;
  }
}

export async function tempDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `vigil-e2e-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-connection', 'online');
}

export async function logOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-username')).toBeVisible();
}

export function alertRow(page: Page, alertId: string) {
  return page.locator(`[data-testid="alert-row"][data-alert-id="${alertId}"]`);
}

export async function openAlert(page: Page, alertId: string): Promise<void> {
  await alertRow(page, alertId).click();
  await expect(page.getByTestId('alert-detail')).toHaveAttribute('data-alert-id', alertId);
}

export function draft(headline: string, overrides: Partial<AlertDraft> = {}): AlertDraft {
  return {
    source: 'camera-analytics',
    category: 'Security',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    headline,
    description: 'Camera phân tích hình ảnh phát hiện hành vi nghi vấn kéo dài hơn 5 phút.',
    location: { lat: 9.7852, lon: 105.4701, areaDesc: 'Quảng trường Vị Thanh' },
    cameraIds: ['cam-vt-01'],
    ...overrides,
  };
}
