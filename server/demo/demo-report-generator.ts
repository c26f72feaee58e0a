import { pick, seededRandom } from '../../src-shared/seeded-random.js';
import type { AdminUnit } from '../store/region-repository.js';
import { encodeRgbPng } from '../media/png-encoder.js';
import { DEMO_ADMIN_UNITS } from './demo-seed.js';

/**
 * The demo's citizens: every few seconds one realistic Vietnamese field report goes in
 * through the server's own Open311 API (real HTTP to its own URL, with a demo API key),
 * most with a photo drawn here (coloured blocks and the category name, a real PNG)
 * uploaded first through POST /open311/v2/media. Whatever the services catalogue holds,
 * required attributes are filled from the service definitions the API publishes.
 */

export interface DemoReportGeneratorOptions {
  /** The server's own URL, e.g. http://127.0.0.1:8787. */
  readonly baseUrl: string;
  /** A key the server accepts (registerOpen311Routes `demoApiKey`). */
  readonly apiKey: string;
  /** Default 20000. */
  readonly intervalMs?: number;
  readonly seed?: number;
  readonly units?: readonly AdminUnit[];
  /** Share of reports with a photo; default 0.7. */
  readonly photoRatio?: number;
  /** Stop after this many reports (default: never). */
  readonly maxReports?: number;
  readonly onError?: (error: unknown) => void;
}

export interface DemoReportGenerator {
  /** Submits one report now; its id, or null when it failed (onError told why). */
  tick(): Promise<string | null>;
  stop(): void;
}

interface DemoReportTemplate {
  readonly service: string;
  readonly descriptions: readonly string[];
  /** Attribute values to send when the service defines them (others are filled from the definition). */
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
  readonly colour: readonly [number, number, number];
  readonly places: readonly string[];
}

const TEMPLATES: readonly DemoReportTemplate[] = [
  {
    service: 'giao-thong',
    descriptions: [
      'Ổ gà lớn giữa đường, xe máy phải tránh, tối qua có người té ngã.',
      'Mặt đường bị sụt lún khoảng 2 mét, nước đọng sau mưa.',
      'Đèn tín hiệu giao thông ở ngã tư không hoạt động từ sáng.',
      'Biển báo hạn chế tốc độ bị gãy, nằm dưới lề đường.',
    ],
    attributes: { 'loai-su-co': 'mat-duong', 'muc-do': 'cao' },
    colour: [200, 80, 40],
    places: ['Đường 3 Tháng 2', 'Quốc lộ 61', 'Đường Trần Hưng Đạo', 'Đường Nguyễn Công Trứ'],
  },
  {
    service: 'moi-truong',
    descriptions: [
      'Rác thải sinh hoạt đổ bừa bãi ven kênh, bốc mùi hôi.',
      'Cơ sở sản xuất xả nước thải ra kênh, nước đổi màu đen.',
      'Đốt rác ngoài trời gây khói bụi khu dân cư vào buổi chiều.',
    ],
    attributes: { 'loai-o-nhiem': ['rac-thai'] },
    colour: [60, 150, 70],
    places: ['Kênh Xà No', 'Khu dân cư khu vực 4', 'Chợ Vị Thanh', 'Bờ kênh Cái Côn'],
  },
  {
    service: 'chieu-sang',
    descriptions: ['Ba cột đèn đường liên tiếp không sáng, đoạn đường tối om.', 'Đèn đường sáng cả ban ngày.', 'Cột đèn bị nghiêng sau giông lốc, nguy cơ ngã.'],
    colour: [230, 190, 40],
    places: ['Đường Hòa Bình', 'Đường 19 Tháng 8', 'Cầu Cái Tắc'],
  },
  {
    service: 'cap-thoat-nuoc',
    descriptions: ['Mưa lớn, nước ngập sâu, xe chết máy hàng loạt.', 'Nắp cống bị mất, rất nguy hiểm cho người đi đường.', 'Vỡ ống nước, nước chảy tràn ra đường từ đêm qua.'],
    colour: [40, 110, 200],
    places: ['Đường Lê Hồng Phong', 'Hẻm 12 Đường Võ Văn Kiệt', 'Khu vực chợ Ngã Bảy'],
  },
  {
    service: 'cay-xanh',
    descriptions: ['Cây xanh bị gãy nhánh lớn, đè lên lề đường.', 'Cây nghiêng sát dây điện, cần cắt tỉa gấp.'],
    colour: [40, 130, 60],
    places: ['Công viên Xà No', 'Đường Châu Văn Liêm', 'Trường tiểu học Vị Thanh'],
  },
  {
    service: 'trat-tu-do-thi',
    descriptions: ['Quán ăn lấn chiếm vỉa hè, người đi bộ phải xuống lòng đường.', 'Xây dựng nhà trái phép trên đất nông nghiệp.', 'Bảng quảng cáo che khuất biển báo giao thông.'],
    colour: [150, 90, 170],
    places: ['Đường Nguyễn Trãi', 'Khu vực bến xe', 'Chợ nổi Ngã Bảy'],
  },
  {
    service: 'an-ninh-trat-tu',
    descriptions: ['Nhóm thanh niên tụ tập gây ồn ào sau 23 giờ.', 'Đua xe trái phép trên đường vào ban đêm.'],
    colour: [90, 90, 110],
    places: ['Đường Trần Ngọc Quế', 'Khu vực cầu Vị Thanh'],
  },
];

