/**
 * Vietnam time (UTC+7 all year, no daylight saving): the centre's calendar days and the
 * clock its Vietnamese texts show, computed by offset so it needs no time-zone data.
 */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The Vietnam calendar day (YYYY-MM-DD) of an instant. */
export function vietnamDay(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** 28/11/2026 15:04 in Vietnam time; '—' for an invalid instant. */
export function vietnamClock(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms + VIETNAM_OFFSET_MS).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)} ${d.slice(11, 16)}`;
}
