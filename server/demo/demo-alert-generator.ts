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
}

/** Builds one realistic draft: a template placed at a random point within ~2 km of a unit centre. */
export function makeDemoDraft(random: () => number, units: readonly AdminUnit[] = DEMO_ADMIN_UNITS): AlertDraft {
  const template: DemoAlertTemplate = pick(random, DEMO_ALERT_TEMPLATES);
  const candidates = template.units?.length ? units.filter((u) => template.units!.includes(u.id)) : units;
  const unit = pick(random, candidates.length ? candidates : units);
  const lat = round(unit.lat + (random() - 0.5) * 0.036);
  const lon = round(unit.lon + (random() - 0.5) * 0.036);
  const cameraIds = template.cameraPrefix
    ? [`${template.cameraPrefix}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}`]
    : [];
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
      options.raise(makeDemoDraft(random, options.units?.length ? options.units : DEMO_ADMIN_UNITS));
    } catch (error) {
      console.error('[vigil] demo generator:', error instanceof Error ? error.message : error);
    }
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
