import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AlertChangeSchema, AlertHistoryEntrySchema, AlertLocationSchema, AlertSchema, createAlert } from '../../../src-shared/model/alert.js';
import { checkAlert, checkAlertChange, checkSyncEvent } from '../../../src-shared/protocol/event-checks.js';
import { interpretEvent, SyncEventSchema } from '../../../src-shared/protocol/sync-events.js';
import { EventBatchSchema, MAX_EVENTS_PER_BATCH, parseEventBatch } from '../../../src-shared/protocol/sync-protocol.js';

/** A small deterministic PRNG, so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function sampleAlerts(): unknown[] {
  const base = createAlert(
    'a-1:x.y_z',
    {
      source: 'camera-analytics',
      category: 'Fire',
      severity: 'Extreme',
      urgency: 'Immediate',
      certainty: 'Observed',
      headline: 'Sự cố số 1 tại nút giao Trần Hưng Đạo',
      description: 'Test alert',
      location: { lat: 10.7, lon: 106.6, areaDesc: 'Quận 1' },
      cameraIds: ['cam-1', 'cam-2'],
    },
    'op1',
    '2026-01-01T00:00:00.000Z',
  );
  const owned = {
    ...base,
    state: 'in-progress',
    ownerId: 'op1',
    history: [...base.history, { at: 'x', actor: 'op1', action: 'own', fromState: 'new', toState: 'in-progress', ownerId: 'op1', note: 'mine' }],
  };
  const bare = { ...base, location: { lat: -90, lon: 180 }, cameraIds: [], description: '' };
  const nowhere = { ...base, location: null, history: [] };
  return [base, owned, bare, nowhere].map(clone);
}

const SAMPLE_CHANGES: unknown[] = [
  { alertId: 'a1', action: 'acknowledge', state: 'acknowledged', ownerId: null },
  { alertId: 'a1', action: 'note', state: 'new', ownerId: 'op1', note: 'Ghi chú' },
];

const SAMPLE_EVENTS: unknown[] = [
  { seq: 1, id: 'e1', type: 'alert.raised', at: '2026-01-01T00:00:00.000Z', actor: 'op1', subject: 'a1', commandId: null, data: { any: 'thing' } },
  { seq: 2 ** 40, id: 'x'.repeat(64), type: 'camera.status', at: '', actor: '', subject: 's'.repeat(128), commandId: 'c'.repeat(64), data: null },
];

/** Every value a mutation may put somewhere. */
const ODD_VALUES: unknown[] = [
  undefined, null, 0, -0, 1, -1, 1.5, 2 ** 53, NaN, Infinity, -Infinity, 91, -181, '', ' ', 'x', ' padded ', '\u3000x', 'x\u00a0',
  'a b', 'a/b', 'new', 'raise', 'Fire', 'Extreme', 'acknowledge', 'x'.repeat(65), 'x'.repeat(129), 'x'.repeat(161), 'x'.repeat(201),
  'x'.repeat(4001), true, false, [], ['cam'], [''], Array.from({ length: 33 }, (_, i) => `c${i}`), {}, { lat: 1, lon: 2 },
  { lat: 1, lon: 2, areaDesc: 'x', extra: 1 }, new Date(0), Object.create(null) as unknown, [1, 2],
];

/** Picks a random path inside `value` (objects and arrays) and changes, deletes or adds something there. */
function mutate(value: unknown, random: () => number): unknown {
  const root = clone(value) as Record<string, unknown>;
  const containers: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'object' && v !== null) {
      containers.push(v as Record<string, unknown>);
      for (const child of Object.values(v)) walk(child);
    }
  };
  walk(root);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const rounds = 1 + Math.floor(random() * 2);
  for (let r = 0; r < rounds; r++) {
    const target = pick(containers);
    const keys = Object.keys(target);
    const what = random();
    if (what < 0.6 && keys.length > 0) target[pick(keys)] = pick(ODD_VALUES);
    else if (what < 0.8 && keys.length > 0) delete target[pick(keys)];
    else target[pick(['extra', '__proto__', 'note', 'areaDesc', 'data', 'seq', 'constructor'])] = pick(ODD_VALUES);
  }
  return random() < 0.05 ? pick(ODD_VALUES) : root;
}

/** The fast check may say null whenever it likes; when it accepts, zod must accept the same value unchanged. */
function expectAgrees(check: (x: unknown) => unknown, schema: z.ZodType, value: unknown): boolean {
  const fast = check(value);
  if (fast === null) return false;
  expect(fast).toBe(value);
  const parsed = schema.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(parsed.data).toEqual(value);
  return true;
}

