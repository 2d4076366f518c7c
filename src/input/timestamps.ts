/**
 * timestamps — syslog time stamps → integer microseconds since the epoch, parsed by hand (no regex, no Date
 * for the fraction, so `.123456` stays exact).
 *
 * RFC 3339: `2026-11-27T16:23:01.123456+00:00`, `…01Z`, `…01.123+0000` (journalctl short-iso-precise),
 *   `…01.123456789Z` (nanoseconds are cut to µs); without an offset the stamp is local time in the zone.
 * RFC 3164: `Nov  7 10:00:00`, `Nov 07 10:00:00` (Postfix maillog_file), optional `.fraction`; no year, no zone:
 *   the year is the most recent occurrence not more than a day after "now" (so a Dec 31 → Jan 1 replay works).
 *
 * Limits: instants from 1970 to 2255 only (exact integer µs), others are NaN; a leap second `:60` becomes second 0 of the next minute; Feb 29 without a year
 * goes to the latest leap year at or before the inferred one.
 */
import type { ZoneClock } from './time-zone.js';

const DAY_MS = 86_400_000;
const MONTHS: Record<string, number> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

/** µs since the epoch if representable exactly (1970 … 2255), else NaN. */
export function checkedUs(us: number): number {
  return Number.isSafeInteger(us) && us >= 0 ? us : NaN;
}

/** Whether `s` has a month abbreviation and a space at `i` (`Nov `). */
export function isMonth(s: string, i: number): boolean {
  return s[i + 3] === ' ' && MONTHS[s.slice(i, i + 3)] !== undefined;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1–12); pure arithmetic, no Date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Two ASCII digits at `i` as a number, or -1. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `hh:mm:ss` at `i` as seconds of the day, or -1. */
function clock(s: string, i: number): number {
  const h = d2(s, i);
  const m = d2(s, i + 3);
  const sec = d2(s, i + 6);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60 || s[i + 2] !== ':' || s[i + 5] !== ':') return -1;
  return h * 3600 + m * 60 + sec;
}

/** Result slot for `fraction`: where the digits ended. Module-level to avoid an object per line. */
let fractionEnd = 0;

/** `.digits` at `i` (pointing at the dot) as whole microseconds (extra digits cut); sets `fractionEnd`. */
function fraction(s: string, i: number, end: number): number {
  let us = 0;
  let n = 0;
  let j = i + 1;
  for (; j < end; j++) {
    const c = s.charCodeAt(j) - 48;
    if (c < 0 || c > 9) break;
    if (n < 6) us = us * 10 + c;
    n++;
  }
  fractionEnd = j;
  if (n === 0) return -1;
  for (; n < 6; n++) us *= 10;
  return us;
}

