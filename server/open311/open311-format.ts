import type { Open311Service, Open311ServiceDefinition, PublicReport } from '../reports/reports-port.js';
import { CONTENT_TYPE, type Open311Format } from './open311-errors.js';
import { toW3c } from './open311-params.js';
import { xmlDocument, type XmlTree } from './open311-xml.js';

/**
 * GeoReport v2 documents, built field by field from whitelists: whatever the port adds to
 * its objects later never reaches the wire unless it is named here. Each builder returns
 * the JSON value; `renderDocument` turns it into JSON text or the spec's XML.
 */

export const GEOREPORT_V2_SPEC = 'http://wiki.open311.org/GeoReport_v2';

export interface Open311Document {
  /** XML root element (`services`, `service_requests`, …). */
  readonly root: string;
  readonly value: XmlTree;
}

export function renderDocument(document: Open311Document, format: Open311Format): { contentType: string; body: string } {
  return {
    contentType: CONTENT_TYPE[format],
    body: format === 'json' ? JSON.stringify(document.value) : xmlDocument(document.root, document.value),
  };
}

export function discoveryDocument(input: { baseUrl: string; changeset: string; contact: string; keyService: string }): Open311Document {
  return {
    root: 'discovery',
    value: {
      changeset: input.changeset,
      contact: input.contact,
      key_service: input.keyService,
      endpoints: [
        {
          specification: GEOREPORT_V2_SPEC,
          url: `${input.baseUrl}/open311/v2`,
          changeset: input.changeset,
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    },
  };
}

export function servicesDocument(services: readonly Open311Service[]): Open311Document {
  return {
    root: 'services',
    value: services.map((s) => ({
      service_code: s.service_code,
      service_name: s.service_name,
      description: s.description,
      metadata: s.metadata,
      type: s.type,
      keywords: s.keywords.join(','),
      group: s.group,
    })),
  };
}

export function definitionDocument(definition: Open311ServiceDefinition): Open311Document {
  return {
    root: 'service_definition',
    value: {
      service_code: definition.service_code,
      attributes: [...definition.attributes]
        .sort((a, b) => a.order - b.order)
        .map((a) => ({
          variable: a.variable,
          code: a.code,
          datatype: a.datatype,
          required: a.required,
          datatype_description: a.datatype_description,
          order: a.order,
          description: a.description,
          ...(a.values?.length ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
        })),
    },
  };
}

const finiteOrNull = (n: number | null): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);

/** One `request`: the spec's fields; with `extensions=true` also `extended_attributes` (Vigil's detailed status and public timeline). */
export function requestEntry(report: PublicReport, extensions: boolean): { [key: string]: XmlTree } {
  const entry: { [key: string]: XmlTree } = {
    service_request_id: String(report.service_request_id),
    status: report.status === 'closed' ? 'closed' : 'open',
    status_notes: report.status_notes ?? '',
    service_name: report.service_name ?? '',
    service_code: report.service_code,
    description: report.description ?? '',
    agency_responsible: report.agency_responsible ?? '',
    service_notice: report.service_notice ?? '',
    requested_datetime: toW3c(report.requested_datetime),
    updated_datetime: toW3c(report.updated_datetime),
    expected_datetime: report.expected_datetime ? toW3c(report.expected_datetime) : null,
    address: report.address ?? '',
    address_id: report.address_id ?? '',
    zipcode: report.zipcode ?? '',
    lat: finiteOrNull(report.lat),
    long: finiteOrNull(report.long),
    media_url: report.media_url ?? '',
  };
  if (extensions) {
    entry.extended_attributes = {
      extended_status: report.extended_status,
      duplicate_of: report.duplicate_of ?? null,
      timeline: (report.timeline ?? []).map((step) => ({ datetime: toW3c(step.at), extended_status: step.extendedStatus, note: step.note ?? '' })),
    };
  }
  return entry;
}

export function requestsDocument(reports: readonly PublicReport[], extensions: boolean): Open311Document {
  return { root: 'service_requests', value: reports.map((r) => requestEntry(r, extensions)) };
}

export function postResponseDocument(input: { id: string; token: string; serviceNotice: string; accountId: string | null }): Open311Document {
  return {
    root: 'service_requests',
    value: [{ service_request_id: input.id, token: input.token, service_notice: input.serviceNotice, account_id: input.accountId }],
  };
}

export function tokenDocument(found: { token: string; service_request_id: string }): Open311Document {
  return { root: 'service_requests', value: [{ service_request_id: found.service_request_id, token: found.token }] };
}
