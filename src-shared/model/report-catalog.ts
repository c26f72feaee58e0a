import { z } from 'zod';
import { fail, ok, type Result } from '../result.js';
import type { AlertCategory } from './alert.js';

/**
 * The services catalogue of field reports (phản ánh hiện trường): what a citizen may
 * report, in Vietnamese, with the SLA the centre promises per category and, for some,
 * extra attributes (Open311 service definitions). Data, not code paths: the Open311
 * layer publishes it as `services` and `services/{code}`.
 */
export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export const AttributeDatatypeSchema = z.enum(ATTRIBUTE_DATATYPES);
export type AttributeDatatype = z.infer<typeof AttributeDatatypeSchema>;

export const ServiceCodeSchema = z.string().min(1).max(64).regex(/^[a-z0-9-]+$/, 'service code has illegal characters');

export interface ReportAttributeDef {
  readonly code: string;
  readonly datatype: AttributeDatatype;
  readonly required: boolean;
  /** Shown to the citizen as the question. */
  readonly description: string;
  readonly datatypeDescription: string;
  readonly order: number;
  readonly values?: readonly { readonly key: string; readonly name: string }[];
}

export interface ReportService {
  readonly code: string;
  readonly name: string;
  readonly group: string;
  readonly description: string;
  readonly keywords: readonly string[];
  /** Hours from receipt to the promised resolution (expected_datetime). */
  readonly slaHours: number;
  /** The CAP category of an SLA alert about a report of this service. */
  readonly alertCategory: AlertCategory;
  readonly attributes: readonly ReportAttributeDef[];
}

const URGENCY_ATTRIBUTE: ReportAttributeDef = {
  code: 'muc-do',
  datatype: 'singlevaluelist',
  required: false,
  description: 'Mức độ ảnh hưởng',
  datatypeDescription: 'Chọn một mức',
  order: 9,
  values: [
    { key: 'thap', name: 'Thấp' },
    { key: 'trung-binh', name: 'Trung bình' },
    { key: 'cao', name: 'Cao – nguy hiểm' },
  ],
};

export const REPORT_SERVICES: readonly ReportService[] = [
  {
    code: 'giao-thong',
    name: 'Giao thông',
    group: 'Hạ tầng',
    description: 'Hư hỏng mặt đường, đèn tín hiệu, biển báo, ùn tắc, tai nạn giao thông',
    keywords: ['ổ gà', 'mặt đường', 'đèn tín hiệu', 'biển báo', 'ùn tắc', 'cầu'],
    slaHours: 72,
    alertCategory: 'Transport',
    attributes: [
      {
        code: 'loai-su-co',
        datatype: 'singlevaluelist',
        required: true,
        description: 'Loại sự cố giao thông',
        datatypeDescription: 'Chọn một loại',
        order: 1,
        values: [
          { key: 'mat-duong', name: 'Hư hỏng mặt đường, ổ gà' },
          { key: 'den-tin-hieu', name: 'Đèn tín hiệu hỏng' },
          { key: 'bien-bao', name: 'Biển báo mất, hỏng' },
          { key: 'un-tac', name: 'Ùn tắc giao thông' },
        ],
      },
      URGENCY_ATTRIBUTE,
    ],
  },
  {
    code: 'trat-tu-do-thi',
    name: 'Trật tự đô thị',
    group: 'Đô thị',
    description: 'Lấn chiếm vỉa hè, lòng đường; xây dựng trái phép; quảng cáo sai quy định',
    keywords: ['lấn chiếm', 'vỉa hè', 'xây dựng trái phép', 'quảng cáo'],
    slaHours: 120,
    alertCategory: 'Safety',
    attributes: [],
  },
  {
    code: 'moi-truong',
    name: 'Môi trường',
    group: 'Môi trường',
    description: 'Rác thải, ô nhiễm không khí, tiếng ồn, nước thải',
    keywords: ['rác', 'ô nhiễm', 'nước thải', 'tiếng ồn', 'mùi hôi'],
    slaHours: 72,
    alertCategory: 'Env',
    attributes: [
      {
        code: 'loai-o-nhiem',
        datatype: 'multivaluelist',
        required: false,
        description: 'Loại ô nhiễm',
        datatypeDescription: 'Chọn một hay nhiều loại',
        order: 1,
        values: [
          { key: 'rac-thai', name: 'Rác thải' },
          { key: 'nuoc-thai', name: 'Nước thải' },
          { key: 'khong-khi', name: 'Khói bụi, mùi' },
          { key: 'tieng-on', name: 'Tiếng ồn' },
        ],
      },
    ],
  },
  {
    code: 'chieu-sang',
    name: 'Chiếu sáng công cộng',
    group: 'Hạ tầng',
    description: 'Đèn đường không sáng, sáng ban ngày, cột đèn nghiêng đổ',
    keywords: ['đèn đường', 'cột đèn', 'chiếu sáng'],
    slaHours: 48,
    alertCategory: 'Infra',
    attributes: [
      {
        code: 'so-cot-den',
        datatype: 'string',
        required: false,
        description: 'Số hiệu cột đèn (nếu thấy)',
        datatypeDescription: 'Ví dụ: VT-0123',
        order: 1,
      },
    ],
  },
  {
    code: 'cap-thoat-nuoc',
    name: 'Cấp thoát nước, ngập úng',
    group: 'Hạ tầng',
    description: 'Mất nước, vỡ ống, nắp cống hỏng, ngập úng',
    keywords: ['ngập', 'cống', 'mất nước', 'vỡ ống'],
    slaHours: 24,
    alertCategory: 'Infra',
    attributes: [
      {
        code: 'do-sau-ngap-cm',
        datatype: 'number',
        required: false,
        description: 'Độ sâu ngập ước tính (cm)',
        datatypeDescription: 'Số, đơn vị cm',
        order: 1,
      },
      URGENCY_ATTRIBUTE,
    ],
  },
  {
    code: 'cay-xanh',
    name: 'Cây xanh',
    group: 'Đô thị',
    description: 'Cây gãy đổ, nghiêng, che khuất tầm nhìn',
    keywords: ['cây đổ', 'cây gãy', 'cành cây'],
    slaHours: 24,
    alertCategory: 'Safety',
    attributes: [URGENCY_ATTRIBUTE],
  },
  {
    code: 'an-ninh-trat-tu',
    name: 'An ninh trật tự',
    group: 'An ninh',
    description: 'Gây rối trật tự công cộng, tụ tập, đua xe',
    keywords: ['gây rối', 'đua xe', 'tụ tập', 'trộm cắp'],
    slaHours: 24,
    alertCategory: 'Security',
    attributes: [],
  },
  {
    code: 'an-toan-thuc-pham',
    name: 'An toàn thực phẩm',
    group: 'Y tế',
    description: 'Cơ sở kinh doanh thực phẩm không bảo đảm vệ sinh, ngộ độc',
    keywords: ['thực phẩm', 'ngộ độc', 'vệ sinh'],
    slaHours: 72,
    alertCategory: 'Health',
    attributes: [],
  },
  {
    code: 'dich-vu-cong',
    name: 'Dịch vụ công',
    group: 'Hành chính',
    description: 'Thủ tục hành chính, thái độ phục vụ, hồ sơ trễ hạn',
    keywords: ['thủ tục', 'hồ sơ', 'một cửa'],
    slaHours: 120,
    alertCategory: 'Other',
    attributes: [],
  },
  {
    code: 'khac',
    name: 'Khác',
    group: 'Khác',
    description: 'Các phản ánh khác',
    keywords: [],
    slaHours: 120,
    alertCategory: 'Other',
    attributes: [],
  },
];

