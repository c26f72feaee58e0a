import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createInvokeDispatcher } from '../../src-shared/desktop-api-dispatch.js';
import { eventChannel, invokeChannel, type DirectoryChanged, type DirectoryUser } from '../../src-shared/desktop-api.js';
import { CACHE_FILE_NAME } from '../../src-main/host/cache/cache-database.js';
import { TEST_USERS, TestRig, waitFor, type TestHost } from '../support/host-harness.js';

/** The seeded users as the directory lists them: ids are lower-cased usernames, sorted by display name. */
const EXPECTED: DirectoryUser[] = Object.values(TEST_USERS)
  .map(({ username, displayName, role }) => ({ id: username.toLowerCase(), username, displayName, role }))
  .sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi'));

function recordDirectoryPushes(ws: TestHost): DirectoryChanged[] {
  const pushed: DirectoryChanged[] = [];
  ws.host.onPush((channel, payload) => {
    if (channel === eventChannel('directory', 'onDidChange')) pushed.push(payload as DirectoryChanged);
  });
  return pushed;
}

async function listed(ws: TestHost): Promise<DirectoryUser[]> {
  const result = await ws.host.handlers.directory.users();
  if (!result.ok) throw new Error(`directory.users failed: ${result.code} ${result.message}`);
  return result.value;
}

describe('host user directory', () => {
  let rig: TestRig;
  afterEach(async () => rig?.close());

  it('lists the server’s users after an online login and, from the cache, after a restart with the server down', async () => {
    rig = await TestRig.start();
    const ws = await rig.addHost();
    const pushed = recordDirectoryPushes(ws);
    expect(await ws.host.handlers.directory.users()).toMatchObject({ ok: false, code: 'unauthorized' });

    await ws.login('op1');
    await waitFor(async () => (await listed(ws)).length === EXPECTED.length, { message: 'directory after login' });
    expect(await listed(ws)).toEqual(EXPECTED);
    expect(EXPECTED.map((u) => u.displayName)).toEqual(['Operator One', 'Operator Two', 'Supervisor One']);
    const dispatched = await createInvokeDispatcher(ws.host.handlers)(invokeChannel('directory', 'users'), []);
    expect(dispatched).toEqual({ ok: true, value: EXPECTED });

    // The hello after the login and the one after a server restart find the same list: nothing more is pushed.
    await rig.waitInSync(ws);
    await rig.restartServer();
    await rig.waitInSync(ws);
    await new Promise((r) => setTimeout(r, 200));
    expect(pushed).toEqual([{ count: EXPECTED.length }]);

    await ws.host.handlers.session.logout();
    await rig.stopServer();
    await ws.close();
    const again = await rig.addHost({ dataDir: ws.dataDir, workstationId: ws.workstationId });
    expect(await again.host.handlers.directory.users()).toMatchObject({ ok: false, code: 'unauthorized' });
    const session = await again.login('op1');
    expect(session.offline).toBe(true);
    expect(await listed(again)).toEqual(EXPECTED);
    expect(again.host.inspect.directory()).toEqual(EXPECTED);
  }, 30_000);

  it('fills an empty cache when the sync link comes up after an offline login', async () => {
    rig = await TestRig.start();
    const ws = await rig.addHost();
    await ws.login('sup1');
    await waitFor(async () => (await listed(ws)).length === EXPECTED.length, { message: 'directory after login' });
    await ws.host.handlers.session.logout();
    await rig.stopServer();
    await ws.close();

    // A cache from before the directory existed: the table is there but empty.
    const db = new Database(join(ws.dataDir, CACHE_FILE_NAME));
    db.prepare('DELETE FROM directory_users').run();
    db.close();

    const again = await rig.addHost({ dataDir: ws.dataDir, workstationId: ws.workstationId });
    const pushed = recordDirectoryPushes(again);
    expect((await again.login('sup1')).offline).toBe(true);
    expect(await listed(again)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await listed(again)).toEqual([]); // failed refresh attempts change nothing

    await rig.startServer();
    await waitFor(() => again.host.inspect.status().connection === 'online', { timeoutMs: 15_000, message: 'online again' });
    await waitFor(async () => (await listed(again)).length === EXPECTED.length, { message: 'directory after hello' });
    expect(await listed(again)).toEqual(EXPECTED);
    expect(pushed).toEqual([{ count: EXPECTED.length }]);
  }, 30_000);
});
