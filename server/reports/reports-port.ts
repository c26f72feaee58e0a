import type { Result } from '../../src-shared/result.js';

/**
 * The seam between the field-report domain (store, lifecycle, routing, SLA, duplicates:
 * `server/reports/report-service.ts`) and the public faces that speak to citizens'
 * apps and browsers (Open311 GeoReport v2 under /open311/v2/, the public tracking page
 * and map: `server/open311/`). The public side sees only what this port returns:
 * never internal notes, never the reporter's personal data.
 */

/** Open311 `services` entry. Names are Vietnamese; `group` and `keywords` as the spec allows. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  /** True when the service has a definition with attributes (GET services/{code}). */
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string[];
  group: string;
}

export type Open311Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: Open311Datatype;
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

/** What the Open311 layer hands the domain after parsing and validating a POST. */
export interface ReportSubmission {
  serviceCode: string;
  /** Either a position or an address (or both); the HTTP layer has checked one is there. */
  lat: number | null;
  lon: number | null;
  addressString: string | null;
  addressId: string | null;
  /** ≤ 4,000 characters, stored as text (rendered inert everywhere). */
  description: string;
  /** attribute[code] values, already checked against the service definition. */
  attributes: Record<string, string | string[]>;
  mediaUrl: string | null;
  /** Personal data: kept for the centre, never published. */
  reporter: { email: string | null; phone: string | null; firstName: string | null; lastName: string | null; deviceId: string | null; accountId: string | null };
  /** Which API key (its id, never the key itself) submitted it, and through which channel. */
  apiKeyId: string;
  channel: 'open311' | 'demo' | 'hotline' | 'web';
  /** Set by the server (ISO with offset); tests may fix it. */
  receivedAt?: string;
}

/** Open311 `status`; `extendedStatus` is Vigil's detail, shown when a client asks for it. */
export type Open311Status = 'open' | 'closed';
export type ExtendedStatus = 'received' | 'classified' | 'forwarded' | 'in_progress' | 'resolved' | 'rejected' | 'duplicate';

/** One public step of a report's handling (internal notes never appear here). */
export interface PublicStep {
  at: string;
  extendedStatus: ExtendedStatus;
  /** Public note in Vietnamese (plain text). */
  note: string;
}

/** A report as the public may see it: Open311 `requests` fields plus the public timeline. */
export interface PublicReport {
  service_request_id: string;
  status: Open311Status;
  extended_status: ExtendedStatus;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  /** ISO 8601 with time zone offset (+07:00). */
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: string;
  zipcode: string;
  lat: number | null;
  long: number | null;
  media_url: string;
  /** When merged: the original's id (the citizen follows that one). */
  duplicate_of: string | null;
  timeline: PublicStep[];
}

export interface ReportQuery {
  ids?: string[];
  serviceCodes?: string[];
  /** Epoch ms, inclusive; the HTTP layer applies the spec's defaults and the 90-day cap. */
  startMs?: number;
  endMs?: number;
  statuses?: Open311Status[];
  limit: number;
}

export interface ReportsPort {
  services(): Open311Service[];
  serviceDefinition(serviceCode: string): Open311ServiceDefinition | null;
  /** Validates against the domain (known service, attribute values), stores, routes; returns the new id and token. */
  submit(submission: ReportSubmission): Result<{ id: string; token: string }>;
  get(id: string): PublicReport | null;
  /** Open311 `tokens/{token}`: the request id once the token has one. */
  byToken(token: string): { token: string; service_request_id: string } | null;
  /** Newest first. */
  query(query: ReportQuery): PublicReport[];
}