const BY_CODE = new Map(REPORT_SERVICES.map((s) => [s.code, s]));

export function findService(code: string): ReportService | null {
  return BY_CODE.get(code) ?? null;
}

export const MAX_ATTRIBUTE_VALUE_LENGTH = 500;

/**
 * Checks submitted attribute values against a service's definition: required ones
 * present, list values among the keys, numbers numeric, dates parseable, unknown
 * codes refused. Returns the values to keep (trimmed strings; lists as arrays).
 */
export function validateAttributes(
  service: ReportService,
  attributes: Readonly<Record<string, string | readonly string[]>>,
): Result<Record<string, string | string[]>> {
  const known = new Map(service.attributes.map((a) => [a.code, a]));
  for (const code of Object.keys(attributes)) {
    if (!known.has(code)) return fail('bad-request', `Unknown attribute "${code}" for service ${service.code}`, { attribute: code });
  }
  const out: Record<string, string | string[]> = {};
  for (const def of service.attributes) {
    const raw = Object.prototype.hasOwnProperty.call(attributes, def.code) ? attributes[def.code] : undefined;
    const values = (raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw]).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) {
      if (def.required) return fail('bad-request', `Attribute "${def.code}" is required`, { attribute: def.code });
      continue;
    }
    if (values.some((v) => v.length > MAX_ATTRIBUTE_VALUE_LENGTH)) {
      return fail('bad-request', `Attribute "${def.code}" is too long`, { attribute: def.code });
    }
    if (def.datatype !== 'multivaluelist' && values.length > 1) {
      return fail('bad-request', `Attribute "${def.code}" takes one value`, { attribute: def.code });
    }
    if (def.datatype === 'singlevaluelist' || def.datatype === 'multivaluelist') {
      const keys = new Set((def.values ?? []).map((v) => v.key));
      const bad = values.find((v) => !keys.has(v));
      if (bad !== undefined) return fail('bad-request', `"${bad}" is not a value of attribute "${def.code}"`, { attribute: def.code });
      out[def.code] = def.datatype === 'multivaluelist' ? [...new Set(values)] : values[0]!;
      continue;
    }
    const value = values[0]!;
    if (def.datatype === 'number' && !Number.isFinite(Number(value))) {
      return fail('bad-request', `Attribute "${def.code}" must be a number`, { attribute: def.code });
    }
    if (def.datatype === 'datetime' && Number.isNaN(Date.parse(value))) {
      return fail('bad-request', `Attribute "${def.code}" must be a date and time`, { attribute: def.code });
    }
    out[def.code] = value;
  }
  return ok(out);
}
