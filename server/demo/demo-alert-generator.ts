import type { AlertDraft } from '../../src-shared/model/alert.js';
import type { AdminUnit } from '../store/region-repository.js';
import { DEMO_ALERT_TEMPLATES, type DemoAlertTemplate } from './demo-alert-templates.js';
import { DEMO_ADMIN_UNITS } from './demo-seed.js';
import { pick, seededRandom } from '../../src-shared/seeded-random.js';

export interface DemoGeneratorOptions {
  readonly intervalMs: number;
  /** Raises one alert from a draft; the generator is the "demo-generator" source actor. */
  readonly raise: (draft: AlertDraft) => void;
  readonly openAlerts: () => number;
  readonly seed?: number;
  /** Stop adding when the queue is this full, so a long demo stays workable. */
  readonly maxOpen?: number;
  readonly units?: readonly AdminUnit[];
  /** The registered cameras, read at each raise, so alerts name cameras that exist and stream. */
  readonly cameras?: () => readonly DemoCameraRef[];
}

export interface DemoCameraRef {
  readonly id: string;
  readonly enabled: boolean;
  readonly location: { readonly lat: number; readonly lon: number };
}

/** The `n` enabled cameras closest to a point (flat-earth distance is fine at a province's scale). */
function nearestCameras(cameras: readonly DemoCameraRef[], lat: number, lon: number, n: number): string[] {
  return cameras
    .filter((c) => c.enabled)
    .map((c) => ({ id: c.id, d: (c.location.lat - lat) ** 2 + ((c.location.lon - lon) * Math.cos((lat * Math.PI) / 180)) ** 2 }))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, n)
    .map((c) => c.id);
}

/** Builds one realistic draft: a template placed at a random point within ~2 km of a unit centre. */
export function makeDemoDraft(random: () => number, units: readonly AdminUnit[] = DEMO_ADMIN_UNITS, cameras: readonly DemoCameraRef[] = []): AlertDraft {
  const template: DemoAlertTemplate = pick(random, DEMO_ALERT_TEMPLATES);
  const candidates = template.units?.length ? units.filter((u) => template.units!.includes(u.id)) : units;
  const unit = pick(random, candidates.length ? candidates : units);
  const lat = round(unit.lat + (random() - 0.5) * 0.036);
  const lon = round(unit.lon + (random() - 0.5) * 0.036);
  const cameraIds = template.nearCameras ? nearestCameras(cameras, lat, lon, template.nearCameras) : [];
  return {
    source: template.source,
    category: template.category,
    severity: template.severity,
    urgency: template.urgency,
    certainty: template.certainty,
    headline: template.headline.replace('{unit}', unit.name),
    description: template.description,
    location: { lat, lon, areaDesc: unit.name },
    cameraIds,
  };
}

function round(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

export function startDemoAlertGenerator(options: DemoGeneratorOptions): { stop(): void } {
  const random = seededRandom(options.seed ?? Date.now());
  const maxOpen = options.maxOpen ?? 200;
  const timer = setInterval(() => {
    try {
      if (options.openAlerts() >= maxOpen) return;
      options.raise(makeDemoDraft(random, options.units?.length ? options.units : DEMO_ADMIN_UNITS, options.cameras?.() ?? []));
    } catch (error) {
      console.error('[vigil] demo generator:', error instanceof Error ? error.message : error);
    }
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
