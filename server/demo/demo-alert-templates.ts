import type { AlertCategory, AlertCertainty, AlertSeverity, AlertSource, AlertUrgency } from '../../src-shared/model/alert.js';

/** One kind of realistic alert; `{unit}` in the text is replaced by the unit's name. */
export interface DemoAlertTemplate {
  readonly source: AlertSource;
  readonly category: AlertCategory;
  readonly severity: AlertSeverity;
  readonly urgency: AlertUrgency;
  readonly certainty: AlertCertainty;
  readonly headline: string;
  readonly description: string;
  /** Unit ids this can happen in; empty = any unit. */
  readonly units?: readonly string[];
  /** Camera id prefix; the generator adds a number. Only for camera-analytics. */
  /** How many registered cameras nearest to the alert's place it relates to (camera analytics, traffic). */
  readonly nearCameras?: number;
}

export const DEMO_ALERT_TEMPLATES: readonly DemoAlertTemplate[] = [
  {
    source: 'camera-analytics', category: 'Security', severity: 'Severe', urgency: 'Immediate', certainty: 'Likely',
    headline: 'Phát hiện đối tượng khả nghi tại quảng trường Vị Thanh',
    description: 'Camera phân tích hình ảnh phát hiện người lảng vảng nhiều lần quanh khu vực đỗ xe máy.',
    units: ['vi-thanh'], nearCameras: 2,
  },
  {
    source: 'camera-analytics', category: 'Transport', severity: 'Moderate', urgency: 'Immediate', certainty: 'Observed',
    headline: 'Ùn tắc giao thông nút giao Quốc lộ 1 – Ngã Bảy',
    description: 'Mật độ phương tiện vượt ngưỡng trong 15 phút, hàng xe kéo dài khoảng 800 m.',
    units: ['nga-bay'], nearCameras: 2,
  },
  {
    source: 'field-report', category: 'Met', severity: 'Moderate', urgency: 'Expected', certainty: 'Observed',
    headline: 'Ngập úng sau mưa lớn đường 3 Tháng 2, Vị Thanh',
    description: 'Người dân phản ánh nước ngập sâu 30–40 cm, xe máy chết máy nhiều.',
    units: ['vi-thanh'],
  },
  {
    source: 'portal', category: 'Other', severity: 'Minor', urgency: 'Expected', certainty: 'Observed',
    headline: 'Hồ sơ quá hạn tại Sở Xây dựng',
    description: '12 hồ sơ cấp phép xây dựng đã quá hạn xử lý trên Cổng dịch vụ công.',
  },
  {
    source: 'camera-analytics', category: 'Fire', severity: 'Severe', urgency: 'Immediate', certainty: 'Likely',
    headline: 'Phát hiện khói bất thường tại chợ {unit}',
    description: 'Thuật toán phát hiện khói/lửa báo động tại dãy ki-ốt phía sau chợ.',
    nearCameras: 2,
  },
  {
    source: 'field-report', category: 'Safety', severity: 'Moderate', urgency: 'Immediate', certainty: 'Observed',
    headline: 'Cây xanh ngã đổ chắn đường tại {unit}',
    description: 'Cây dầu lớn ngã ngang đường sau giông, chưa có thương vong, cần xử lý gấp.',
  },
  {
    source: 'camera-analytics', category: 'Transport', severity: 'Severe', urgency: 'Immediate', certainty: 'Observed',
    headline: 'Tai nạn giao thông trên Quốc lộ 61C đoạn qua {unit}',
    description: 'Va chạm giữa xe tải và xe máy, một người bị thương, giao thông ùn ứ.',
    units: ['vi-thanh', 'vi-thuy', 'chau-thanh-a'], nearCameras: 2,
  },
  {
    source: 'news', category: 'Env', severity: 'Moderate', urgency: 'Expected', certainty: 'Likely',
    headline: 'Báo chí phản ánh ô nhiễm nước thải trên kênh Xà No',
    description: 'Bài viết nêu nước kênh đổi màu, cá chết cục bộ gần khu dân cư.',
    units: ['vi-thanh', 'vi-thuy', 'chau-thanh-a'],
  },
  {
    source: 'field-report', category: 'Infra', severity: 'Minor', urgency: 'Expected', certainty: 'Observed',
    headline: 'Đèn chiếu sáng công cộng hỏng nhiều bóng tại {unit}',
    description: 'Một đoạn đường dài khoảng 500 m không có đèn chiếu sáng vào ban đêm.',
  },
  {
    source: 'cap', category: 'Met', severity: 'Severe', urgency: 'Expected', certainty: 'Likely',
    headline: 'Cảnh báo triều cường vượt báo động II trên sông Cái Lớn',
    description: 'Đài khí tượng thủy văn dự báo đỉnh triều cao nhất vào chiều tối, nguy cơ ngập vùng trũng.',
    units: ['long-my-town', 'long-my-district', 'vi-thanh'],
  },
  {
    source: 'camera-analytics', category: 'Security', severity: 'Moderate', urgency: 'Immediate', certainty: 'Possible',
    headline: 'Tụ tập đông người bất thường tại chợ nổi Ngã Bảy',
    description: 'Mật độ người vượt ngưỡng cấu hình ở bến tàu khu chợ nổi Phụng Hiệp.',
    units: ['nga-bay'], nearCameras: 2,
  },
  {
    source: 'field-report', category: 'Env', severity: 'Minor', urgency: 'Expected', certainty: 'Observed',
    headline: 'Rác thải tồn đọng nhiều ngày tại {unit}',
    description: 'Điểm tập kết rác tự phát gây mùi hôi, người dân đề nghị thu gom.',
  },
  {
    source: 'system', category: 'Infra', severity: 'Moderate', urgency: 'Immediate', certainty: 'Observed',
    headline: 'Mất kết nối nhóm camera khu vực {unit}',
    description: 'Cổng luồng video không nhận được tín hiệu từ 4 camera trong 5 phút.',
    nearCameras: 2,
  },
  {
    source: 'field-report', category: 'Health', severity: 'Moderate', urgency: 'Expected', certainty: 'Possible',
    headline: 'Nghi ngộ độc thực phẩm tại bếp ăn tập thể ở {unit}',
    description: 'Nhiều công nhân có biểu hiện đau bụng sau bữa trưa, đã đưa đi trạm y tế.',
  },
  {
    source: 'portal', category: 'Other', severity: 'Minor', urgency: 'Future', certainty: 'Likely',
    headline: 'Tỷ lệ hồ sơ trực tuyến của UBND {unit} giảm dưới chỉ tiêu',
    description: 'Tỷ lệ hồ sơ nộp trực tuyến trong tháng chỉ đạt 41%, thấp hơn chỉ tiêu 60%.',
  },
  {
    source: 'camera-analytics', category: 'Transport', severity: 'Minor', urgency: 'Immediate', certainty: 'Observed',
    headline: 'Xe dừng đỗ sai quy định trên tuyến Quản Lộ – Phụng Hiệp',
    description: 'Xe tải dừng đỗ trên làn đường quá 10 phút, gây cản trở giao thông.',
    units: ['phung-hiep', 'long-my-town'], nearCameras: 2,
  },
];