/** A template for any service the catalogue has that the list above does not know. */
function genericTemplate(serviceCode: string, serviceName: string): DemoReportTemplate {
  return { service: serviceCode, descriptions: [`Người dân phản ánh về ${serviceName.toLowerCase()} tại khu vực.`], colour: [120, 120, 120], places: ['Trung tâm xã'] };
}

// --- A PNG drawn in code: coloured blocks and the category name in a 5×7 pixel font ---

const FONT: Readonly<Record<string, string>> = {
  A: '01110100011000111111100011000110001', B: '11110100011000111110100011000111110', C: '01110100011000010000100001000101110',
  D: '11110100011000110001100011000111110', E: '11111100001000011110100001000011111', F: '11111100001000011110100001000010000',
  G: '01110100011000010111100011000101111', H: '10001100011000111111100011000110001', I: '01110001000010000100001000010001110',
  J: '00111000100001000010000101001001100', K: '10001100101010011000101001001010001', L: '10000100001000010000100001000011111',
  M: '10001110111010110101100011000110001', N: '10001100011100110101100111000110001', O: '01110100011000110001100011000101110',
  P: '11110100011000111110100001000010000', Q: '01110100011000110001101011001001101', R: '11110100011000111110101001001010001',
  S: '01111100001000001110000010000111110', T: '11111001000010000100001000010000100', U: '10001100011000110001100011000101110',
  V: '10001100011000110001100010101000100', W: '10001100011000110101101011010101010', X: '10001100010101000100010101000110001',
  Y: '10001100011000101010001000010000100', Z: '11111000010001000100010001000011111', '0': '01110100011001110101110011000101110',
  '1': '00100011000010000100001000010001110', '2': '01110100010000100010001000100011111', '3': '11111000100010000010000011000101110',
  '4': '00010001100101010010111110001000010', '5': '11111100001111000001000011000101110', '6': '00110010001000011110100011000101110',
  '7': '11111000010001000100010000100001000', '8': '01110100011000101110100011000101110', '9': '01110100011000101111000010001001100',
  '-': '00000000000000011111000000000000000', ',': '00000000000000000000001100010001000', '.': '00000000000000000000000000110001100',
  ' ': '00000000000000000000000000000000000',
};

/** Vietnamese to the font's letters: diacritics dropped, đ → D, upper case. */
export function toFontText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9 ,.-]/g, ' ');
}

/** A 320×200 RGB PNG: a 4×3 grid of shades of `colour`, and `label` (wrapped) on a dark band. */
export function demoReportPhoto(label: string, colour: readonly [number, number, number], random: () => number = Math.random): Buffer {
  const width = 320;
  const height = 200;
  const pixels = Buffer.alloc(height * (1 + width * 3));
  const shades = Array.from({ length: 12 }, () => colour.map((c) => Math.max(0, Math.min(255, Math.round(c + (random() - 0.5) * 90)))));
  const set = (x: number, y: number, rgb: readonly number[]) => pixels.set(rgb, y * (1 + width * 3) + 1 + x * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) set(x, y, shades[Math.floor(y / (height / 3)) * 4 + Math.floor(x / (width / 4))]!);
  const lines: string[] = [];
  for (const word of toFontText(label).split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && (last + ' ' + word).length <= 24) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word.slice(0, 24));
  }
  const shown = lines.slice(0, 3);
  const scale = 2;
  const bandTop = height - (shown.length * 8 * scale + 12);
  for (let y = bandTop; y < height; y++) for (let x = 0; x < width; x++) set(x, y, [25, 30, 38]);
  shown.forEach((line, row) => {
    const top = bandTop + 6 + row * 8 * scale;
    [...line].forEach((ch, i) => {
      const glyph = FONT[ch] ?? FONT[' ']!;
      for (let gy = 0; gy < 7; gy++)
        for (let gx = 0; gx < 5; gx++) {
          if (glyph[gy * 5 + gx] !== '1') continue;
          for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) set(8 + (i * 6 + gx) * scale + dx, top + gy * scale + dy, [255, 255, 255]);
        }
    });
  });
  return encodeRgbPng(width, height, pixels);
}

// --- The generator ---

interface ServiceInfo {
  service_code: string;
  service_name: string;
}

interface AttributeInfo {
  code: string;
  variable: boolean;
  required: boolean;
  datatype: string;
  values?: { key: string }[];
}

