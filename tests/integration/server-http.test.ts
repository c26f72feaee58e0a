import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from '../../src-shared/ulid.js';
import { connectReplica, draft, login, startTestServer, type TestServer } from '../unit/server/support/server-test-kit.js';

describe('sync server HTTP API', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ demo: true, demoReportIntervalMs: 0, demoIntervalMs: 60_000, demoSeed: 7 });
    token = await login(server.url, 'op1');
  });
  afterAll(async () => {
    await server.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('POST /api/login: after 5 wrong passwords the account is refused with 429 for a while, other accounts are not', async () => {
    for (let i = 0; i < 5; i++) expect((await post('/api/login', { username: 'vanhanh2', password: `guess-${i}` })).status).toBe(401);
    const locked = await post('/api/login', { username: 'VanHanh2', password: 'vigil-demo' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ ok: false, code: 'rate-limited', details: { retryAfterSeconds: expect.any(Number) } });
    expect((await post('/api/login', { username: 'giamsat', password: 'vigil-demo' })).status).toBe(200);
  });

  it('GET /health reports the log and clients', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, headSeq: expect.any(Number), oldestSeq: expect.any(Number), clients: 0, version: expect.any(String) });
  });

  it('POST /api/login: 200 with a token, 401 generic for wrong user or password, 400 for a bad body, 413 for a huge one', async () => {
    const good = await post('/api/login', { username: 'vanhanh1', password: 'vigil-demo' });
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ token: expect.any(String), expiresAt: expect.any(String), user: { id: 'vanhanh1', role: 'operator', displayName: 'Nguyễn Văn An' } });
    const wrongPassword = await post('/api/login', { username: 'vanhanh1', password: 'nope' });
    const wrongUser = await post('/api/login', { username: 'ghost', password: 'nope' });
    expect(wrongPassword.status).toBe(401);
    expect(wrongUser.status).toBe(401);
    expect(await wrongPassword.json()).toEqual(await wrongUser.json());
    expect((await post('/api/login', { username: 'vanhanh1' })).status).toBe(400);
    const badJson = await post('/api/login', '{not json');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ ok: false, code: 'bad-request' });
    const huge = await post('/api/login', { username: 'a', password: 'p'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ ok: false, code: 'payload-too-large' });
  });

  it('POST /api/alerts raises through the command path, once per Idempotency-Key, and replicas see it', async () => {
    const replica = await connectReplica(server.url, token, server.inspect.headSeq());
    const key = ulid();
    const first = await post('/api/alerts', draft('Cảnh báo từ webhook'), { authorization: `Bearer ${token}`, 'idempotency-key': key });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { alertId: string; seq: number };
    expect(body).toMatchObject({ ok: true, alertId: key, duplicate: false });
    const retry = await post('/api/alerts', draft('Cảnh báo từ webhook'), { authorization: `Bearer ${token}`, 'idempotency-key': key });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ alertId: key, seq: body.seq, duplicate: true });
    await replica.waitFor(body.seq);
    expect(server.inspect.eventsForCommand(key)).toBe(1);
    replica.socket.disconnect();

    expect((await post('/api/alerts', draft())).status).toBe(401);
    expect((await post('/api/alerts', draft(), { authorization: 'Bearer forged.token.here' })).status).toBe(401);
    const bad = await post('/api/alerts', { ...draft(), category: 'Aliens' }, { authorization: `Bearer ${token}` });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringContaining('category') });
  });

  it('GET /api/users and /api/region/units need a token and list people and the demo units', async () => {
    expect((await fetch(`${server.url}/api/users`)).status).toBe(401);
    const users = (await (await fetch(`${server.url}/api/users`, { headers: { authorization: `Bearer ${token}` } })).json()) as { users: { username: string }[] };
    expect(users.users.map((u) => u.username)).toEqual(expect.arrayContaining(['op1', 'vanhanh1', 'giamsat', 'quantri']));
    expect(JSON.stringify(users)).not.toContain('password');
    const units = (await (await fetch(`${server.url}/api/region/units`, { headers: { authorization: `Bearer ${token}` } })).json()) as { units: { name: string }[] };
    expect(units.units).toHaveLength(8);
    expect(units.units.map((u) => u.name)).toContain('Vị Thanh');
  });

  it('unknown routes answer JSON 404', async () => {
    const response = await fetch(`${server.url}/api/nothing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, code: 'not-found' });
  });
});

describe('demo generator in a running server', () => {
  it('raises alerts from the generator actor every interval', async () => {
    const server = await startTestServer({ demo: true, demoReportIntervalMs: 0, demoIntervalMs: 20, demoSeed: 1 });
    try {
      await expect.poll(() => server.inspect.headSeq(), { timeout: 3000 }).toBeGreaterThanOrEqual(3);
      const alerts = server.inspect.listAlerts();
      expect(alerts.every((a) => a.raisedBy === 'demo-generator')).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
