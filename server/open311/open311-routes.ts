import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReportsPort } from '../reports/reports-port.js';
import { Open311ApiKeys, apiKeyId } from './api-keys.js';
import { fromDomainFailure, open311Failure, sendOpen311Failure, formatOfUrl, type Open311Failure, type Open311Format } from './open311-errors.js';
import {
  definitionDocument,
  discoveryDocument,
  postResponseDocument,
  renderDocument,
  requestsDocument,
  servicesDocument,
  tokenDocument,
  type Open311Document,
} from './open311-format.js';
import { appendField, fieldsFromQuery, fieldsFromSearchParams, parseRequestQuery, parseSubmission, single, type FormFields } from './open311-params.js';
import { MAX_MEDIA_BYTES, MediaStore } from './media-store.js';
import { registerPublicMap } from './public-map.js';
import { registerPublicTrackingPage } from './public-page.js';

/** A form-encoded POST: 4,000 characters of Vietnamese description percent-encoded is ~36 KB; 64 KB leaves room for the rest. */
export const OPEN311_FORM_BODY_LIMIT = 64 * 1024;
/** A multipart POST: one photo (5 MB) and at most 40 fields of 16 KB: about 6 MB in all. */
export const OPEN311_MULTIPART_FIELDS = 40;
export const OPEN311_MULTIPART_FIELD_BYTES = 16 * 1024;
/** When this API last changed (discovery `changeset`). */
export const OPEN311_CHANGESET = '2026-05-01T00:00:00+07:00';

export interface Open311Deps {
  readonly reports: ReportsPort;
  /** Accepted API keys (from resolveOpen311ApiKeys: the server option, else VIGIL_OPEN311_API_KEYS). None: every POST is a 403. */
  readonly apiKeys: readonly string[];
  /** Media go under `<dataDir>/media/`. */
  readonly dataDir: string;
  /** `https://phananh.example.vn`: used for media_url and discovery; default: the request's own scheme and host. */
  readonly publicBaseUrl?: string | null;
  /** The demo generator's key: accepted too, and its reports are marked channel 'demo'. */
  readonly demoApiKey?: string | null;
  readonly contact?: string;
  readonly now?: () => number;
}

const FORMATS: readonly Open311Format[] = ['json', 'xml'];
const LOOKUP = /^[A-Za-z0-9._:-]{1,64}$/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** `name.json` / `name.xml` → name and format; null for any other ending. */
function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  return m ? { name: m[1]!, format: m[2]!.toLowerCase() as Open311Format } : null;
}

function send(reply: FastifyReply, document: Open311Document, format: Open311Format, status = 200): FastifyReply {
  const { contentType, body } = renderDocument(document, format);
  return reply.code(status).header('content-type', contentType).send(body);
}

type FormRead = { ok: true; fields: FormFields; file: Buffer | null } | { ok: false; failure: Open311Failure };

/** Busboy and @fastify/multipart errors: size limits are 413, everything else about the body is a 400. */
function bodyFailure(error: unknown): Open311Failure {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413) return open311Failure(413, 'Request body is too large (at most one 5 MB photo and 40 fields of 16 KB)');
  return open311Failure(400, 'Malformed request body');
}

/**
 * The POST body as fields and at most one file: form-encoded (parsed by the scope's
 * parser into URLSearchParams) or multipart (streamed here, within busboy's limits).
 */
async function readForm(request: FastifyRequest, fileField: string | null): Promise<FormRead> {
  if (request.isMultipart()) {
    const fields = new Map<string, string[]>();
    let file: Buffer | null = null;
    let problem: Open311Failure | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (file !== null || (fileField !== null && part.fieldname !== fileField)) {
            problem ??= open311Failure(400, fileField ? `Only one file, in a part named "${fileField}"` : 'Only one file');
            part.file.resume();
            continue;
          }
          file = await part.toBuffer();
        } else {
          if (part.valueTruncated || part.fieldnameTruncated) problem ??= open311Failure(413, `Field ${part.fieldname.slice(0, 40)} is too long`);
          else appendField(fields, part.fieldname, String(part.value));
        }
      }
    } catch (error) {
      return { ok: false, failure: bodyFailure(error) };
    }
    return problem ? { ok: false, failure: problem } : { ok: true, fields, file };
  }
  if (request.body instanceof URLSearchParams) return { ok: true, fields: fieldsFromSearchParams(request.body), file: null };
  if (request.body === undefined || request.body === null) return { ok: true, fields: new Map(), file: null };
  return { ok: false, failure: open311Failure(400, 'Body must be application/x-www-form-urlencoded or multipart/form-data') };
}

