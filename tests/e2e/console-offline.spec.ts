import { expect, test, type Browser, type Page } from '@playwright/test';
import { KioskProcess, ServerProcess, alertRow, draft, logIn, logOut, openAlert, tempDir } from './e2e-stack.js';

/**
 * The foundation's promise, end to end: alerts arrive live, an acknowledgement made
 * while the server is down is shown as queued and lands exactly once when it is back,
 * and a second workstation sees it. Two kiosk workstations, one real server process.
 */
test.describe.configure({ mode: 'serial' });

let dirs: { remove(): Promise<void> }[] = [];
let server: ServerProcess;
let kioskA: KioskProcess;
let kioskB: KioskProcess;
let pageA: Page;
let pageB: Page;

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  const serverDir = await tempDir('server');
  const dirA = await tempDir('ws-a');
  const dirB = await tempDir('ws-b');
  dirs = [serverDir, dirA, dirB];
  server = new ServerProcess(serverDir.dir);
  await server.start();
  kioskA = new KioskProcess('ws-a', dirA.dir);
  kioskB = new KioskProcess('ws-b', dirB.dir);
  await Promise.all([kioskA.start(server.url), kioskB.start(server.url)]);
  pageA = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  pageB = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await logIn(pageA, kioskA.consoleUrl, 'vanhanh1');
  await logIn(pageB, kioskB.consoleUrl, 'vanhanh2');
});

test.afterAll(async () => {
  await pageA?.close();
  await pageB?.close();
  await Promise.all([kioskA?.stop(), kioskB?.stop()]);
  await server?.stop();
  await Promise.all(dirs.map((d) => d.remove()));
});

test('an acknowledgement made offline is queued, lands once, and the other workstation sees it', async () => {
  const alertId = await server.raise(draft('Phát hiện đối tượng khả nghi tại quảng trường Vị Thanh'));
  await expect(alertRow(pageA, alertId)).toHaveAttribute('data-state', 'new');
  await expect(alertRow(pageB, alertId)).toHaveAttribute('data-state', 'new');

  await server.stop();
  const indicatorA = pageA.getByTestId('sync-indicator');
  await expect(indicatorA).toHaveAttribute('data-connection', 'offline', { timeout: 15_000 });
  await expect(indicatorA).toContainText('Mất kết nối từ');

  await openAlert(pageA, alertId);
  await pageA.getByTestId('action-acknowledge').click();
  await expect(alertRow(pageA, alertId)).toHaveAttribute('data-pending', 'true');
  await expect(alertRow(pageA, alertId)).toHaveAttribute('data-state', 'acknowledged');
  await expect(indicatorA).toHaveAttribute('data-queued', '1');
  await expect(indicatorA).toContainText('1 thao tác chờ gửi');
  await pageA.screenshot({ path: 'test-results/console-offline-queued.png' });

  await server.start();
  await expect(indicatorA).toHaveAttribute('data-connection', 'online', { timeout: 20_000 });
  await expect(indicatorA).toHaveAttribute('data-queued', '0');
  await expect(alertRow(pageA, alertId)).toHaveAttribute('data-pending', 'false');

  // The other workstation sees the acknowledgement, made by vanhanh1, exactly once.
  await expect(alertRow(pageB, alertId)).toHaveAttribute('data-state', 'acknowledged', { timeout: 20_000 });
  await openAlert(pageB, alertId);
  const acknowledgements = pageB.locator('[data-testid="detail-history"] [data-action="acknowledge"]');
  await expect(acknowledgements).toHaveCount(1);
});

test('an operator cannot close an alert another operator owns; a supervisor can', async () => {
  const alertId = await server.raise(
    draft('Cháy nhỏ tại bãi rác khu vực chợ Ngã Bảy', { category: 'Fire', source: 'manual', cameraIds: [] }),
  );
  await expect(alertRow(pageB, alertId)).toBeVisible();
  await openAlert(pageB, alertId);
  await pageB.getByTestId('action-own').click();
  await expect(alertRow(pageA, alertId)).toHaveAttribute('data-state', 'in-progress', { timeout: 15_000 });

  await openAlert(pageA, alertId);
  await pageA.getByTestId('action-close').click();
  const error = pageA.getByTestId('action-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-code', 'forbidden');
  await expect(error).toContainText('supervisor');
  await expect(alertRow(pageA, alertId)).toHaveAttribute('data-state', 'in-progress');
  await expect(alertRow(pageA, alertId)).toHaveAttribute('data-pending', 'false');

  await logOut(pageB);
  await logIn(pageB, kioskB.consoleUrl, 'giamsat');
  await openAlert(pageB, alertId);
  await pageB.getByTestId('action-close').click();
  await expect(alertRow(pageB, alertId)).toHaveAttribute('data-state', 'closed', { timeout: 15_000 });
  await expect(alertRow(pageA, alertId)).toHaveAttribute('data-state', 'closed', { timeout: 15_000 });
});
