import type { SeedUser } from '../app.js';
import type { AdminUnit } from '../store/region-repository.js';

export const DEMO_PASSWORD = 'vigil-demo';

export const DEMO_USERS: readonly SeedUser[] = [
  { username: 'vanhanh1', password: DEMO_PASSWORD, displayName: 'Nguyễn Văn An', role: 'operator' },
  { username: 'vanhanh2', password: DEMO_PASSWORD, displayName: 'Trần Thị Bình', role: 'operator' },
  { username: 'giamsat', password: DEMO_PASSWORD, displayName: 'Lê Minh Châu', role: 'supervisor' },
  { username: 'quantri', password: DEMO_PASSWORD, displayName: 'Phạm Quốc Dũng', role: 'admin' },
];

/** Hậu Giang units before the 2025 merger; approximate centres, labelled so on the map. */
export const DEMO_ADMIN_UNITS: readonly AdminUnit[] = [
  { id: 'vi-thanh', name: 'Vị Thanh', kind: 'city', lat: 9.785, lon: 105.47 },
  { id: 'nga-bay', name: 'Ngã Bảy', kind: 'city', lat: 9.815, lon: 105.82 },
  { id: 'long-my-town', name: 'Long Mỹ', kind: 'town', lat: 9.68, lon: 105.57 },
  { id: 'chau-thanh', name: 'Châu Thành (Ngã Sáu)', kind: 'district', lat: 9.93, lon: 105.79 },
  { id: 'chau-thanh-a', name: 'Châu Thành A (Một Ngàn)', kind: 'district', lat: 9.93, lon: 105.64 },
  { id: 'phung-hiep', name: 'Phụng Hiệp (Cây Dương)', kind: 'district', lat: 9.8, lon: 105.73 },
  { id: 'vi-thuy', name: 'Vị Thủy (Nàng Mau)', kind: 'district', lat: 9.8, lon: 105.56 },
  { id: 'long-my-district', name: 'Long Mỹ (Vĩnh Viễn)', kind: 'district', lat: 9.62, lon: 105.6 },
];
