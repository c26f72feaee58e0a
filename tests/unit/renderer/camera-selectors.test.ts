import { describe, expect, it } from 'vitest';
import { cameraIndex, cameraStatusOf, EMPTY_CAMERA_FILTERS, filterCameras, groupsOf } from '../../../src-renderer/store/camera-selectors.js';
import { camerasInGroup } from '../../../src-shared/model/camera.js';
import { SEED_CAMERAS } from './fake-host.js';

const enabled = SEED_CAMERAS.filter((c) => c.enabled);
const ids = (list: { id: string }[]) => list.map((c) => c.id);

describe('camera list filtering', () => {
  it('finds Vietnamese names typed without diacritics, đ included', () => {
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, search: 'tran hung dao' }))).toEqual(['cam-vt-012']);
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, search: 'duong lang ham' }))).toEqual(['cam-ct-020']);
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, search: 'CẦU cái' }))).toEqual(['cam-vt-013']);
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, search: 'cho nga bay' }))).toEqual(['cam-nb-001']);
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, search: 'long my' }))).toEqual(['cam-lm-004']);
    expect(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, search: 'cầu rạch gòi' })).toHaveLength(0);
  });

  it('also finds a camera by its id or group', () => {
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, search: 'cam-nb' }))).toEqual(['cam-nb-001']);
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, search: 'giao thong trung tam' }))).toEqual(['cam-vt-012']);
  });

  it('filters by group, kind and status, together with the search, keeping the host’s order', () => {
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, group: 'Vị Thanh' }))).toEqual(['cam-vt-013', 'cam-vt-012']);
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, kind: 'security' }))).toEqual(['cam-nb-001', 'cam-lm-004']);
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, status: 'online' }))).toEqual(['cam-ct-020', 'cam-vt-012']);
    expect(ids(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, status: 'unknown' }))).toEqual(['cam-lm-004']);
    expect(ids(filterCameras(enabled, { search: 'cau', group: 'Vị Thanh', kind: 'traffic', status: 'degraded' }))).toEqual(['cam-vt-013']);
    expect(filterCameras(enabled, { ...EMPTY_CAMERA_FILTERS, group: 'Vị Thanh', kind: 'security' })).toHaveLength(0);
  });

  it('calls a camera the poller has not judged unknown, never online', () => {
    expect(cameraStatusOf({ health: null })).toBe('unknown');
  });

  it('lists a group’s enabled cameras for tours, and every group sorted', () => {
    expect(camerasInGroup(SEED_CAMERAS, 'Vị Thanh')).toEqual(['cam-vt-013', 'cam-vt-012']);
    expect(groupsOf(enabled)).toEqual(['Châu Thành', 'Giao thông trung tâm', 'Long Mỹ', 'Ngã Bảy', 'Vị Thanh']);
    const index = cameraIndex(enabled);
    expect(index.get('cam-nb-001')?.name).toBe('Chợ Ngã Bảy');
    expect(cameraIndex(enabled)).toBe(index);
  });
});