/**
 * Open311 GeoReport v2 under /open311/v2/ (discovery, services, service definitions,
 * requests GET/POST, single request, tokens; JSON and XML), the photo upload extension
 * (POST /open311/v2/media, GET /media/<name>), the public tracking page (/theo-doi) and
 * the public map (/ban-do-phan-anh, /open311/v2/public-map.geojson).
 *
 * Form and multipart parsers live in this plugin's own scope; the rest of the server
 * keeps its JSON-only parsing and `{ok:false}` errors. Here every error is the spec's
 * `[{code, description}]` (or `<errors>`), code = HTTP status.
 */
export function registerOpen311Routes(app: FastifyInstance, deps: Open311Deps): void {
  const keys = new Open311ApiKeys([...deps.apiKeys, ...(deps.demoApiKey ? [deps.demoApiKey] : [])]);
  const demoKeyId = deps.demoApiKey ? apiKeyId(deps.demoApiKey) : null;
  const media = new MediaStore(deps.dataDir);
  const now = deps.now ?? Date.now;
  const reports = deps.reports;
  const configuredBase = deps.publicBaseUrl ? deps.publicBaseUrl.replace(/\/+$/, '') : null;

  const baseUrl = (request: FastifyRequest): string => {
    if (configuredBase) return configuredBase;
    const host = HOST.test(request.host) ? request.host : 'localhost';
    return `${request.protocol}://${host}`;
  };
  const serviceCodes = () => new Set(reports.services().map((s) => s.service_code));
  const verifyKey = (fields: FormFields, request: FastifyRequest) => keys.verify(single(fields, 'api_key') ?? single(fieldsFromQuery(request.query), 'api_key'));

  void app.register(
    async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: OPEN311_FORM_BODY_LIMIT }, (_request, body, done) => {
        done(null, new URLSearchParams(body as string));
      });
      await scope.register(multipart, {
        throwFileSizeLimit: true,
        limits: {
          fileSize: MAX_MEDIA_BYTES,
          files: 1,
          fields: OPEN311_MULTIPART_FIELDS,
          fieldSize: OPEN311_MULTIPART_FIELD_BYTES,
          fieldNameSize: 100,
          parts: OPEN311_MULTIPART_FIELDS + 1,
          headerPairs: 20,
        },
      });

      scope.setErrorHandler((error: FastifyError, request, reply) => {
        const format = formatOfUrl(request.url);
        const status = error.statusCode ?? 500;
        if (status === 413) return sendOpen311Failure(reply, open311Failure(413, 'Request body is too large'), format);
        if (status === 415) return sendOpen311Failure(reply, open311Failure(400, 'Content-Type must be application/x-www-form-urlencoded or multipart/form-data'), format);
        if (status >= 400 && status < 500) return sendOpen311Failure(reply, open311Failure(400, 'Malformed request'), format);
        scope.log.error(error);
        return sendOpen311Failure(reply, open311Failure(500, 'Internal server error'), format);
      });
      scope.setNotFoundHandler((request, reply) =>
        sendOpen311Failure(reply, open311Failure(404, `No resource ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`), formatOfUrl(request.url)),
      );
      // Read-only, credential-free resources: any web app may use them.
      scope.addHook('onSend', async (request, reply, payload) => {
        if (request.method === 'GET' || request.method === 'HEAD') reply.header('access-control-allow-origin', '*');
        reply.header('x-content-type-options', 'nosniff');
        return payload;
      });

      for (const format of FORMATS) {
        scope.get(`/discovery.${format}`, async (request, reply) =>
          send(
            reply,
            discoveryDocument({
              baseUrl: baseUrl(request),
              changeset: OPEN311_CHANGESET,
              contact: deps.contact ?? 'Trung tâm Giám sát, điều hành đô thị thông minh (IOC)',
              keyService: 'Liên hệ Trung tâm IOC để được cấp api_key cho ứng dụng gửi phản ánh.',
            }),
            format,
          ),
        );

        scope.get(`/services.${format}`, async (_request, reply) => send(reply, servicesDocument(reports.services()), format));

        scope.get(`/requests.${format}`, async (request, reply) => {
          const parsed = parseRequestQuery(fieldsFromQuery(request.query), now());
          if (!parsed.ok) return sendOpen311Failure(reply, parsed.failure, format);
          return send(reply, requestsDocument(reports.query(parsed.query), parsed.extensions), format);
        });

        scope.post(`/requests.${format}`, async (request, reply) => {
          const form = await readForm(request, 'media');
          if (!form.ok) return sendOpen311Failure(reply, form.failure, format);
          const key = verifyKey(form.fields, request);
          if (!key) return sendOpen311Failure(reply, open311Failure(403, 'api_key is missing or not valid'), format);
          const codes = serviceCodes();
          const parsed = parseSubmission(
            form.fields,
            { definitionOf: (code) => (codes.has(code) ? reports.serviceDefinition(code) : undefined) },
            { apiKeyId: key.id, channel: key.id === demoKeyId ? 'demo' : 'open311' },
          );
          if (!parsed.ok) return sendOpen311Failure(reply, parsed.failure, format);
          let submission = parsed.submission;
          let savedName: string | null = null;
          if (form.file) {
            if (submission.mediaUrl) return sendOpen311Failure(reply, open311Failure(400, 'Send media_url or a media file, not both'), format);
            const saved = media.save(form.file);
            if (!saved.ok) return sendOpen311Failure(reply, open311Failure(400, `media: ${saved.reason}`), format);
            savedName = saved.name;
            submission = { ...submission, mediaUrl: `${baseUrl(request)}/media/${saved.name}` };
          }
          const result = reports.submit(submission);
          if (!result.ok) {
            if (savedName) media.remove(savedName);
            return sendOpen311Failure(reply, fromDomainFailure(result), format);
          }
          const stored = reports.get(result.value.id);
          return send(
            reply,
            postResponseDocument({ id: result.value.id, token: result.value.token, serviceNotice: stored?.service_notice ?? '', accountId: submission.reporter.accountId }),
            format,
          );
        });
      }

      scope.get<{ Params: { file: string } }>('/services/:file', async (request, reply) => {
        const file = splitFormat(request.params.file);
        if (!file) return sendOpen311Failure(reply, open311Failure(404, 'Use services/{service_code}.json or .xml'), 'json');
        if (!LOOKUP.test(file.name) || !serviceCodes().has(file.name)) {
          return sendOpen311Failure(reply, open311Failure(404, `service_code ${file.name.slice(0, 64)} does not exist`), file.format);
        }
        const definition = reports.serviceDefinition(file.name) ?? { service_code: file.name, attributes: [] };
        return send(reply, definitionDocument(definition), file.format);
      });

      scope.get<{ Params: { file: string } }>('/requests/:file', async (request, reply) => {
        const file = splitFormat(request.params.file);
        if (!file) return sendOpen311Failure(reply, open311Failure(404, 'Use requests/{service_request_id}.json or .xml'), 'json');
        const report = LOOKUP.test(file.name) ? reports.get(file.name) : null;
        if (!report) return sendOpen311Failure(reply, open311Failure(404, `service_request_id ${file.name.slice(0, 64)} does not exist`), file.format);
        const extensions = (single(fieldsFromQuery(request.query), 'extensions') ?? '').toLowerCase() === 'true';
        return send(reply, requestsDocument([report], extensions), file.format);
      });

      scope.get<{ Params: { file: string } }>('/tokens/:file', async (request, reply) => {
        const file = splitFormat(request.params.file);
        if (!file) return sendOpen311Failure(reply, open311Failure(404, 'Use tokens/{token}.json or .xml'), 'json');
        const found = LOOKUP.test(file.name) ? reports.byToken(file.name) : null;
        if (!found) return sendOpen311Failure(reply, open311Failure(404, `token ${file.name.slice(0, 64)} does not exist`), file.format);
        return send(reply, tokenDocument(found), file.format);
      });

      // Photo upload (extension): one JPEG/PNG/WebP, api_key in the form or the query string; answers {media_url}.
      for (const [suffix, format] of [['', 'json'], ['.json', 'json'], ['.xml', 'xml']] as const) {
        scope.post(
          `/media${suffix}`,
          {
            // With the key in the query string, a wrong one is refused before the body is read.
            onRequest: async (request, reply) => {
              const queryKey = single(fieldsFromQuery(request.query), 'api_key');
              if (queryKey !== null && !keys.verify(queryKey)) return sendOpen311Failure(reply, open311Failure(403, 'api_key is missing or not valid'), format);
              return undefined;
            },
          },
          async (request, reply) => {
            const form = await readForm(request, null);
            if (!form.ok) return sendOpen311Failure(reply, form.failure, format);
            if (!verifyKey(form.fields, request)) return sendOpen311Failure(reply, open311Failure(403, 'api_key is missing or not valid'), format);
            if (!form.file) return sendOpen311Failure(reply, open311Failure(400, 'A multipart body with one image file is required'), format);
            const saved = media.save(form.file);
            if (!saved.ok) return sendOpen311Failure(reply, open311Failure(400, `media: ${saved.reason}`), format);
            const mediaUrl = `${baseUrl(request)}/media/${saved.name}`;
            return send(reply, { root: 'media', value: { media_url: mediaUrl } }, format);
          },
        );
      }
    },
    { prefix: '/open311/v2' },
  );

  void app.register(async (scope) => {
    scope.get<{ Params: { name: string } }>('/media/:name', async (request, reply) => {
      const found = media.read(request.params.name);
      reply.header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox");
      if (!found) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Not found');
      return reply
        .header('content-type', found.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('content-disposition', 'inline')
        .header('access-control-allow-origin', '*')
        .send(found.bytes);
    });
    registerPublicTrackingPage(scope, reports);
    registerPublicMap(scope, reports, now);
  });
}

