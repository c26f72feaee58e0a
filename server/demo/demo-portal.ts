import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Agency } from '../../src-shared/model/dossier.js';
import { pick, seededRandom } from '../../src-shared/seeded-random.js';
import { parseDate } from '../portal/field-mapping.js';
import type { ConnectorConfigInput } from '../portal/http-json-connector.js';
import { VIETNAM_OFFSET_MS } from '../../src-shared/model/vietnam-time.js';

/**
 * A stand-in for the province's public-service portal (Cổng dịch vụ công), so the demo and
 * the tests have a real HTTP API to poll: the year's dossiers so far, then a new dossier or
 * a status change every few seconds. It speaks its own record format (MaHoSo, TenThuTuc,
 * NgayTiepNhan "dd/MM/yyyy HH:mm:ss", TrangThai codes …), which the centre reads through
 * assets/portal/demo-portal-mapping.json exactly as it would read a real portal.
 *
 *   GET /api/ho-so?updated_since=<ISO or dd/MM/yyyy HH:mm:ss>&limit=<1..1000>
 *   → { "data": [record…], "total": <records matching> }, oldest change first
 *
 * Deterministic: the same seed and clock give the same history and the same changes.
 * Each dossier follows a plan (received → in progress → sometimes additional documents →
 * completed, mostly on time, some late, a few left overdue) and shows the plan's state at
 * "now", so the portal changes as the clock moves, as a real one does.
 */