/** Fills every required attribute: the template's value when it is valid, else one from the definition. */
export function demoAttributes(template: DemoReportTemplate, attributes: readonly AttributeInfo[], random: () => number): [string, string][] {
  const out: [string, string][] = [];
  for (const a of attributes) {
    if (!a.variable) continue;
    const keys = (a.values ?? []).map((v) => v.key);
    const wanted = template.attributes?.[a.code];
    const wantedList = wanted === undefined ? [] : typeof wanted === 'string' ? [wanted] : [...wanted];
    const valid = wantedList.filter((v) => keys.length === 0 || keys.includes(v));
    if (valid.length) {
      for (const v of valid) out.push([a.datatype === 'multivaluelist' ? `attribute[${a.code}][]` : `attribute[${a.code}]`, v]);
      continue;
    }
    if (!a.required) continue;
    if (a.datatype === 'singlevaluelist' && keys.length) out.push([`attribute[${a.code}]`, pick(random, keys)]);
    else if (a.datatype === 'multivaluelist' && keys.length) out.push([`attribute[${a.code}][]`, pick(random, keys)]);
    else if (a.datatype === 'number') out.push([`attribute[${a.code}]`, String(5 + Math.floor(random() * 45))]);
    else if (a.datatype === 'datetime') out.push([`attribute[${a.code}]`, new Date().toISOString()]);
    else out.push([`attribute[${a.code}]`, 'Không rõ']);
  }
  return out;
}

export function startDemoReportGenerator(options: DemoReportGeneratorOptions): DemoReportGenerator {
  const random = seededRandom(options.seed ?? Date.now());
  const base = options.baseUrl.replace(/\/+$/, '');
  const units = options.units?.length ? options.units : DEMO_ADMIN_UNITS;
  const photoRatio = options.photoRatio ?? 0.7;
  const onError = options.onError ?? ((error: unknown) => console.error('[vigil] demo reports:', error instanceof Error ? error.message : error));
  let services: ServiceInfo[] | null = null;
  const definitions = new Map<string, AttributeInfo[]>();
  let sent = 0;
  let stopped = false;
  let busy = false;

  const getJson = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${base}${path}`);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  const uploadPhoto = async (label: string, colour: readonly [number, number, number]): Promise<string> => {
    const body = new FormData();
    body.append('api_key', options.apiKey);
    body.append('media', new Blob([new Uint8Array(demoReportPhoto(label, colour, random))], { type: 'image/png' }), 'anh-hien-truong.png');
    const response = await fetch(`${base}/open311/v2/media`, { method: 'POST', body });
    if (!response.ok) throw new Error(`POST media: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { media_url: string }).media_url;
  };

  const tick = async (): Promise<string | null> => {
    try {
      services ??= await getJson<ServiceInfo[]>('/open311/v2/services.json');
      if (!services.length) throw new Error('the server offers no services');
      const known = TEMPLATES.filter((t) => services!.some((s) => s.service_code === t.service));
      const service = known.length && random() < 0.9 ? null : pick(random, services);
      const template = service ? (TEMPLATES.find((t) => t.service === service.service_code) ?? genericTemplate(service.service_code, service.service_name)) : pick(random, known);
      const serviceName = services.find((s) => s.service_code === template.service)?.service_name ?? template.service;
      if (!definitions.has(template.service)) {
        const definition = await getJson<{ attributes: AttributeInfo[] }>(`/open311/v2/services/${encodeURIComponent(template.service)}.json`);
        definitions.set(template.service, definition.attributes);
      }
      const unit = pick(random, units);
      const lat = Math.round((unit.lat + (random() - 0.5) * 0.03) * 1e6) / 1e6;
      const lon = Math.round((unit.lon + (random() - 0.5) * 0.03) * 1e6) / 1e6;
      const form = new URLSearchParams();
      form.set('api_key', options.apiKey);
      form.set('service_code', template.service);
      form.set('lat', String(lat));
      form.set('long', String(lon));
      form.set('address_string', `${pick(random, template.places)}, ${unit.name}, Hậu Giang`);
      form.set('description', pick(random, template.descriptions));
      form.set('device_id', `demo-${Math.floor(random() * 1000)}`);
      for (const [key, value] of demoAttributes(template, definitions.get(template.service)!, random)) form.append(key, value);
      if (random() < photoRatio) form.set('media_url', await uploadPhoto(serviceName, template.colour));
      const response = await fetch(`${base}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      if (!response.ok) throw new Error(`POST requests: ${response.status} ${await response.text()}`);
      sent++;
      return ((await response.json()) as { service_request_id: string }[])[0]?.service_request_id ?? null;
    } catch (error) {
      services = null; // the catalogue may have changed: read it again next time
      onError(error);
      return null;
    }
  };

  const timer = setInterval(() => {
    if (stopped || busy) return;
    if (options.maxReports !== undefined && sent >= options.maxReports) return;
    busy = true;
    void tick().finally(() => {
      busy = false;
    });
  }, options.intervalMs ?? 20_000);
  timer.unref();
  return {
    tick,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
