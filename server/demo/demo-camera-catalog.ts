import type { CameraKind } from '../../src-shared/model/camera.js';

/**
 * The demo cameras of the Hậu Giang area: intersections and bridges of Vị Thanh,
 * the national roads, markets, bus stations and waterways. Coordinates are
 * approximate (near the real towns, good enough for a demo map labelled as such).
 * `district` uses the names of the demo admin units (server/demo/demo-seed.ts),
 * `area` the ward or township people know the place by.
 *
 * Ordered so that the first nine (the default demo wall) mix traffic, security
 * and waterway cameras across several towns. Ids are stable: layouts, tours and
 * tests refer to them.
 */
export interface DemoCameraEntry {
  id: string;
  name: string;
  kind: CameraKind;
  lat: number;
  lon: number;
  district: string;
  address: string;
  groups: string[];
  area: string;
}

const VI_THANH = 'Vị Thanh';
const NGA_BAY = 'Ngã Bảy';
const LONG_MY_TOWN = 'Long Mỹ';
const CHAU_THANH = 'Châu Thành (Ngã Sáu)';
const CHAU_THANH_A = 'Châu Thành A (Một Ngàn)';
const PHUNG_HIEP = 'Phụng Hiệp (Cây Dương)';
const VI_THUY = 'Vị Thủy (Nàng Mau)';
const LONG_MY_DISTRICT = 'Long Mỹ (Vĩnh Viễn)';

const G_TRAFFIC_VT = 'Giao thông Vị Thanh';
const G_TRAFFIC_NB = 'Giao thông Ngã Bảy';
const G_TRAFFIC_LM = 'Giao thông Long Mỹ';
const G_SECURITY = 'An ninh trung tâm';
const G_QL1 = 'Quốc lộ 1';
const G_QL61 = 'Quốc lộ 61 – 61C';
const G_EXPRESSWAY = 'Cao tốc Cần Thơ – Cà Mau';
const G_MARKETS = 'Chợ – bến xe';
const G_WATER = 'Đường thủy – mực nước';
const G_INDUSTRY = 'Khu công nghiệp';
const G_BRIDGES = 'Cầu';

type Row = [name: string, kind: CameraKind, lat: number, lon: number, district: string, address: string, groups: string[], area: string];

