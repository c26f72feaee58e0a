import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDirectoryRefresher } from '../../../src-main/host/api/directory-api.js';
import { openCacheDatabase, type CacheDb } from '../../../src-main/host/cache/cache-database.js';
import { DirectoryRepository } from '../../../src-main/host/cache/directory-repository.js';
import type { DirectoryUser } from '../../../src-shared/desktop-api.js';
import { tempDir } from './fixtures.js';

const PEOPLE: DirectoryUser[] = [
  { id: 'vanhanh2', username: 'vanhanh2', displayName: 'Trần Thị Bình', role: 'operator' },
  { id: 'giamsat', username: 'giamsat', displayName: 'Đặng Văn Đức', role: 'supervisor' },
  { id: 'vanhanh1', username: 'vanhanh1', displayName: 'Nguyễn Văn An', role: 'operator' },
  { id: 'vanhanh3', username: 'vanhanh3', displayName: 'Âu Thị Cúc', role: 'operator' },
  { id: 'vanhanh4', username: 'vanhanh4', displayName: 'Anh Thư', role: 'operator' },
  { id: 'vanhanh5', username: 'vanhanh5', displayName: 'Dương Minh Em', role: 'operator' },
];

describe('directory cache', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

  function open(): { db: CacheDb; repo: DirectoryRepository; dir: string } {
    const t = tempDir();
    const db = openCacheDatabase(t.dir);
    cleanups.push(() => t.cleanup(), () => db.close());
    return { db, repo: new DirectoryRepository(db), dir: t.dir };
  }

  it('lists by display name in Vietnamese order: A, Â, D, Đ, then the rest', () => {
    const { repo } = open();
    expect(repo.list()).toEqual([]);
    expect(repo.replaceAll(PEOPLE)).toBe(true);
    expect(repo.list().map((u) => u.displayName)).toEqual([
      'Anh Thư',
      'Âu Thị Cúc',
      'Dương Minh Em',
      'Đặng Văn Đức',
      'Nguyễn Văn An',
      'Trần Thị Bình',
    ]);
    expect(repo.count()).toBe(6);
  });

  it('replaces the whole list, says whether anything changed and survives a reopen', () => {
    const { db, repo, dir } = open();
    expect(repo.replaceAll(PEOPLE)).toBe(true);
    expect(repo.replaceAll([...PEOPLE].reverse())).toBe(false);
    const renamed = PEOPLE.filter((u) => u.id !== 'vanhanh5').map((u) => (u.id === 'vanhanh2' ? { ...u, role: 'supervisor' as const } : u));
    expect(repo.replaceAll(renamed)).toBe(true);
    expect(repo.list().find((u) => u.id === 'vanhanh2')?.role).toBe('supervisor');
    expect(repo.list().map((u) => u.id)).not.toContain('vanhanh5');
    db.close();
    const again = openCacheDatabase(dir);
    cleanups.push(() => again.close());
    expect(new DirectoryRepository(again).list()).toHaveLength(5);
  });

  it('rolls back a replacement that fails half way', () => {
    const { repo } = open();
    repo.replaceAll(PEOPLE);
    const broken = [{ id: 'x', username: 'x', displayName: null, role: 'operator' }] as unknown as DirectoryUser[];
    expect(() => repo.replaceAll([PEOPLE[0]!, ...broken])).toThrow();
    expect(repo.list()).toHaveLength(PEOPLE.length);
  });
});

describe('directory refresher', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function cache(): DirectoryRepository {
    const t = tempDir();
    const db = openCacheDatabase(t.dir);
    cleanups.push(() => t.cleanup(), () => void db.close());
    return new DirectoryRepository(db);
  }

  async function fakeServer(reply: (auth: string | undefined) => { status: number; body: unknown }): Promise<{ url: string; hits: () => number }> {
    let hits = 0;
    const server: Server = createServer((req, res) => {
      hits++;
      const { status, body } = reply(req.headers.authorization);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
  }

  it('stores the server list, pushes once per change and joins a refresh in flight', async () => {
    const directory = cache();
    const server = await fakeServer((auth) => (auth === 'Bearer good' ? { status: 200, body: { ok: true, users: PEOPLE } } : { status: 401, body: { ok: false, code: 'unauthorized', message: 'no' } }));
    const pushed: number[] = [];
    const refresher = createDirectoryRefresher({ serverUrl: server.url, timeoutMs: 2000, directory, onChanged: (n) => pushed.push(n) });
    const [first, second] = await Promise.all([refresher.refresh('good'), refresher.refresh('good')]);
    expect(first).toEqual({ kind: 'changed', count: 6 });
    expect(second).toBe(first);
    expect(server.hits()).toBe(1);
    expect(await refresher.refresh('good')).toEqual({ kind: 'unchanged', count: 6 });
    expect(pushed).toEqual([6]);
    expect(await refresher.refresh('bad')).toMatchObject({ kind: 'kept' });
    expect(directory.count()).toBe(6);
  });

  it('keeps the cached list when the server is unreachable or answers nonsense', async () => {
    const directory = cache();
    directory.replaceAll(PEOPLE);
    const pushed: number[] = [];
    const dead = createDirectoryRefresher({ serverUrl: 'http://127.0.0.1:1', timeoutMs: 1000, directory, onChanged: (n) => pushed.push(n) });
    expect(await dead.refresh('t')).toMatchObject({ kind: 'kept' });
    const nonsense = await fakeServer(() => ({ status: 200, body: { ok: true, users: [{ id: 'x' }] } }));
    const broken = createDirectoryRefresher({ serverUrl: nonsense.url, timeoutMs: 1000, directory, onChanged: (n) => pushed.push(n) });
    expect(await broken.refresh('t')).toEqual({ kind: 'kept', reason: 'malformed user list reply' });
    const failing = await fakeServer(() => ({ status: 503, body: {} }));
    expect(await createDirectoryRefresher({ serverUrl: failing.url, timeoutMs: 1000, directory, onChanged: (n) => pushed.push(n) }).refresh('t')).toMatchObject({ kind: 'kept' });
    expect(directory.list()).toHaveLength(PEOPLE.length);
    expect(pushed).toEqual([]);
  });

  it('does nothing once disposed', async () => {
    const directory = cache();
    const server = await fakeServer(() => ({ status: 200, body: { ok: true, users: PEOPLE } }));
    const refresher = createDirectoryRefresher({ serverUrl: server.url, timeoutMs: 2000, directory, onChanged: () => undefined });
    const pending = refresher.refresh('t');
    refresher.dispose();
    expect(await pending).toEqual({ kind: 'kept', reason: 'closed' });
    expect(await refresher.refresh('t')).toEqual({ kind: 'kept', reason: 'closed' });
    expect(directory.count()).toBe(0);
  });
});
