import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AgencySchema, type Agency, type Dossier } from '../../src-shared/model/dossier.js';
import type { ConnectorHealth } from '../../src-shared/model/kpi.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { DossierRepository, type ConnectorState } from '../store/dossier-repository.js';
import type { VigilStore } from '../store/vigil-store.js';
import { importDossierCsv, type CsvImportReport } from './csv-import.js';
import { describeConfigIssues, type FieldMapping } from './field-mapping.js';
import {
  ConnectorConfigSchema,
  emptyHealth,
  HttpJsonConnector,
  MappingRefSchema,
  MAX_RECENT_SKIPS,
  type ConnectorConfigInput,
  type FetchLike,
  type PollReport,
  type PortalLog,
  type ResolvedConnectorConfig,
} from './http-json-connector.js';

/**
 * The entry point of the public-service portal ingestion: the connectors of the config,
 * each polling its portal into the dossier tables, plus CSV back-fills through the same
 * mappings. The composition root starts it with the store and listens via `onChanged`.
 *
 * Config file (JSON), e.g.:
 *
 *   { "mappings": ["demo-portal-mapping.json"],
 *     "agencies": [{ "id": "STP", "name": "Sở Tư pháp", "shortName": "STP" }],
 *     "connectors": [{
 *       "id": "dvc-hau-giang", "name": "Cổng dịch vụ công tỉnh",
 *       "baseUrl": "https://dichvucong.example.gov.vn", "path": "/api/ho-so",
 *       "params": { "updatedSince": "updated_since", "limit": "limit", "watermarkFormat": "iso" },
 *       "pageSize": 500, "recordsPath": "data", "mapping": "demo-portal",
 *       "intervalMs": 60000, "timeoutMs": 15000, "staleAfterMs": 900000,
 *       "headers": { "Authorization": "Bearer …" } }] }
 *
 * A mapping is an inline object, the id of one in `mappings`, or (in a file read by
 * loadPortalConfigFile) a path to a mapping file relative to the config file.
 */

/** A mapping in the `mappings` list: an object (files are read before parsing, by loadPortalConfigFile). */
const MappingEntrySchema = MappingRefSchema.transform((value, ctx): FieldMapping => {
  if (typeof value !== 'string') return value;
  ctx.addIssue({ code: 'custom', message: `"${value}" is not a mapping object (a file name is read only by loadPortalConfigFile)`, input: value });
  return z.NEVER;
});

export const PortalConfigSchema = z
  .strictObject({
    mappings: z.array(MappingEntrySchema).max(100).default([]),
    /** Agency names for the board; added or renamed at start. */
    agencies: z.array(AgencySchema).max(5000).default([]),
    connectors: z.array(ConnectorConfigSchema).max(50).default([]),
  })
  .transform((config, ctx): PortalConfig => {
    const mappings = new Map<string, FieldMapping>();
    const addMapping = (mapping: FieldMapping, at: (string | number)[]): void => {
      const known = mappings.get(mapping.id);
      if (known && known !== mapping) ctx.addIssue({ code: 'custom', message: `mapping id "${mapping.id}" is used twice`, path: at, input: mapping.id });
      mappings.set(mapping.id, mapping);
    };
    config.mappings.forEach((mapping, i) => addMapping(mapping, ['mappings', i, 'id']));
    config.connectors.forEach((connector, i) => {
      if (typeof connector.mapping !== 'string') addMapping(connector.mapping, ['connectors', i, 'mapping', 'id']);
    });
    const ids = new Set<string>();
    const connectors: ResolvedConnectorConfig[] = [];
    config.connectors.forEach((connector, i) => {
      if (ids.has(connector.id)) ctx.addIssue({ code: 'custom', message: `connector id "${connector.id}" is used twice`, path: ['connectors', i, 'id'], input: connector.id });
      ids.add(connector.id);
      const mapping = typeof connector.mapping === 'string' ? mappings.get(connector.mapping) : connector.mapping;
      if (!mapping) {
        const known = [...mappings.keys()].join(', ') || 'none';
        ctx.addIssue({ code: 'custom', message: `no mapping "${String(connector.mapping)}" (mappings: ${known})`, path: ['connectors', i, 'mapping'], input: connector.mapping });
        return;
      }
      connectors.push({ ...connector, mapping });
    });
    return { mappings: [...mappings.values()], agencies: config.agencies, connectors };
  });
