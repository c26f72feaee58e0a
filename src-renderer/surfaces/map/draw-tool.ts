import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';

export type DrawMode = 'rectangle' | 'polygon';
export type Ring = [number, number][];

/**
 * Drawing a selection on the map: a rectangle by dragging, a polygon by clicking its
 * corners and double-clicking (or clicking the first corner) to close it. While a
 * drawing is on, the map does not pan or zoom on those gestures; Escape cancels.
 */
export class DrawTool {
  private points: [number, number][] = [];
  private dragging = false;
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly map: MapLibreMap,
    private readonly mode: DrawMode,
    private readonly onChange: (ring: Ring | null) => void,
    private readonly onDone: (ring: Ring) => void,
  ) {
    map.dragPan.disable();
    map.doubleClickZoom.disable();
    map.boxZoom.disable();
    map.getCanvas().style.cursor = 'crosshair';
    this.listen('mousedown', (e) => this.down(e));
    this.listen('mousemove', (e) => this.move(e));
    this.listen('mouseup', (e) => this.up(e));
    this.listen('click', (e) => this.click(e));
    this.listen('dblclick', (e) => this.doubleClick(e));
  }

  destroy(): void {
    for (const off of this.off) off();
    this.map.dragPan.enable();
    this.map.doubleClickZoom.enable();
    this.map.boxZoom.enable();
    this.map.getCanvas().style.cursor = '';
    this.onChange(null);
  }

  private listen(type: 'mousedown' | 'mousemove' | 'mouseup' | 'click' | 'dblclick', handler: (e: MapMouseEvent) => void): void {
    this.map.on(type, handler);
    this.off.push(() => this.map.off(type, handler));
  }

  private at(e: MapMouseEvent): [number, number] {
    return [e.lngLat.lng, e.lngLat.lat];
  }

  private down(e: MapMouseEvent): void {
    if (this.mode !== 'rectangle') return;
    e.preventDefault();
    this.dragging = true;
    this.points = [this.at(e), this.at(e)];
  }

  private move(e: MapMouseEvent): void {
    if (this.mode === 'rectangle' && this.dragging) {
      this.points[1] = this.at(e);
      this.onChange(rectangle(this.points[0]!, this.points[1]));
    } else if (this.mode === 'polygon' && this.points.length > 0) {
      this.onChange(close([...this.points, this.at(e)]));
    }
  }

  private up(e: MapMouseEvent): void {
    if (this.mode !== 'rectangle' || !this.dragging) return;
    this.dragging = false;
    const ring = rectangle(this.points[0]!, this.at(e));
    this.points = [];
    if (this.pixelsApart(ring[0]!, ring[2]!) < 4) return this.onChange(null); // a click, not a drag
    this.onDone(ring);
  }

  private click(e: MapMouseEvent): void {
    if (this.mode !== 'polygon') return;
    const p = this.at(e);
    if (this.points.length >= 3 && this.pixelsApart(p, this.points[0]!) < 8) return this.finish();
    this.points.push(p);
    this.onChange(close([...this.points]));
  }

  private doubleClick(e: MapMouseEvent): void {
    if (this.mode !== 'polygon') return;
    e.preventDefault();
    this.finish();
  }

  private finish(): void {
    // A double-click also delivered two clicks at the same spot; drop repeats.
    const unique = this.points.filter((p, i, all) => i === 0 || this.pixelsApart(p, all[i - 1]!) >= 3);
    this.points = [];
    if (unique.length < 3) return this.onChange(null);
    this.onDone(close(unique));
  }

  private pixelsApart(a: [number, number], b: [number, number]): number {
    const pa = this.map.project(a);
    const pb = this.map.project(b);
    return Math.hypot(pa.x - pb.x, pa.y - pb.y);
  }
}

function rectangle(a: [number, number], b: [number, number]): Ring {
  return [a, [b[0], a[1]], b, [a[0], b[1]], a];
}

function close(points: [number, number][]): Ring {
  return points.length > 0 ? [...points, points[0]!] : points;
}
