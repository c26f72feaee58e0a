import { CommandBus } from '../../server/domain/command-bus.js';
import { VigilStore } from '../../server/store/vigil-store.js';
import type { AlertAction } from '../../src-shared/model/alert.js';
import { ulid } from '../../src-shared/ulid.js';
import { sampleDraft } from './host-harness.js';

export interface BulkRecord {
  seq: number;
  alertId: string;
  action: AlertAction | 'raise';
}

/**
 * Fills a STOPPED server's store through its own command bus (so events and
 * projection are exactly what the server would write), with fsync off for speed.
 * Every `changeEvery`-th command acknowledges an earlier alert instead of raising one.
 */
export function appendBulkAlertEvents(serverDataDir: string, count: number, options: { changeEvery?: number } = {}): BulkRecord[] {
  const store = VigilStore.open(serverDataDir);
  try {
    store.db.pragma('synchronous = OFF');
    const bus = new CommandBus(store);
    const actor = { id: 'bulk-loader', role: 'admin' as const };
    const records: BulkRecord[] = [];
    const raised: string[] = [];
    for (let i = 0; i < count; i++) {
      const change = options.changeEvery && i % options.changeEvery === options.changeEvery - 1 && raised.length > 0;
      if (change) {
        const alertId = raised.shift()!;
        const ack = bus.execute({ commandId: ulid(), type: 'alert.act', payload: { alertId, action: 'acknowledge' } }, actor);
        if (!ack.ok) throw new Error(`bulk act failed: ${ack.message}`);
        records.push({ seq: ack.seq, alertId, action: 'acknowledge' });
      } else {
        const alertId = ulid();
        const ack = bus.execute({ commandId: ulid(), type: 'alert.raise', payload: { alertId, draft: sampleDraft(i) } }, actor);
        if (!ack.ok) throw new Error(`bulk raise failed: ${ack.message}`);
        raised.push(alertId);
        records.push({ seq: ack.seq, alertId, action: 'raise' });
      }
    }
    return records;
  } finally {
    store.close();
  }
}
