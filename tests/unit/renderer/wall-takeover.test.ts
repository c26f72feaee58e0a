import { describe, expect, it } from 'vitest';
import { AlertDraftSchema, createAlert, type Alert, type AlertDraft } from '../../../src-shared/model/alert.js';
import { takeoverForDisplay } from '../../../src-renderer/surfaces/wall/wall-takeover.js';

const NOW = Date.parse('2025-03-05T07:00:00.000Z');

function alert(id: string, minutesAgo: number, patch: Partial<AlertDraft> = {}, state: Alert['state'] = 'new'): Alert {
  const draft = AlertDraftSchema.parse({
    source: 'camera-analytics',
    category: 'Security',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Likely',
    headline: `Cảnh báo ${id}`,
    cameraIds: [`cam-${id}`],
    ...patch,
  });
  return { ...createAlert(id, draft, 'system', new Date(NOW - minutesAgo * 60_000).toISOString()), state };
}

const base = { grid: '3x3' as const, tiles: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] };
const wholeDisplay = { takeover: 'display' as const, takeoverTiles: [], takeoverMaxAgeMinutes: 60 };
const someTiles = { takeover: 'tiles' as const, takeoverTiles: [8, 2], takeoverMaxAgeMinutes: 60 };

describe('alarm takeover of a wall display', () => {
  it('never takes over a display configured with none', () => {
    expect(takeoverForDisplay({ ...wholeDisplay, takeover: 'none' }, [alert('x', 1)], base, NOW)).toBeNull();
  });

  it('switches the whole display to the top alert’s cameras on a grid that fits them', () => {
    const fire = alert('fire', 5, { severity: 'Extreme', cameraIds: ['cam-1', 'cam-2', 'cam-3', 'cam-2'] });
    const flood = alert('flood', 2, { severity: 'Severe' });
    const result = takeoverForDisplay(wholeDisplay, [flood, fire], base, NOW)!;
    expect(result.alert.id).toBe('fire');
    expect(result.waiting.map((a) => a.id)).toEqual(['flood']);
    expect(result).toMatchObject({ mode: 'display', grid: '2x2', tiles: ['cam-1', 'cam-2', 'cam-3', null], takeoverIndexes: [0, 1, 2] });
    expect(takeoverForDisplay(wholeDisplay, [flood], base, NOW)).toMatchObject({ grid: '1', tiles: ['cam-flood'] });
  });

  it('puts the cameras on the configured tiles only, over what the display shows', () => {
    const result = takeoverForDisplay(someTiles, [alert('fire', 1, { cameraIds: ['cam-1', 'cam-2', 'cam-3'] })], base, NOW)!;
    expect(result.mode).toBe('tiles');
    expect(result.grid).toBe('3x3');
    expect(result.tiles).toEqual(['a', 'b', 'cam-2', 'd', 'e', 'f', 'g', 'h', 'cam-1']);
    expect(result.takeoverIndexes).toEqual([8, 2]);
    // The display's own content is not touched: takeover is an overlay.
    expect(base.tiles).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });

  it('falls back to tile 0 when the configured tiles are not on the current grid', () => {
    const small = { grid: '2x2' as const, tiles: ['a', 'b', 'c', 'd'] };
    const result = takeoverForDisplay({ ...someTiles, takeoverTiles: [8] }, [alert('fire', 1)], small, NOW)!;
    expect(result.tiles).toEqual(['cam-fire', 'b', 'c', 'd']);
    expect(result.takeoverIndexes).toEqual([0]);
  });

  it('gives the display back when the alert is acknowledged, and lets the next one in', () => {
    const fire = alert('fire', 5, { severity: 'Extreme' });
    const flood = alert('flood', 2);
    expect(takeoverForDisplay(wholeDisplay, [fire, flood], base, NOW)!.alert.id).toBe('fire');
    const acked = { ...fire, state: 'acknowledged' as const };
    expect(takeoverForDisplay(wholeDisplay, [acked, flood], base, NOW)!.alert.id).toBe('flood');
    expect(takeoverForDisplay(wholeDisplay, [acked, { ...flood, state: 'in-progress' }], base, NOW)).toBeNull();
  });

  it('queues by priority, then age, and ignores alerts without cameras or older than the limit', () => {
    const older = alert('older', 30);
    const newer = alert('newer', 10);
    const minor = alert('minor', 40, { severity: 'Minor' });
    const stale = alert('stale', 61, { severity: 'Extreme' });
    const blind = alert('blind', 1, { severity: 'Extreme', cameraIds: [] });
    const result = takeoverForDisplay(wholeDisplay, [minor, newer, stale, blind, older], base, NOW)!;
    expect([result.alert.id, ...result.waiting.map((a) => a.id)]).toEqual(['older', 'newer', 'minor']);
  });
});