export const DEMO_AGENCIES: readonly Agency[] = [
  { id: 'TTPVHCC', name: 'Trung tâm Phục vụ hành chính công tỉnh Hậu Giang', shortName: 'TT PVHCC' },
  { id: 'STP', name: 'Sở Tư pháp', shortName: 'Tư pháp' },
  { id: 'SXD', name: 'Sở Xây dựng', shortName: 'Xây dựng' },
  { id: 'STNMT', name: 'Sở Tài nguyên và Môi trường', shortName: 'TN&MT' },
  { id: 'SGTVT', name: 'Sở Giao thông vận tải', shortName: 'GTVT' },
  { id: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư', shortName: 'KH&ĐT' },
  { id: 'SLDTBXH', name: 'Sở Lao động – Thương binh và Xã hội', shortName: 'LĐ-TB&XH' },
  { id: 'SYT', name: 'Sở Y tế', shortName: 'Y tế' },
  { id: 'CAT', name: 'Công an tỉnh', shortName: 'Công an' },
  { id: 'UBND-VT', name: 'UBND thành phố Vị Thanh', shortName: 'TP Vị Thanh' },
  { id: 'UBND-LM', name: 'UBND thị xã Long Mỹ', shortName: 'TX Long Mỹ' },
];

/** Where the provincial departments' dossiers are received (counter and online): the one-stop centre. */
const PROVINCIAL_DESK = 'TTPVHCC';
/** Agencies with their own reception desk. */
const OWN_DESK = new Set(['CAT', 'UBND-VT', 'UBND-LM']);

export const DEMO_PORTAL_MAPPING_FILE = fileURLToPath(new URL('../../assets/portal/demo-portal-mapping.json', import.meta.url));
export const DEMO_PORTAL_PATH = '/api/ho-so';

/** The mapping file's JSON, for a connector config (the same file a deployment would edit). */
export function readDemoPortalMapping(): unknown {
  return JSON.parse(fs.readFileSync(DEMO_PORTAL_MAPPING_FILE, 'utf8'));
}

/** The connector the demo runs against a started demo portal. */
export function demoPortalConnector(url: string, overrides: Partial<ConnectorConfigInput> = {}): ConnectorConfigInput {
  return {
    id: 'demo-portal',
    name: 'Cổng dịch vụ công tỉnh (demo)',
    baseUrl: url,
    path: DEMO_PORTAL_PATH,
    params: { updatedSince: 'updated_since', limit: 'limit', watermarkFormat: 'dd/MM/yyyy HH:mm:ss' },
    pageSize: 500,
    recordsPath: 'data',
    mapping: readDemoPortalMapping(),
    intervalMs: 5000,
    timeoutMs: 10_000,
    staleAfterMs: 5 * 60_000,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------
// The catalogue: procedures as a provincial portal lists them (names as published).

type LevelCode = '4' | '3' | '2';

interface DemoProcedure {
  code: string;
  name: string;
  field: string;
  /** MucDo: 4 toàn trình (full online), 3 một phần (partial), 2 none. */
  level: LevelCode;
  /** Handling agencies (the first is the most frequent). */
  agencies: readonly string[];
  /** Legal processing time in working days. */
  days: number;
  /** Relative frequency. */
  weight: number;
}

const PROCEDURES: readonly DemoProcedure[] = [
  { code: '1.004227', name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', field: 'Đất đai', level: '3', agencies: ['STNMT'], days: 10, weight: 6 },
  { code: '1.004238', name: 'Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất', field: 'Đất đai', level: '4', agencies: ['STNMT'], days: 1, weight: 4 },
  { code: '1.004206', name: 'Cung cấp thông tin, dữ liệu đất đai', field: 'Đất đai', level: '4', agencies: ['STNMT'], days: 3, weight: 2 },
  { code: '1.003003', name: 'Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu', field: 'Đất đai', level: '3', agencies: ['UBND-VT', 'UBND-LM'], days: 20, weight: 3 },
  { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', level: '4', agencies: ['UBND-VT', 'UBND-LM'], days: 1, weight: 5 },
  { code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', level: '3', agencies: ['UBND-VT', 'UBND-LM'], days: 1, weight: 2 },
  { code: '2.000635', name: 'Cấp bản sao trích lục hộ tịch', field: 'Hộ tịch', level: '4', agencies: ['UBND-VT', 'UBND-LM'], days: 1, weight: 3 },
  { code: '1.004873', name: 'Cấp giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch', level: '3', agencies: ['UBND-VT', 'UBND-LM'], days: 3, weight: 2 },
  { code: '2.000488', name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam', field: 'Lý lịch tư pháp', level: '4', agencies: ['STP'], days: 10, weight: 5 },
  { code: '2.000505', name: 'Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng', field: 'Lý lịch tư pháp', level: '3', agencies: ['STP'], days: 10, weight: 1 },
  { code: '2.001610', name: 'Đăng ký thành lập doanh nghiệp tư nhân', field: 'Đăng ký kinh doanh', level: '4', agencies: ['SKHDT'], days: 3, weight: 2 },
  { code: '2.002038', name: 'Đăng ký thành lập công ty TNHH một thành viên', field: 'Đăng ký kinh doanh', level: '4', agencies: ['SKHDT'], days: 3, weight: 3 },
  { code: '1.005112', name: 'Đăng ký thay đổi nội dung đăng ký doanh nghiệp', field: 'Đăng ký kinh doanh', level: '4', agencies: ['SKHDT'], days: 3, weight: 4 },
  { code: '2.000720', name: 'Đăng ký thành lập hộ kinh doanh', field: 'Đăng ký kinh doanh', level: '4', agencies: ['UBND-VT', 'UBND-LM'], days: 3, weight: 3 },
  { code: '1.009972', name: 'Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV', field: 'Cấp phép xây dựng', level: '3', agencies: ['SXD'], days: 20, weight: 2 },
  { code: '1.009974', name: 'Điều chỉnh giấy phép xây dựng đối với công trình', field: 'Cấp phép xây dựng', level: '3', agencies: ['SXD'], days: 15, weight: 1 },
  { code: '1.009976', name: 'Gia hạn giấy phép xây dựng', field: 'Cấp phép xây dựng', level: '4', agencies: ['SXD'], days: 5, weight: 1 },
  { code: '1.009994', name: 'Cấp giấy phép xây dựng đối với nhà ở riêng lẻ', field: 'Cấp phép xây dựng', level: '3', agencies: ['UBND-VT', 'UBND-LM'], days: 15, weight: 3 },
  { code: '1.002809', name: 'Đổi giấy phép lái xe do ngành Giao thông vận tải cấp', field: 'Giấy phép lái xe', level: '4', agencies: ['SGTVT'], days: 5, weight: 6 },
  { code: '1.002804', name: 'Cấp lại giấy phép lái xe', field: 'Giấy phép lái xe', level: '3', agencies: ['SGTVT'], days: 10, weight: 2 },
  { code: '1.002820', name: 'Cấp giấy phép lái xe quốc tế', field: 'Giấy phép lái xe', level: '4', agencies: ['SGTVT'], days: 5, weight: 1 },
  { code: '1.000105', name: 'Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam', field: 'Lao động', level: '4', agencies: ['SLDTBXH'], days: 5, weight: 2 },
  { code: '1.001978', name: 'Giải quyết hưởng trợ cấp thất nghiệp', field: 'Lao động', level: '3', agencies: ['SLDTBXH'], days: 20, weight: 3 },
  { code: '1.009467', name: 'Đăng ký nội quy lao động của doanh nghiệp', field: 'Lao động', level: '4', agencies: ['SLDTBXH'], days: 7, weight: 1 },
  { code: '1.003990', name: 'Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh', field: 'Y tế', level: '3', agencies: ['SYT'], days: 20, weight: 2 },
  { code: '1.004616', name: 'Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược', field: 'Y tế', level: '3', agencies: ['SYT'], days: 20, weight: 1 },
  { code: '1.002121', name: 'Cấp giấy phép hoạt động đối với phòng khám chuyên khoa', field: 'Y tế', level: '3', agencies: ['SYT'], days: 20, weight: 1 },
  { code: '2.002178', name: 'Cấp hộ chiếu phổ thông không gắn chíp điện tử ở trong nước', field: 'Xuất nhập cảnh', level: '3', agencies: ['CAT'], days: 8, weight: 3 },
  { code: '1.004658', name: 'Thẩm duyệt thiết kế về phòng cháy và chữa cháy', field: 'Phòng cháy, chữa cháy', level: '3', agencies: ['CAT'], days: 10, weight: 1 },
];

/** District codes (mã đơn vị hành chính) of Hậu Giang, weighted roughly by population, for provincial dossiers. */
const LOCALITIES: readonly { code: string; weight: number }[] = [
  { code: '930', weight: 4 }, // Vị Thanh
  { code: '931', weight: 2 }, // Ngã Bảy
  { code: '932', weight: 2 }, // Châu Thành A
  { code: '933', weight: 2 }, // Châu Thành
  { code: '934', weight: 3 }, // Phụng Hiệp
  { code: '935', weight: 2 }, // Vị Thủy
  { code: '936', weight: 2 }, // Long Mỹ (huyện)
  { code: '937', weight: 1 }, // Long Mỹ (thị xã)
];
const LOCALITY_OF: Readonly<Record<string, string>> = { 'UBND-VT': '930', 'UBND-LM': '937' };

type StatusCode = '1' | '2' | '3' | '4' | '5' | '6' | '7';
const STATUS_NAMES: Readonly<Record<StatusCode, string>> = {
  '1': 'Mới tiếp nhận',
  '2': 'Đang xử lý',
  '3': 'Yêu cầu bổ sung hồ sơ',
  '4': 'Tạm dừng xử lý',
  '5': 'Đã trả kết quả',
  '6': 'Trả lại hồ sơ',
  '7': 'Công dân rút hồ sơ',
};
const CHANNEL_NAMES = { '1': 'Trực tuyến', '2': 'Trực tiếp', '3': 'Bưu chính công ích' } as const;
type ChannelCode = keyof typeof CHANNEL_NAMES;

// ---------------------------------------------------------------------------------------
// Vietnam time (UTC+07:00, no daylight saving) and the working week.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const WORK_START_MIN = 7 * 60 + 30;
const WORK_END_MIN = 17 * 60;

function vnParts(ms: number): { y: number; mo: number; d: number; h: number; mi: number; s: number; dow: number } {
  const t = new Date(ms + VIETNAM_OFFSET_MS);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), dow: t.getUTCDay() };
}

function vnMidnight(ms: number): number {
  return Math.floor((ms + VIETNAM_OFFSET_MS) / DAY_MS) * DAY_MS - VIETNAM_OFFSET_MS;
}

function isWorkday(ms: number): boolean {
  const dow = vnParts(ms).dow;
  return dow >= 1 && dow <= 5;
}

function minuteOfDay(ms: number): number {
  const p = vnParts(ms);
  return p.h * 60 + p.mi;
}

/** `ms` when it falls in office hours (Mon–Fri 07:30–17:00), else the next opening. */
function nextWorkingMoment(ms: number): number {
  if (isWorkday(ms) && minuteOfDay(ms) >= WORK_START_MIN && minuteOfDay(ms) < WORK_END_MIN) return ms;
  let day = vnMidnight(ms);
  if (!(isWorkday(ms) && minuteOfDay(ms) < WORK_START_MIN)) day += DAY_MS;
  while (!isWorkday(day + 12 * HOUR_MS)) day += DAY_MS;
  return day + WORK_START_MIN * MINUTE_MS;
}

/** Due time: `days` working days after the first office moment at or after receipt, same time of day. */
function addWorkingDays(ms: number, days: number): number {
  let t = nextWorkingMoment(ms);
  for (let n = 0; n < days; ) {
    t += DAY_MS;
    if (isWorkday(t)) n++;
  }
  return t;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** dd/MM/yyyy HH:mm:ss in Vietnam time, to the second (as the portal stamps). */
function vnText(ms: number): string {
  const p = vnParts(ms);
  return `${pad(p.d)}/${pad(p.mo)}/${p.y} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}

function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

// ---------------------------------------------------------------------------------------
// Plans and their state at a moment.

interface PlanEvent {
  at: number;
  status: StatusCode;
  /** A stopped clock starts (status 3 or 4) or ends here. */
  pause?: 'start' | 'end';
}

interface DossierPlan {
  code: string;
  procedure: DemoProcedure;
  handling: string;
  receiving: string;
  channel: ChannelCode;
  locality: string;
  receivedMs: number;
  dueMs: number;
  /** Ascending; the first is the receipt. */
  events: PlanEvent[];
}

interface PortalPause {
  LoaiTamDung: string;
  TuNgay: string;
  DenNgay: string;
}

/** The portal's own record format. */
export interface DemoPortalRecord {
  MaHoSo: string;
  MaThuTuc: string;
  TenThuTuc: string;
  LinhVuc: string;
  MucDo: LevelCode;
  CoQuanTiepNhan: { Ma: string; Ten: string };
  CoQuanXuLy: { Ma: string; Ten: string };
  KenhNop: ChannelCode;
  TenKenhNop: string;
  MaDiaBan: string;
  NgayTiepNhan: string;
  HanXuLy: string;
  NgayHoanThanh: string;
  TrangThai: StatusCode;
  TenTrangThai: string;
  DanhSachTamDung: PortalPause[];
  NgayCapNhat: string;
}

const AGENCY_NAMES = new Map(DEMO_AGENCIES.map((a) => [a.id, a.name]));

/** The plan's state at `t` (null before receipt); its NgayCapNhat is the latest step's time, to the second. */
function recordAt(plan: DossierPlan, t: number): { record: DemoPortalRecord; updatedMs: number } | null {
  if (plan.receivedMs > t) return null;
  let status: StatusCode = '1';
  let updated = plan.receivedMs;
  let completed: number | null = null;
  const pauses: PortalPause[] = [];
  for (const event of plan.events) {
    if (event.at > t) break;
    status = event.status;
    updated = event.at;
    if (event.pause === 'start') pauses.push({ LoaiTamDung: STATUS_NAMES[event.status], TuNgay: vnText(event.at), DenNgay: '' });
    if (event.pause === 'end' && pauses.length > 0) pauses[pauses.length - 1]!.DenNgay = vnText(event.at);
    if (status === '5' || status === '6') completed = event.at;
  }
  return {
    updatedMs: floorSecond(updated),
    record: {
      MaHoSo: plan.code,
      MaThuTuc: plan.procedure.code,
      TenThuTuc: plan.procedure.name,
      LinhVuc: plan.procedure.field,
      MucDo: plan.procedure.level,
      CoQuanTiepNhan: { Ma: plan.receiving, Ten: AGENCY_NAMES.get(plan.receiving) ?? plan.receiving },
      CoQuanXuLy: { Ma: plan.handling, Ten: AGENCY_NAMES.get(plan.handling) ?? plan.handling },
      KenhNop: plan.channel,
      TenKenhNop: CHANNEL_NAMES[plan.channel],
      MaDiaBan: plan.locality,
      NgayTiepNhan: vnText(plan.receivedMs),
      HanXuLy: vnText(plan.dueMs),
      NgayHoanThanh: completed === null ? '' : vnText(completed),
      TrangThai: status,
      TenTrangThai: STATUS_NAMES[status],
      DanhSachTamDung: pauses,
      NgayCapNhat: vnText(updated),
    },
  };
}

function weighted<T extends { weight: number }>(random: () => number, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let x = random() * total;
  for (const item of items) {
    x -= item.weight;
    if (x < 0) return item;
  }
  return items[items.length - 1]!;
}

function between(random: () => number, min: number, max: number): number {
  return min + random() * (max - min);
}

/** How a dossier will go, drawn once; shares are those a provincial portal typically reports. */
function drawPlan(random: () => number, receivedMs: number, code: (handling: string, receivedMs: number) => string, live: boolean): DossierPlan {
  const procedure = weighted(random, PROCEDURES);
  const handling = procedure.agencies.length > 1 && random() < 0.4 ? procedure.agencies[1]! : procedure.agencies[0]!;
  const inOffice = isWorkday(receivedMs) && minuteOfDay(receivedMs) >= WORK_START_MIN && minuteOfDay(receivedMs) < WORK_END_MIN;
  const onlineShare = procedure.level === '4' ? 0.75 : procedure.level === '3' ? 0.35 : 0;
  // Outside office hours only the online channel is open.
  const channel: ChannelCode = !inOffice ? '1' : random() < onlineShare ? '1' : random() < 0.06 ? '3' : '2';
  const locality = LOCALITY_OF[handling] ?? weighted(random, LOCALITIES).code;
  const receiving = OWN_DESK.has(handling) ? handling : PROVINCIAL_DESK;
  const dueMs = addWorkingDays(receivedMs, procedure.days);
  const budget = dueMs - receivedMs;
  const events: PlanEvent[] = [{ at: receivedMs, status: '1' }];
  const push = (at: number, status: StatusCode, pause?: PlanEvent['pause']): number => {
    const last = events[events.length - 1]!.at;
    const time = Math.max(Math.round(at), last + MINUTE_MS);
    events.push(pause ? { at: time, status, pause } : { at: time, status });
    return time;
  };
  const plan: DossierPlan = { code: code(handling, receivedMs), procedure, handling, receiving, channel, locality, receivedMs, dueMs, events };

  const outcome = random();
  // Live dossiers are picked up within minutes, so the demo shows them moving.
  const startDelay = live ? between(random, 1, 20) * MINUTE_MS : Math.min(between(random, 5, 240) * MINUTE_MS, budget * 0.15);
  if (outcome < 0.015) {
    // Withdrawn by the citizen (no completion time).
    push(nextWorkingMoment(receivedMs + between(random, 0.02, 0.3) * budget), '7');
    return plan;
  }
  let cursor = push(nextWorkingMoment(receivedMs + startDelay), '2');
  let stopped = 0;
  const pauseDraw = random();
  if (pauseDraw < 0.14 || pauseDraw > 0.975) {
    const additionalDocs = pauseDraw < 0.14;
    const from = push(nextWorkingMoment(cursor + between(random, 0.05, 0.4) * budget), additionalDocs ? '3' : '4', 'start');
    const length = additionalDocs ? between(random, 12, 144) * HOUR_MS : between(random, 24, 96) * HOUR_MS;
    cursor = push(nextWorkingMoment(from + length), '2', 'end');
    stopped = cursor - from;
  }
  if (outcome < 0.045) {
    push(nextWorkingMoment(receivedMs + stopped + between(random, 0.3, 0.9) * budget), '6');
  } else if (outcome < 0.065) {
    // Left overdue and still open.
  } else if (outcome < 0.14) {
    push(nextWorkingMoment(dueMs + stopped + between(random, 4, 200) * HOUR_MS), '5');
  } else {
    const due = dueMs + stopped;
    let done = nextWorkingMoment(receivedMs + stopped + between(random, 0.3, 0.97) * budget);
    if (done > due) done = due - between(random, 5, 90) * MINUTE_MS;
    push(Math.max(done, cursor + 10 * MINUTE_MS), '5');
  }
  return plan;
}

/** A day's arrivals: office days busy, weekends a few online ones. */
function arrivalsOn(random: () => number, dayStart: number): number[] {
  const workday = isWorkday(dayStart + 12 * HOUR_MS);
  const count = workday ? 8 + Math.floor(random() * 9) : Math.floor(random() * 4);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const counter = workday && random() < 0.65;
    const minute = counter
      ? random() < 0.55
        ? between(random, WORK_START_MIN, 11 * 60 + 30)
        : between(random, 13 * 60 + 30, WORK_END_MIN)
      : between(random, 6 * 60, 23 * 60);
    times.push(dayStart + Math.round(minute * MINUTE_MS + random() * MINUTE_MS));
  }
  return times.sort((a, b) => a - b);
}

export interface DemoPortalOptions {
  seed: number;
  /** The portal's clock; default Date.now. */
  now?: () => number;
  /** Default 0: a free port on 127.0.0.1. */
  port?: number;
  /** A new dossier or a status change every this many ms (±50 %); default 4000; 0: none (only `tick()`). */
  tickMs?: number;
}

export interface DemoPortal {
  /** http://127.0.0.1:<port> (the API is at DEMO_PORTAL_PATH). */
  url: string;
  agencies: readonly Agency[];
  /** One change now: a new dossier or the next step of an open one. */
  tick(): void;
  /** Dossiers received so far. */
  size(): number;
  stop(): Promise<void>;
}

const MAX_LIMIT = 1000;

/** Starts the demo portal: the history back-filled (year so far, at least the last 35 days), then the live changes. */
export async function startDemoPortal(options: DemoPortalOptions): Promise<DemoPortal> {
  const now = options.now ?? Date.now;
  const startMs = now();
  const history = seededRandom(options.seed);
  const live = seededRandom((options.seed ^ 0x5bd1e995) >>> 0);
  const plans: DossierPlan[] = [];
  const sequence = new Map<string, number>();
  const codeFor = (handling: string, receivedMs: number): string => {
    const p = vnParts(receivedMs);
    const day = `${String(p.y).slice(2)}${pad(p.mo)}${pad(p.d)}`;
    const key = `${handling}-${day}`;
    const n = (sequence.get(key) ?? 0) + 1;
    sequence.set(key, n);
    return `HG.${handling}-${day}-${pad(n, 4)}`;
  };

  // The year so far, but at least 35 days: the board's 30-day trend is full even in January.
  const { y } = vnParts(startMs);
  const yearStart = Date.UTC(y, 0, 1) - VIETNAM_OFFSET_MS;
  for (let day = Math.min(yearStart, vnMidnight(startMs) - 35 * DAY_MS); day <= startMs; day += DAY_MS) {
    for (const at of arrivalsOn(history, day)) {
      if (at > startMs) continue;
      plans.push(drawPlan(history, at, codeFor, false));
    }
  }

  const tick = (): void => {
    const t = now();
    const open = plans.filter((plan) => {
      const state = recordAt(plan, t);
      return state !== null && !['5', '6', '7'].includes(state.record.TrangThai);
    });
    if (open.length === 0 || live() < 0.55) {
      plans.push(drawPlan(live, t, codeFor, true));
      return;
    }
    const plan = pick(live, open);
    const next = plan.events.findIndex((event) => event.at > t);
    if (next === -1) {
      // An open dossier with nothing planned (left overdue): it is finally done, late.
      plan.events.push({ at: Math.max(t, plan.events[plan.events.length - 1]!.at + 1000), status: '5' });
      return;
    }
    // Bring its next step forward to now, and the steps after it with it.
    const shift = plan.events[next]!.at - t;
    for (let i = next; i < plan.events.length; i++) plan.events[i]!.at -= shift;
  };

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const url = new URL(req.url ?? '/', 'http://demo-portal');
    if (req.method !== 'GET' || url.pathname !== DEMO_PORTAL_PATH) {
      send(404, { loi: 'Không tìm thấy', path: url.pathname });
      return;
    }
    const sinceText = url.searchParams.get('updated_since');
    let sinceMs = Number.NEGATIVE_INFINITY;
    if (sinceText !== null && sinceText !== '') {
      const parsed = parseDate(sinceText, 'iso') ?? parseDate(sinceText, 'dd/MM/yyyy HH:mm:ss');
      if (parsed === null) {
        send(400, { loi: 'updated_since không hợp lệ (ISO 8601 hoặc dd/MM/yyyy HH:mm:ss)' });
        return;
      }
      sinceMs = Date.parse(parsed);
    }
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      send(400, { loi: `limit phải là số nguyên từ 1 đến ${MAX_LIMIT}` });
      return;
    }
    const t = now();
    const matching: { record: DemoPortalRecord; updatedMs: number }[] = [];
    for (const plan of plans) {
      const state = recordAt(plan, t);
      if (state && state.updatedMs >= sinceMs) matching.push(state);
    }
    // Oldest change first, then by code: the order the connector's watermark relies on.
    matching.sort((a, b) => a.updatedMs - b.updatedMs || (a.record.MaHoSo < b.record.MaHoSo ? -1 : a.record.MaHoSo > b.record.MaHoSo ? 1 : 0));
    send(200, { data: matching.slice(0, limit).map((m) => m.record), total: matching.length });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let timer: NodeJS.Timeout | null = null;
  const tickMs = options.tickMs ?? 4000;
  const scheduleTick = (): void => {
    if (tickMs <= 0) return;
    timer = setTimeout(() => {
      tick();
      scheduleTick();
    }, Math.round(tickMs * between(live, 0.5, 1.5)));
    timer.unref();
  };
  scheduleTick();

  return {
    url: `http://127.0.0.1:${port}`,
    agencies: DEMO_AGENCIES,
    tick,
    size: () => plans.filter((plan) => plan.receivedMs <= now()).length,
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
