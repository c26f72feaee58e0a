import { useMemo } from 'react';
import type { ReportView } from '../../../src-shared/desktop-api.js';
import { regionBounds, type Region } from '../../../src-shared/model/map.js';
import { useAppStore, useT } from '../../store/store-context.js';

const WIDTH = 320;
const HEIGHT = 220;

/** Rings of the region's boundary and units as SVG paths in a fixed box (equirectangular, lon scaled by cos(lat)). */
function regionPaths(region: Region): { boundary: string[]; units: string[]; project(lon: number, lat: number): [number, number] } {
  const [west, south, east, north] = regionBounds(region);
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const scale = Math.min(WIDTH / ((east - west) * kx || 1), HEIGHT / (north - south || 1));
  const project = (lon: number, lat: number): [number, number] => [(lon - west) * kx * scale, (north - lat) * scale];
  const boundary: string[] = [];
  const units: string[] = [];
  for (const f of region.features) {
    const role = f.properties.role;
    if (role !== 'boundary' && role !== 'unit') continue;
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        const d = ring.map(([lon, lat], i) => `${i === 0 ? 'M' : 'L'}${project(lon!, lat!).map((v) => v.toFixed(1)).join(' ')}`).join('') + 'Z';
        (role === 'boundary' ? boundary : units).push(d);
      }
    }
  }
  return { boundary, units, project };
}

/**
 * Where the report is, drawn from the region file the workstation already holds: no
 * tiles and no WebGL, so it shows offline and costs nothing per selection. Nearby
 * reports (suggested duplicates) are drawn too.
 */
export function ReportMiniMap({ report, nearby }: { report: ReportView; nearby: readonly ReportView[] }) {
  const t = useT();
  const region = useAppStore((s) => s.mapRegion);
  const paths = useMemo(() => (region ? regionPaths(region) : null), [region]);
  const { lat, lon } = report.location;
  if (lat === null || lon === null) return <p className="muted small">{t('reports.detail.noPosition')}</p>;
  if (!paths) return <p className="muted small">{t('reports.detail.position', { lat: lat.toFixed(5), lon: lon.toFixed(5) })}</p>;
  const [x, y] = paths.project(lon, lat);
  return (
    <figure className="report-mini-map" data-testid="report-mini-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('reports.detail.mapLabel', { lat: lat.toFixed(5), lon: lon.toFixed(5) })}>
        {paths.units.map((d, i) => (
          <path key={`u${i}`} d={d} className="mini-unit" />
        ))}
        {paths.boundary.map((d, i) => (
          <path key={`b${i}`} d={d} className="mini-boundary" />
        ))}
        {nearby.map((n) =>
          n.location.lat !== null && n.location.lon !== null ? (
            <circle key={n.id} className="mini-nearby" cx={paths.project(n.location.lon, n.location.lat)[0]} cy={paths.project(n.location.lon, n.location.lat)[1]} r={4} />
          ) : null,
        )}
        <circle className="mini-here" cx={x} cy={y} r={6} />
      </svg>
      <figcaption className="muted small">
        {lat.toFixed(5)}, {lon.toFixed(5)}
      </figcaption>
    </figure>
  );
}
