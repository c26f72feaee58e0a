import { describe, expect, it } from 'vitest';
import { ulid } from '../../../src-shared/ulid.js';
import { CommandIdSchema } from '../../../src-shared/protocol/sync-protocol.js';

describe('ulid', () => {
  it('makes valid, unique ids that sort by creation even within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => ulid(1_764_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 20)) expect(CommandIdSchema.safeParse(id).success).toBe(true);
    expect(ulid(1_764_000_000_001) > ids[ids.length - 1]!).toBe(true);
  });
});
