import type { FastifyReply } from 'fastify';
import type { Failure } from '../../src-shared/result.js';
import { statusFor } from '../http/http-errors.js';
import { xmlDocument } from './open311-xml.js';

export type Open311Format = 'json' | 'xml';

export const CONTENT_TYPE: Readonly<Record<Open311Format, string>> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/**
 * A GeoReport v2 error: the HTTP status, and one description per problem. The body's
 * `code` is the HTTP status, as the spec's examples do (400 missing/invalid parameter,
 * 403 bad api_key, 404 unknown service or request).
 */
export interface Open311Failure {
  readonly status: number;
  readonly descriptions: readonly string[];
}

export function open311Failure(status: number, ...descriptions: string[]): Open311Failure {
  return { status, descriptions };
}

/** A domain Failure (from the ReportsPort) in Open311 terms; internal errors say nothing about their cause. */
export function fromDomainFailure(failure: Failure): Open311Failure {
  const status = statusFor(failure.code);
  return open311Failure(status, status >= 500 ? 'Internal server error' : failure.message);
}

export function errorsBody(failure: Open311Failure, format: Open311Format): string {
  const errors = failure.descriptions.map((description) => ({ code: failure.status, description }));
  return format === 'json' ? JSON.stringify(errors) : xmlDocument('errors', errors);
}

export function sendOpen311Failure(reply: FastifyReply, failure: Open311Failure, format: Open311Format): FastifyReply {
  return reply.code(failure.status).header('content-type', CONTENT_TYPE[format]).send(errorsBody(failure, format));
}

/** `.xml` at the end of the path (before any query) means XML; anything else answers in JSON. */
export function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  return path.toLowerCase().endsWith('.xml') ? 'xml' : 'json';
}
