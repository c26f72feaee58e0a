import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertAction } from '../../src-shared/model/alert.js';
import { TEST_USERS, TestRig, byId, sampleDraft, type TestHost } from '../support/host-harness.js';
import { ServerActor } from '../support/host-server-actor.js';
import { seededRandom } from '../../src-shared/seeded-random.js';

/**
 * Acceptance (c): random seeded histories of operator actions, server-side
 * changes, resets, black holes, lost acks and server restarts. Each history uses
 * a fresh workstation; afterwards no command is lost or applied twice and the
 * replica equals the server's projection. Replay one with VIGIL_SOAK_SEED=<n>.
 */
const COUNT = Number(process.env.VIGIL_SOAK ?? 200);
const ONLY = process.env.VIGIL_SOAK_SEED ? Number(process.env.VIGIL_SOAK_SEED) : null;
const BASE = Number(process.env.VIGIL_SOAK_BASE ?? 1);
const SEEDS = ONLY !== null ? [ONLY] : Array.from({ length: COUNT }, (_, i) => BASE + i);
const HISTORIES_PER_SERVER = 25;
const ACTIONS: AlertAction[] = ['acknowledge', 'own', 'hold', 'resume', 'resolve', 'close', 'note'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`sync soak (${SEEDS.length} histories)`, () => {
  let rig: TestRig;
  const supervisor = new ServerActor(TEST_USERS.sup1.username, TEST_USERS.sup1.password);
  const stats = { queued: 0, rejected: 0, restarts: 0, resets: 0, blackholes: 0, lostAcks: 0 };

  beforeAll(async () => {
    rig = await TestRig.start();
  });
  afterAll(async () => {
    supervisor.close();
    await rig?.close();
    console.info(`soak: ${SEEDS.length} histories`, stats);
  });

  async function runHistory(seed: number): Promise<void> {
    const rand = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    await rig.startServer();
    const ws: TestHost = await rig.addHost({ workstationId: `soak-${seed}` });
    const queued: string[] = [];
    const ids: string[] = [];
    try {
      await ws.login('op1');
      for (let i = 0; i < 3; i++) ids.push(rig.running.raiseAlert(sampleDraft(seed + i)).alertId);
      const hostAct = async () => {
        const view = await ws.host.handlers.alerts.list({});
        const candidates = view.ok ? view.value.filter((a) => ids.includes(a.id)) : [];
        for (let attempt = 0; attempt < 4 && candidates.length > 0; attempt++) {
          const action = pick(ACTIONS);
          const r = await ws.host.handlers.alerts.act({ alertId: pick(candidates).id, action, ...(action === 'note' ? { note: `n${seed}` } : {}) });
          if (r.ok) return queued.push(r.value.commandId);
        }
      };
      const steps = 10 + Math.floor(rand() * 11);
      for (let step = 0; step < steps; step++) {
        const roll = rand();
        if (roll < 0.36) {
          await hostAct();
        } else if (roll < 0.44) {
          const r = await ws.host.handlers.alerts.raise(sampleDraft(step, { source: 'manual' }));
          if (r.ok) {
            queued.push(r.value.commandId);
            ids.push(r.value.alertId);
          }
        } else if (roll < 0.52) {
          if (rig.isServerRunning) ids.push(rig.running.raiseAlert(sampleDraft(seed * 7 + step)).alertId);
        } else if (roll < 0.62) {
          if (rig.isServerRunning) await supervisor.act(rig.running.url, pick(ids), pick(ACTIONS), { note: 'sup' }).catch(() => undefined);
        } else if (roll < 0.7) {
          stats.resets++;
          rig.proxy.resetAll();
        } else if (roll < 0.76) {
          stats.blackholes++;
          rig.proxy.blackhole(true);
          await sleep(30 + rand() * 200);
          rig.proxy.blackhole(false);
        } else if (roll < 0.82) {
          stats.restarts++;
          if (rig.isServerRunning && rand() < 0.5) await rig.stopServer();
          else await rig.restartServer();
        } else if (roll < 0.9) {
          // Lose an ack: the command reaches the server, the reply dies with the link; the resend must be answered, not applied.
          stats.lostAcks++;
          rig.proxy.setLatency(15);
          await hostAct();
          await sleep(25);
          rig.proxy.resetAll();
          rig.proxy.setLatency(0);
        } else {
          await sleep(rand() * 120);
        }
      }
      rig.proxy.blackhole(false);
      rig.proxy.setLatency(0);
      const server = await rig.startServer();
      await rig.waitInSync(ws, 20_000);

      const rejected = new Map(ws.host.inspect.rejected().map((r) => [r.commandId, r]));
      let lastSeq = 0;
      for (const commandId of queued) {
        const result = server.inspect.commandResult(commandId);
        expect(result, `seed=${seed}: command ${commandId} lost`).not.toBeNull();
        if (result!.ok) {
          expect(server.inspect.eventsForCommand(commandId), `seed=${seed}: ${commandId} applied twice`).toBe(1);
          expect(rejected.has(commandId), `seed=${seed}: ${commandId} applied and rejected`).toBe(false);
          expect(result!.seq!, `seed=${seed}: ${commandId} out of order`).toBeGreaterThan(lastSeq);
          lastSeq = result!.seq!;
        } else {
          stats.rejected++;
          expect(server.inspect.eventsForCommand(commandId), `seed=${seed}: refused ${commandId} has an event`).toBe(0);
          expect(rejected.get(commandId)?.code, `seed=${seed}: refused ${commandId} not in the rejected list`).toBe(result!.code);
        }
      }
      expect(rejected.size, `seed=${seed}: rejected list holds unknown commands`).toBeLessThanOrEqual(queued.length);
      stats.queued += queued.length;
      expect(byId(ws.host.inspect.replicaAlerts()), `seed=${seed}: replica differs from the server projection`).toEqual(
        byId(server.inspect.listAlerts()),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(message.includes(`seed=${seed}`) ? message : `seed=${seed}: ${message}`, { cause: error });
    } finally {
      await ws.close();
    }
  }

  it('loses and duplicates nothing, and converges to the server projection', async () => {
    let done = 0;
    for (const seed of SEEDS) {
      if (done > 0 && done % HISTORIES_PER_SERVER === 0) {
        supervisor.close();
        await rig.replaceServer();
      }
      await runHistory(seed);
      done++;
    }
  }, Math.max(120_000, SEEDS.length * 2_000));
});
