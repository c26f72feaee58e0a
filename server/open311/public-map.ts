import type { FastifyInstance } from 'fastify';
import type { PublicReport, ReportsPort } from '../reports/reports-port.js';
import { MAX_SPAN_MS } from './open311-params.js';
import { escapeHtml, sendPage } from './public-html.js';

/** The map shows at most this many reports (newest first). */
export const PUBLIC_MAP_LIMIT = 5000;

/** [west, south, east, north]: Hậu Giang and a margin, when there is nothing to frame. */
const DEFAULT_BOUNDS: [number, number, number, number] = [105.35, 9.55, 105.9, 10.02];

export interface MapPoint {
  id: string;
  service_code: string;
  status: 'open' | 'closed';
  lon: number;
  lat: number;
}

/** ~11 m: enough to see the street, not the doorstep. */
const round4 = (n: number): number => Math.round(n * 1e4) / 1e4;

/** Open reports and resolved ones of the last 90 days that have a position; nothing else about them. */
export function publicMapPoints(reports: ReportsPort, nowMs: number): MapPoint[] {
  const recent = reports.query({ startMs: nowMs - MAX_SPAN_MS, endMs: nowMs, limit: PUBLIC_MAP_LIMIT });
  const shown = (r: PublicReport) => r.status === 'open' || r.extended_status === 'resolved';
  return recent
    .filter((r) => shown(r) && Number.isFinite(r.lat) && Number.isFinite(r.long))
    .map((r) => ({ id: String(r.service_request_id), service_code: r.service_code, status: r.status === 'open' ? 'open' : 'closed', lon: round4(r.long!), lat: round4(r.lat!) }));
}

export function publicMapGeoJson(points: readonly MapPoint[]): unknown {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { id: p.id, service_code: p.service_code, status: p.status },
    })),
  };
}

const WIDTH = 800;
const HEIGHT = 560;
const PAD = 20;

/** The points on a plain SVG (equirectangular, scaled by cos(latitude)); each links to its tracking page. */
export function renderMapSvg(points: readonly MapPoint[], serviceNames: ReadonlyMap<string, string>): string {
  let [west, south, east, north] = DEFAULT_BOUNDS;
  if (points.length) {
    west = Math.min(...points.map((p) => p.lon));
    east = Math.max(...points.map((p) => p.lon));
    south = Math.min(...points.map((p) => p.lat));
    north = Math.max(...points.map((p) => p.lat));
    const margin = Math.max(0.01, (east - west) * 0.05, (north - south) * 0.05);
    [west, south, east, north] = [west - margin, south - margin, east + margin, north + margin];
  }
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const scale = Math.min((WIDTH - 2 * PAD) / ((east - west) * k), (HEIGHT - 2 * PAD) / (north - south));
  const x = (lon: number) => (PAD + (lon - west) * k * scale).toFixed(1);
  const y = (lat: number) => (PAD + (north - lat) * scale).toFixed(1);
  const dots = points
    .map((p) => {
      const label = `#${p.id} · ${serviceNames.get(p.service_code) ?? p.service_code} · ${p.status === 'open' ? 'đang xử lý' : 'đã giải quyết'}`;
      return `<a href="/theo-doi/${encodeURIComponent(p.id)}"><circle class="${p.status}" cx="${x(p.lon)}" cy="${y(p.lat)}" r="5"><title>${escapeHtml(label)}</title></circle></a>`;
    })
    .join('\n');
  return `<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Bản đồ phản ánh">
<rect class="frame" x="0.5" y="0.5" width="${WIDTH - 1}" height="${HEIGHT - 1}"/>
<text x="${PAD}" y="${HEIGHT - 6}">${escapeHtml(`${north.toFixed(2)}°N–${south.toFixed(2)}°N, ${west.toFixed(2)}°E–${east.toFixed(2)}°E`)}</text>
${dots}
</svg>`;
}

/**
 * The public map: `/ban-do-phan-anh` (server-drawn SVG, no script) and
 * `/open311/v2/public-map.geojson` (id, service_code, status, position rounded to 4
 * decimals; no description, no personal data).
 */
export function registerPublicMap(app: FastifyInstance, reports: ReportsPort, now: () => number): void {
  app.get('/open311/v2/public-map.geojson', async (_request, reply) =>
    reply
      .header('content-type', 'application/geo+json; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=60')
      .send(JSON.stringify(publicMapGeoJson(publicMapPoints(reports, now())))),
  );

  app.get('/ban-do-phan-anh', async (_request, reply) => {
    const points = publicMapPoints(reports, now());
    const names = new Map(reports.services().map((s) => [s.service_code, s.service_name]));
    const open = points.filter((p) => p.status === 'open').length;
    const body = `<h1>Bản đồ phản ánh</h1>
<p class="muted">Phản ánh đang xử lý và đã giải quyết trong 90 ngày qua (vị trí làm tròn). Chọn một điểm để xem chi tiết.</p>
<p class="legend"><span><span class="dot open"></span>Đang xử lý: ${open}</span><span><span class="dot closed"></span>Đã giải quyết: ${points.length - open}</span></p>
${renderMapSvg(points, names)}
<p class="muted">Dữ liệu: <a href="/open311/v2/public-map.geojson">GeoJSON</a> · <a href="/open311/v2/discovery.json">Open311 GeoReport v2</a></p>`;
    return sendPage(reply, 200, 'Bản đồ phản ánh', body);
  });
}
