import { translate, type Locale } from './i18n.js';

/** The centre keeps Vietnam time whatever the workstation's clock zone says. */
export const DISPLAY_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const INTL_LOCALE: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, kind: 'time' | 'timeSeconds' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone: DISPLAY_TIME_ZONE, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' };
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? base
        : kind === 'timeSeconds'
          ? { ...base, second: '2-digit' }
          : { ...base, second: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' };
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], options);
    formatters.set(key, f);
  }
  return f;
}

function toDate(value: string | number | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `14:05` in Vietnam time. */
export function formatTime(value: string | number | Date, locale: Locale): string {
  const date = toDate(value);
  return date ? formatter(locale, 'time').format(date) : '—';
}

export function formatTimeSeconds(value: string | number | Date, locale: Locale): string {
  const date = toDate(value);
  return date ? formatter(locale, 'timeSeconds').format(date) : '—';
}

/** `05/03/2025, 14:05:09` (vi-VN orders it `14:05:09 5/3/2025`; either way 24 h, Vietnam time). */
export function formatDateTime(value: string | number | Date, locale: Locale): string {
  const date = toDate(value);
  return date ? formatter(locale, 'dateTime').format(date) : '—';
}

/** A compact duration: `12 giây`, `5 phút`, `2 giờ 3 phút`, `1 ngày 4 giờ`. */
export function formatDuration(ms: number, locale: Locale): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return translate(locale, 'duration.seconds', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return translate(locale, 'duration.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return translate(locale, 'duration.hoursMinutes', { h: hours, m: minutes % 60 });
  return translate(locale, 'duration.daysHours', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** `12 giây trước`; a timestamp slightly in the future (clock skew) reads as 0. */
export function formatAgo(value: string | number | Date, now: number, locale: Locale): string {
  const date = toDate(value);
  if (!date) return '—';
  return translate(locale, 'time.ago', { duration: formatDuration(now - date.getTime(), locale) });
}
