import type { FastifyInstance } from 'fastify';
import type { AlertDraft } from '../../src-shared/model/alert.js';
import { DEFAULT_WORKING_CALENDAR, type WorkingCalendar } from '../../src-shared/model/working-calendar.js';
import type { UserAuthenticator } from '../auth/authenticator.js';
import { DEMO_AGENCIES, demoPortalConnector, startDemoPortal, type DemoPortal } from '../demo/demo-portal.js';
import type { VigilStore } from '../store/vigil-store.js';
import { DigestService, type DigestOptions } from './digest-service.js';
import { DossierWarningChecker } from './dossier-warnings.js';
import { DossierWarningLog } from './dossier-warning-log.js';
import { KpiEngine } from './kpi-engine.js';
import { registerKpiRoutes } from './kpi-routes.js';
import { registerPortalRoutes } from './portal-routes.js';
import { startPortalIngestion, type PortalConfig, type PortalIngestion } from './portal-ingestion.js';

/** What the server is told about the portal (options of startServer; flags in main.ts). */
export interface PortalServerOptions {
  /** Connectors, mappings and agency names (a checked config file, see loadPortalConfigFile). */
  config?: PortalConfig | null;
  /** Start the demo portal and read it through its own connector (with --demo). */
  demo?: { seed?: number; tickMs?: number } | false;
  calendar?: WorkingCalendar;
  /** Working hours before the due time from which an open dossier is at risk; default 24 (one working day). */
  atRiskWorkingHours?: number;
  /** Default stale threshold of a source without its own; default 15 min. */
  staleAfterMs?: number;
  /** Alerts for at-risk and overdue dossiers; `false` turns them off. */
  warnings?: { intervalMs?: number; maxAlertsPerRound?: number } | false;
  /** The daily digest per agency; delivered only where a webhook or SMTP server is configured. */
  digest?: DigestOptions;
}

export interface PortalRuntimeDeps {
  app: FastifyInstance;
  auth: UserAuthenticator;
  store: VigilStore;
  /** The ordinary alert path (command bus `alert.raise`); throws when refused. */
  raiseAlert(draft: AlertDraft): { alertId: string };
  onError(where: string, error: unknown): void;
  log(message: string): void;
}

export interface PortalRuntime {
  ingestion: PortalIngestion;
  kpi: KpiEngine;
  warnings: DossierWarningChecker | null;
  digest: DigestService;
  demoPortal: DemoPortal | null;
  close(): Promise<void>;
}

/**
 * The portal domain as the server runs it: ingestion (connectors, CSV), the KPI engine
 * fed by every committed batch, the warning checker and the digest, and the board's
 * HTTP routes. Registered before the server listens (Fastify wants routes first).
 */
export async function startPortalRuntime(deps: PortalRuntimeDeps, options: PortalServerOptions): Promise<PortalRuntime> {
  const calendar = options.calendar ?? DEFAULT_WORKING_CALENDAR;
  const atRiskWorkingHours = options.atRiskWorkingHours ?? 24;
  const demoPortal = options.demo ? await startDemoPortal({ seed: options.demo.seed ?? 20261128, ...(options.demo.tickMs !== undefined ? { tickMs: options.demo.tickMs } : {}) }) : null;
  const config = options.config ?? null;

  const kpi = new KpiEngine({ calendar, atRiskWorkingHours });
  let warnings: DossierWarningChecker | null = null;
  const ingestion = startPortalIngestion({
    store: deps.store,
    mappings: config?.mappings ?? [],
    agencies: [...(config?.agencies ?? []), ...(demoPortal ? DEMO_AGENCIES : [])],
    connectors: [...(config?.connectors ?? []), ...(demoPortal ? [demoPortalConnector(demoPortal.url)] : [])],
    onChanged: (dossiers) => {
      kpi.apply(dossiers);
      warnings?.onChanged(dossiers);
    },
    log: (level, message) => {
      if (level !== 'info') deps.log(`portal ${level}: ${message}`);
    },
  });
  // The first poll is asynchronous: what is already stored is loaded before any batch arrives.
  kpi.load(ingestion.repository.iterate(), ingestion.repository.listAgencies());

  const digest = new DigestService({ source: kpi, onError: (error) => deps.onError('portal digest', error) }, options.digest ?? {});
  registerKpiRoutes(deps.app, {
    auth: deps.auth,
    engine: kpi,
    digest,
    // A CSV back-fill never polls: only polled sources can make the board stale.
    connectorHealth: () => ingestion.health({ kinds: ['http-json'] }),
    ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
    staleAfterFor: (source) => ingestion.connectors.find((c) => c.id === source.id)?.staleAfterMs,
  });

  registerPortalRoutes(deps.app, {
    auth: deps.auth,
    ingestion,
    onImported: (user, mappingId, imported) => deps.log(`portal: ${user.username} imported ${imported} dossiers through mapping ${mappingId}`),
  });

  if (options.warnings !== false) {
    warnings = new DossierWarningChecker(
      {
        log: new DossierWarningLog(deps.store.db),
        transact: (fn) => deps.store.transact(() => fn()),
        raiseAlert: (draft) => deps.raiseAlert(draft),
        flagged: () => kpi.flagged(),
        current: (code) => kpi.get(code),
        agencyName: (id) => (kpi.hasAgency(id) ? kpi.agencyName(id) : null),
        onError: (error) => deps.onError('portal warnings', error),
      },
      { calendar, atRiskWorkingHours, ...(options.warnings ?? {}) },
    );
    warnings.start();
  }
  digest.start();

  return {
    ingestion,
    kpi,
    warnings,
    digest,
    demoPortal,
    async close() {
      warnings?.stop();
      digest.stop();
      await ingestion.stop();
      await demoPortal?.stop();
    },
  };
}