describe('fast event checks', () => {
  it('know the schemas they stand in for (change the checks with the schemas; the fuzz below catches a tighter limit)', () => {
    expect(Object.keys(AlertSchema.shape)).toEqual([
      'source', 'category', 'severity', 'urgency', 'certainty', 'headline', 'description', 'location', 'cameraIds',
      'id', 'state', 'ownerId', 'raisedAt', 'updatedAt', 'raisedBy', 'history',
    ]);
    expect(Object.keys(AlertLocationSchema.shape)).toEqual(['lat', 'lon', 'areaDesc']);
    expect(Object.keys(AlertHistoryEntrySchema.shape)).toEqual(['at', 'actor', 'action', 'fromState', 'toState', 'ownerId', 'note']);
    expect(Object.keys(AlertChangeSchema.shape)).toEqual(['alertId', 'action', 'state', 'ownerId', 'note']);
    expect(Object.keys(SyncEventSchema.shape)).toEqual(['seq', 'id', 'type', 'at', 'actor', 'subject', 'commandId', 'data']);
  });

  it('accept the canonical alerts, changes and events as they are', () => {
    for (const a of sampleAlerts()) expect(checkAlert(a)).toBe(a);
    for (const c of SAMPLE_CHANGES) expect(checkAlertChange(c)).toBe(c);
    for (const e of SAMPLE_EVENTS) expect(checkSyncEvent(e)).toBe(e);
  });

  it('leave to zod what zod would change: defaults, unknown keys, untrimmed headlines', () => {
    const [a] = sampleAlerts() as Record<string, unknown>[];
    const { description: _d, ...noDescription } = a!;
    expect(checkAlert(noDescription)).toBeNull();
    expect(AlertSchema.parse(noDescription).description).toBe('');
    expect(checkAlert({ ...a, extra: 1 })).toBeNull();
    expect(checkAlert({ ...a, headline: ' Cháy ' })).toBeNull();
    expect(AlertSchema.parse({ ...a, headline: ' Cháy ' }).headline).toBe('Cháy');
    expect(checkSyncEvent({ ...(SAMPLE_EVENTS[0] as object), extra: 1 })).toBeNull();
    // …and interpretEvent still gets zod's answer for them.
    const event = { ...(SAMPLE_EVENTS[0] as object), data: noDescription } as z.infer<typeof SyncEventSchema>;
    const domain = interpretEvent(event);
    expect(domain.kind).toBe('alert.raised');
    if (domain.kind === 'alert.raised') {
      expect(domain.alert).not.toBe(event.data);
      expect(domain.alert.description).toBe('');
    }
  });

  it('never accept what zod refuses or would change (mutation fuzz; FUZZ=n FUZZ_SEED=s for a longer run)', () => {
    const random = rng(Number(process.env.FUZZ_SEED ?? 20260101));
    let accepted = 0;
    for (let i = 0; i < Number(process.env.FUZZ ?? 6000); i++) {
      const which = i % 3;
      if (which === 0) {
        const source = sampleAlerts()[i % 4];
        if (expectAgrees(checkAlert, AlertSchema, mutate(source, random))) accepted++;
      } else if (which === 1) {
        if (expectAgrees(checkAlertChange, AlertChangeSchema, mutate(SAMPLE_CHANGES[i % 2], random))) accepted++;
      } else if (expectAgrees(checkSyncEvent, SyncEventSchema, mutate(SAMPLE_EVENTS[i % 2], random))) {
        accepted++;
      }
    }
    // Some mutations keep a value valid (e.g. another enum member): the agreement was checked on those too.
    expect(accepted).toBeGreaterThan(100);
  }, 30_000);

  it('parse a batch as EventBatchSchema does', () => {
    const items = SAMPLE_EVENTS.map(clone);
    const ok = { from: 1, to: 2, headSeq: 5, items };
    expect(parseEventBatch(ok)).toEqual({ success: true, data: ok });
    const random = rng(7);
    for (let i = 0; i < 1500; i++) {
      const raw = mutate(ok, random);
      const mine = parseEventBatch(raw);
      const zod = EventBatchSchema.safeParse(raw);
      expect(mine.success).toBe(zod.success);
      if (mine.success && zod.success) expect(mine.data).toEqual(zod.data);
    }
    const tooMany = { from: 1, to: 1, headSeq: 1, items: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => items[0]) };
    expect(parseEventBatch(tooMany).success).toBe(false);
  });
});