const ROWS: readonly Row[] = [
  ['Nút giao Trần Hưng Đạo – 3 Tháng 2', 'traffic', 9.7842, 105.4689, VI_THANH, 'Giao lộ Trần Hưng Đạo – 3 Tháng 2, TP. Vị Thanh', [G_TRAFFIC_VT], 'Phường V'],
  ['Quảng trường Vị Thanh', 'security', 9.7826, 105.4712, VI_THANH, 'Đường Trần Hưng Đạo, Phường V, TP. Vị Thanh', [G_SECURITY], 'Phường V'],
  ['Cầu Xà No', 'traffic', 9.7881, 105.4653, VI_THANH, 'Cầu Xà No, đường 3 Tháng 2, TP. Vị Thanh', [G_TRAFFIC_VT, G_BRIDGES], 'Phường I'],
  ['Chợ nổi Ngã Bảy', 'other', 9.8166, 105.8207, NGA_BAY, 'Ngã bảy sông Phụng Hiệp, TP. Ngã Bảy', [G_WATER, G_MARKETS], 'Phường Ngã Bảy'],
  ['QL1 – Châu Thành', 'traffic', 9.9268, 105.7852, CHAU_THANH, 'Quốc lộ 1, thị trấn Ngã Sáu, huyện Châu Thành', [G_QL1], 'Ngã Sáu'],
  ['Chợ Vị Thanh', 'security', 9.7869, 105.4676, VI_THANH, 'Đường Nguyễn Công Trứ, Phường I, TP. Vị Thanh', [G_SECURITY, G_MARKETS], 'Phường I'],
  ['Nút giao QL1 – QL61 (Cái Tắc)', 'traffic', 9.8793, 105.6716, CHAU_THANH_A, 'Giao lộ Quốc lộ 1 – Quốc lộ 61, thị trấn Cái Tắc', [G_QL1, G_QL61], 'Cái Tắc'],
  ['Mực nước kênh Xà No – Vị Thanh', 'other', 9.7904, 105.4738, VI_THANH, 'Bờ kênh Xà No, Phường IV, TP. Vị Thanh', [G_WATER], 'Phường IV'],
  ['Bến xe Ngã Bảy', 'security', 9.8124, 105.8179, NGA_BAY, 'Đường Hùng Vương, Phường Lái Hiếu, TP. Ngã Bảy', [G_MARKETS, G_TRAFFIC_NB], 'Lái Hiếu'],
  ['Nút giao Võ Văn Kiệt – Nguyễn Công Trứ', 'traffic', 9.7801, 105.4751, VI_THANH, 'Giao lộ Võ Văn Kiệt – Nguyễn Công Trứ, TP. Vị Thanh', [G_TRAFFIC_VT], 'Phường III'],
  ['Trung tâm Hành chính tỉnh', 'security', 9.7809, 105.4693, VI_THANH, 'Số 14 đường Trần Hưng Đạo, TP. Vị Thanh', [G_SECURITY], 'Phường V'],
  ['QL61 – Vị Thủy', 'traffic', 9.8012, 105.5604, VI_THUY, 'Quốc lộ 61, thị trấn Nàng Mau, huyện Vị Thủy', [G_QL61], 'Nàng Mau'],
  ['Cầu Phụng Hiệp – QL1', 'traffic', 9.8187, 105.8241, NGA_BAY, 'Quốc lộ 1, cầu Phụng Hiệp, TP. Ngã Bảy', [G_QL1, G_TRAFFIC_NB, G_BRIDGES], 'Hiệp Thành'],
  ['Bến xe Vị Thanh', 'security', 9.7757, 105.4632, VI_THANH, 'Đường 3 Tháng 2, Phường VII, TP. Vị Thanh', [G_MARKETS, G_TRAFFIC_VT], 'Phường VII'],
  ['Chợ Long Mỹ', 'security', 9.6803, 105.5712, LONG_MY_TOWN, 'Đường 30 Tháng 4, Phường Thuận An, thị xã Long Mỹ', [G_MARKETS], 'Thuận An'],
  ['QL61C – Một Ngàn', 'traffic', 9.9305, 105.6388, CHAU_THANH_A, 'Quốc lộ 61C, thị trấn Một Ngàn, huyện Châu Thành A', [G_QL61], 'Một Ngàn'],
  ['Cao tốc Cần Thơ – Cà Mau, nút Tân Phú Thạnh', 'traffic', 9.9402, 105.6851, CHAU_THANH_A, 'Cao tốc Cần Thơ – Cà Mau, xã Tân Phú Thạnh', [G_EXPRESSWAY], 'Tân Phú Thạnh'],
  ['KCN Tân Phú Thạnh – cổng chính', 'security', 9.9451, 105.6943, CHAU_THANH_A, 'Khu công nghiệp Tân Phú Thạnh, huyện Châu Thành A', [G_INDUSTRY], 'Tân Phú Thạnh'],
  ['KCN Sông Hậu – cảng', 'security', 9.9713, 105.8254, CHAU_THANH, 'Khu công nghiệp Sông Hậu, xã Đông Phú, huyện Châu Thành', [G_INDUSTRY, G_WATER], 'Đông Phú'],
  ['Đường Quản Lộ – Phụng Hiệp, Cây Dương', 'traffic', 9.8021, 105.7318, PHUNG_HIEP, 'Đường Quản Lộ – Phụng Hiệp, thị trấn Cây Dương', [G_TRAFFIC_NB], 'Cây Dương'],
  ['Nút giao Hùng Vương – Nguyễn Trãi, Ngã Bảy', 'traffic', 9.8149, 105.8226, NGA_BAY, 'Giao lộ Hùng Vương – Nguyễn Trãi, TP. Ngã Bảy', [G_TRAFFIC_NB], 'Phường Ngã Bảy'],
  ['Bệnh viện Đa khoa tỉnh Hậu Giang', 'security', 9.7766, 105.4726, VI_THANH, 'Đường Trần Hưng Đạo, Phường VII, TP. Vị Thanh', [G_SECURITY], 'Phường VII'],
  ['Mực nước sông Cái Lớn – Vĩnh Viễn', 'other', 9.6213, 105.6024, LONG_MY_DISTRICT, 'Bờ sông Cái Lớn, thị trấn Vĩnh Viễn, huyện Long Mỹ', [G_WATER], 'Vĩnh Viễn'],
  ['QL1 – Ngã Bảy, Hiệp Lợi', 'traffic', 9.8093, 105.8112, NGA_BAY, 'Quốc lộ 1, Phường Hiệp Lợi, TP. Ngã Bảy', [G_QL1, G_TRAFFIC_NB], 'Hiệp Lợi'],
  ['Công viên hồ Búng Tàu', 'security', 9.7792, 105.4789, VI_THANH, 'Đường Trần Quang Diệu, TP. Vị Thanh', [G_SECURITY], 'Phường V'],
  ['Cầu Cái Tắc – QL61', 'traffic', 9.8744, 105.6632, CHAU_THANH_A, 'Quốc lộ 61, thị trấn Cái Tắc, huyện Châu Thành A', [G_QL61, G_BRIDGES], 'Cái Tắc'],
  ['Chợ Ngã Sáu', 'security', 9.9312, 105.7901, CHAU_THANH, 'Thị trấn Ngã Sáu, huyện Châu Thành', [G_MARKETS], 'Ngã Sáu'],
  ['Nút giao 30 Tháng 4 – Long Mỹ', 'traffic', 9.6788, 105.5689, LONG_MY_TOWN, 'Đường 30 Tháng 4, Phường Bình Thạnh, thị xã Long Mỹ', [G_TRAFFIC_LM], 'Bình Thạnh'],
  ['Rạch Gòi – QL61', 'traffic', 9.9011, 105.6523, CHAU_THANH_A, 'Quốc lộ 61, thị trấn Rạch Gòi, huyện Châu Thành A', [G_QL61], 'Rạch Gòi'],
  ['Bến tàu khách Vị Thanh', 'other', 9.7893, 105.4701, VI_THANH, 'Bờ kênh Xà No, Phường I, TP. Vị Thanh', [G_WATER, G_MARKETS], 'Phường I'],
];

/** The catalogue, with ids `cam-01` … in this order. */
export const DEMO_CAMERA_CATALOG: readonly DemoCameraEntry[] = ROWS.map(([name, kind, lat, lon, district, address, groups, area], i) => ({
  id: demoCameraId(i),
  name,
  kind,
  lat,
  lon,
  district,
  address,
  groups,
  area,
}));

/** `cam-01`, `cam-02`, …: two digits up to 99, so ids sort like the catalogue. */
export function demoCameraId(index: number): string {
  return `cam-${String(index + 1).padStart(2, '0')}`;
}
