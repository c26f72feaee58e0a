import { describe, expect, it } from 'vitest';
import { en } from '../../../src-renderer/i18n/en.js';
import { formatAgo, formatDateTime, formatDuration, formatTime } from '../../../src-renderer/i18n/format.js';
import { DEFAULT_LOCALE, loadLocale, saveLocale, translate } from '../../../src-renderer/i18n/i18n.js';
import { vi } from '../../../src-renderer/i18n/vi.js';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

describe('i18n', () => {
  it('has the same keys in Vietnamese and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const value of [...Object.values(vi), ...Object.values(en)]) expect(value.trim()).not.toBe('');
  });

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) expect(names(en[key]), key).toEqual(names(vi[key]));
  });

  it('interpolates and keeps unknown placeholders visible', () => {
    expect(translate('vi', 'sync.queued', { n: 3 })).toBe('3 thao tác chờ gửi');
    expect(translate('en', 'sync.queued', { n: 3 })).toBe('actions waiting to send: 3');
    expect(translate('vi', 'sync.offlineSince')).toBe('Mất kết nối từ {time}');
  });

  it('defaults to Vietnamese and persists the choice', () => {
    const storage = memoryStorage();
    expect(DEFAULT_LOCALE).toBe('vi');
    expect(loadLocale(storage)).toBe('vi');
    saveLocale(storage, 'en');
    expect(loadLocale(storage)).toBe('en');
    storage.map.set('vigil.locale', 'fr');
    expect(loadLocale(storage)).toBe('vi');
    expect(loadLocale(null)).toBe('vi');
  });
});

describe('formatting', () => {
  it('shows Vietnam time in 24 h whatever the process time zone', () => {
    expect(formatTime('2025-03-05T07:05:00.000Z', 'vi')).toBe('14:05');
    expect(formatTime('2025-03-05T15:30:00.000Z', 'en')).toBe('22:30');
    expect(formatDateTime('2025-03-05T07:05:09.000Z', 'en')).toContain('14:05:09');
    expect(formatDateTime('2025-03-05T07:05:09.000Z', 'vi')).toContain('14:05:09');
    expect(formatTime('not a date', 'vi')).toBe('—');
  });

  it('formats durations and ages compactly', () => {
    expect(formatDuration(12_400, 'vi')).toBe('12 giây');
    expect(formatDuration(5 * 60_000, 'vi')).toBe('5 phút');
    expect(formatDuration((2 * 60 + 3) * 60_000, 'vi')).toBe('2 giờ 3 phút');
    expect(formatDuration(28 * 3_600_000, 'en')).toBe('1 d 4 h');
    expect(formatDuration(-5000, 'en')).toBe('0 s');
    const now = Date.parse('2025-03-05T07:05:12.000Z');
    expect(formatAgo('2025-03-05T07:05:00.000Z', now, 'vi')).toBe('12 giây trước');
    expect(formatAgo('2025-03-05T07:05:00.000Z', now, 'en')).toBe('12 s ago');
  });
});