export type PortalConfigInput = z.input<typeof PortalConfigSchema>;
export interface PortalConfig {
  mappings: FieldMapping[];
  agencies: Agency[];
  connectors: ResolvedConnectorConfig[];
}

/** Checks a portal config (the parsed JSON); the failure names each problem's place. */
export function parsePortalConfig(json: unknown): Result<PortalConfig> {
  const parsed = PortalConfigSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const { message, issues } = describeConfigIssues(parsed.error, 'portal config is refused');
  return fail('bad-request', message, { issues });
}

function readJsonFile(file: string): Result<unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return fail('not-found', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return ok(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  } catch (error) {
    return fail('bad-request', `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads and checks a config file; mapping entries that are `*.json` names are read relative to it. */
export function loadPortalConfigFile(file: string): Result<PortalConfig> {
  const read = readJsonFile(file);
  if (!read.ok) return read;
  const json = read.value as { mappings?: unknown; connectors?: unknown };
  const dir = path.dirname(file);
  const resolveFile = (value: unknown): Result<unknown> =>
    typeof value === 'string' && value.toLowerCase().endsWith('.json') ? readJsonFile(path.resolve(dir, value)) : ok(value);
  if (typeof json === 'object' && json !== null) {
    if (Array.isArray(json.mappings)) {
      const mappings: unknown[] = [];
      for (const entry of json.mappings) {
        const resolved = resolveFile(entry);
        if (!resolved.ok) return resolved;
        mappings.push(resolved.value);
      }
      json.mappings = mappings;
    }
    if (Array.isArray(json.connectors)) {
      for (const connector of json.connectors as { mapping?: unknown }[]) {
        if (typeof connector !== 'object' || connector === null) continue;
        const resolved = resolveFile(connector.mapping);
        if (!resolved.ok) return resolved;
        connector.mapping = resolved.value;
      }
    }
  }
  return parsePortalConfig(json);
}

export interface PortalIngestionOptions {
  /** The server's store (its database gains a DossierRepository), or a repository. */
  store: VigilStore | DossierRepository;
  connectors: readonly ConnectorConfigInput[];
  /** Mappings referred to by id (connectors' `mapping`, importCsv's `mappingId`). */
  mappings?: readonly unknown[];
  agencies?: readonly z.input<typeof AgencySchema>[];
  /** After each committed page or import, with the dossiers it inserted or changed. */
  onChanged?: (dossiers: Dossier[]) => void;
  now?: () => number;
  log?: PortalLog;
  /** Default true: every connector polls at once, then on its own schedule. false: only pollNow (tests, tools). */
  schedule?: boolean;
  /** Backoff jitter; default Math.random. */
  random?: () => number;
  fetch?: FetchLike;
}

export interface PortalIngestion {
  /**
   * Every configured connector's health, then each CSV source's (id `csv:<mappingId>`).
   * A CSV back-fill never polls, so its lastSuccessAt ages: pass `{ kinds: ['http-json'] }`
   * where staleness is judged.
   */
  health(options?: { kinds?: readonly ConnectorHealth['kind'][] }): ConnectorHealth[];
  /** Polls a connector now, all pages until caught up; joins a poll already running. */
  pollNow(id: string): Promise<Result<PollReport>>;
  /** Back-fills dossiers from CSV text through mapping `mappingId`; sourceId `csv:<mappingId>`. */
  importCsv(text: string, mappingId: string): Result<CsvImportReport>;
  /** Stops every schedule and waits for polls in flight; nothing is written after. */
  stop(): Promise<void>;
  /** The connectors as configured (staleAfterMs is the board's stale threshold for each). */
  readonly connectors: readonly Pick<ResolvedConnectorConfig, 'id' | 'name' | 'kind' | 'intervalMs' | 'staleAfterMs'>[];
  readonly repository: DossierRepository;
}

export const CSV_SOURCE_PREFIX = 'csv:';

/**
 * Starts the ingestion. Throws on an invalid config (the message says where), as a server
 * refuses to start with a bad option; parsePortalConfig checks it beforehand as data.
 */
export function startPortalIngestion(options: PortalIngestionOptions): PortalIngestion {
  const parsed = parsePortalConfig({ mappings: options.mappings ?? [], agencies: options.agencies ?? [], connectors: options.connectors });
  if (!parsed.ok) throw new Error(parsed.message);
  const config = parsed.value;
  const repository = options.store instanceof DossierRepository ? options.store : new DossierRepository(options.store.db);
  const now = options.now ?? Date.now;
  const iso = (ms: number = now()): string => new Date(ms).toISOString();
  const mappings = new Map(config.mappings.map((m) => [m.id, m]));
  if (config.agencies.length > 0) repository.upsertAgencies(config.agencies, iso());

  const notify = (dossiers: Dossier[]): void => {
    if (dossiers.length === 0) return;
    try {
      options.onChanged?.(dossiers);
    } catch (error) {
      options.log?.('error', `[portal] onChanged failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const connectors = new Map(
    config.connectors.map((c) => [
      c.id,
      new HttpJsonConnector(c, { repository, onChanged: notify, now, log: options.log, random: options.random, fetch: options.fetch }),
    ]),
  );
  let stopped = false;
  if (options.schedule !== false) for (const connector of connectors.values()) connector.start();

  const importCsv = (text: string, mappingId: string): Result<CsvImportReport> => {
    if (stopped) return fail('unavailable', 'portal ingestion is stopped');
    const mapping = mappings.get(mappingId);
    if (!mapping) return fail('not-found', `no mapping "${mappingId}" (mappings: ${[...mappings.keys()].join(', ') || 'none'})`);
    const sourceId = `${CSV_SOURCE_PREFIX}${mappingId}`;
    const at = iso();
    const state: ConnectorState = repository.connectorState(sourceId) ?? {
      id: sourceId,
      kind: 'csv',
      watermark: null,
      health: emptyHealth(sourceId, `CSV: ${mapping.description || mappingId}`, 'csv'),
      skippedAtMark: [],
    };
    const health = state.health;
    health.lastAttemptAt = at;
    const result = repository.transaction(() => {
      const imported = importDossierCsv({ repository, text, mapping, sourceId });
      if (!imported.ok) {
        health.consecutiveFailures++;
        health.lastError = { at, message: imported.message };
      } else {
        const report = imported.value;
        const watermark = report.newestUpdatedAt !== null && (state.watermark === null || Date.parse(report.newestUpdatedAt) > Date.parse(state.watermark))
          ? report.newestUpdatedAt
          : state.watermark;
        state.watermark = watermark;
        health.watermark = watermark;
        health.lastSuccessAt = at;
        health.consecutiveFailures = 0;
        health.recordsIngested += report.imported;
        health.recordsSkipped += report.skippedCount;
        const fresh = report.skipped.slice(0, MAX_RECENT_SKIPS).map((s) => ({ at, recordKey: s.recordKey, reason: `row ${s.row}: ${s.reason}` }));
        health.recentSkips = [...fresh, ...health.recentSkips].slice(0, MAX_RECENT_SKIPS);
      }
      repository.saveConnectorState(state, at);
      return imported;
    });
    if (result.ok) {
      options.log?.('info', `[portal ${sourceId}] CSV import: ${result.value.imported} imported, ${result.value.unchanged} unchanged, ${result.value.skippedCount} skipped`);
      notify(result.value.changed);
    } else {
      options.log?.('warn', `[portal ${sourceId}] CSV import refused: ${result.message}`);
    }
    return result;
  };

  return {
    health(filter) {
      const kinds = new Set(filter?.kinds ?? ['http-json', 'csv']);
      const list = kinds.has('http-json') ? [...connectors.values()].map((c) => c.health()) : [];
      for (const state of kinds.has('csv') ? repository.listConnectorStates() : []) {
        if (state.kind !== 'csv') continue;
        const health = { ...state.health, watermark: state.watermark };
        health.lagMs = state.watermark === null ? null : Math.max(0, now() - Date.parse(state.watermark));
        list.push(health);
      }
      return list;
    },
    pollNow(id) {
      const connector = connectors.get(id);
      if (!connector) return Promise.resolve(fail('not-found', `no connector "${id}" (connectors: ${[...connectors.keys()].join(', ') || 'none'})`));
      return connector.pollNow();
    },
    importCsv,
    async stop() {
      stopped = true;
      await Promise.all([...connectors.values()].map((c) => c.stop()));
    },
    connectors: config.connectors.map(({ id, name, kind, intervalMs, staleAfterMs }) => ({ id, name, kind, intervalMs, staleAfterMs })),
    repository,
  };
}