/** Parses an RFC 3339 stamp occupying exactly `s[start, end)`; NaN when it is not one. */
export function parseRfc3339(s: string, start: number, end: number, zone: ZoneClock): number {
  if (end - start < 19) return NaN;
  const y = d2(s, start) * 100 + d2(s, start + 2);
  const mo = d2(s, start + 5);
  const d = d2(s, start + 8);
  if (d2(s, start) < 0 || d2(s, start + 2) < 0 || s[start + 4] !== '-' || s[start + 7] !== '-') return NaN;
  const t = s[start + 10];
  if ((t !== 'T' && t !== 't') || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  const secs = clock(s, start + 11);
  if (secs < 0) return NaN;
  let i = start + 19;
  let us = 0;
  if (s[i] === '.' || s[i] === ',') {
    us = fraction(s, i, end);
    if (us < 0) return NaN;
    i = fractionEnd;
  }
  const wallMs = daysFromCivil(y, mo, d) * DAY_MS + secs * 1000;
  if (i === end) return checkedUs(zone.wallToUtcMs(wallMs) * 1000 + us);
  const c = s[i];
  if ((c === 'Z' || c === 'z') && i + 1 === end) return checkedUs(wallMs * 1000 + us);
  if (c !== '+' && c !== '-') return NaN;
  const oh = d2(s, i + 1);
  let om = 0;
  if (end - i === 6 && s[i + 3] === ':') om = d2(s, i + 4);
  else if (end - i === 5) om = d2(s, i + 3);
  else if (end - i !== 3) return NaN;
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
  const offsetMs = (oh * 60 + om) * 60_000 * (c === '-' ? -1 : 1);
  return checkedUs((wallMs - offsetMs) * 1000 + us);
}

/** Where the last successful `parseRfc3164` stamp ended (index after it). */
export const stamp3164 = { end: 0 };

/** How a year-less stamp gets its year. */
export interface YearPolicy {
  /** A fixed year (the `--year` option). */
  year?: number;
  /** "Now" in ms, to pick the most recent past occurrence. */
  nowMs: () => number;
}

/**
 * Parses `Mmm dd hh:mm:ss[.frac]` at `start` (followed by a space or the end); NaN when it is not one.
 * On success `stamp3164.end` is the index just after the stamp.
 */
export function parseRfc3164(s: string, start: number, zone: ZoneClock, years: YearPolicy): number {
  const month = MONTHS[s.slice(start, start + 3)];
  if (month === undefined || s[start + 3] !== ' ') return NaN;
  let i = start + 4;
  if (s[i] === ' ') i++;
  let day = s.charCodeAt(i) - 48;
  if (day < 0 || day > 9) return NaN;
  const next = s.charCodeAt(i + 1) - 48;
  if (next >= 0 && next <= 9) {
    day = day * 10 + next;
    i++;
  }
  i++;
  if (s[i] !== ' ' || day < 1 || day > 31) return NaN;
  const secs = clock(s, i + 1);
  if (secs < 0) return NaN;
  i += 9;
  let us = 0;
  if (s[i] === '.') {
    us = fraction(s, i, s.length);
    if (us < 0) return NaN;
    i = fractionEnd;
  }
  if (i < s.length && s[i] !== ' ') return NaN;
  const utcMs = years.year !== undefined
    ? inYear(years.year, month, day, secs, zone)
    : mostRecent(years.nowMs(), month, day, secs, zone);
  const timeUs = checkedUs(utcMs * 1000 + us);
  if (!Number.isNaN(timeUs)) stamp3164.end = i;
  return timeUs;
}

/** UTC ms of a wall time in a given year; NaN when that day does not exist in any nearby leap year. */
function inYear(year: number, month: number, day: number, secs: number, zone: ZoneClock): number {
  let y = year;
  if (month === 2 && day === 29) while (!isLeap(y)) y--;
  if (day > daysInMonth(y, month)) return NaN;
  return zone.wallToUtcMs(daysFromCivil(y, month, day) * DAY_MS + secs * 1000);
}

/** UTC year of "now", cached while "now" stays inside that year. */
const nowYearCache = { from: 0, to: -1, year: 1970 };

function utcYear(nowMs: number): number {
  const c = nowYearCache;
  if (nowMs < c.from || nowMs >= c.to) {
    c.year = new Date(nowMs).getUTCFullYear();
    c.from = Date.UTC(c.year, 0, 1);
    c.to = Date.UTC(c.year + 1, 0, 1);
  }
  return c.year;
}

/**
 * The latest occurrence that is not more than a day after `nowMs`. Next year is only possible for the first
 * days of January (a zone far ahead of UTC on Dec 31), so it is only tried then.
 */
function mostRecent(nowMs: number, month: number, day: number, secs: number, zone: ZoneClock): number {
  const limit = nowMs + DAY_MS;
  const nowYear = utcYear(nowMs);
  for (let y = month === 1 && day <= 2 ? nowYear + 1 : nowYear; y >= nowYear - 1; y--) {
    const t = inYear(y, month, day, secs, zone);
    if (Number.isNaN(t)) return NaN;
    if (t <= limit) return t;
  }
  return inYear(nowYear - 2, month, day, secs, zone);
}
