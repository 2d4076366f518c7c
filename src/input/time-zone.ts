/**
 * time-zone — local wall-clock time → UTC, for stamps that carry no offset (RFC 3164 `Nov  7 10:00:00`,
 * Postfix `maillog_file` `Nov 07 10:00:00`, an RFC 3339 stamp without `Z`/`±hh:mm`).
 *
 * `Intl.DateTimeFormat` costs microseconds per call, far too slow per line, so the offset is computed once per
 * local hour and cached (logs are mostly in time order, so the last hour is checked first).
 *
 * Limits: the offset is cached per local hour, so an offset change in the middle of an hour would be wrong for the
 * rest of that hour outside its gap or overlap (the round-trip test covers Berlin, New York, Sydney, Lord Howe,
 * Chatham and St John's, whose changes all fall on an hour or inside the gap/overlap).
 * In the repeated hour after a DST fall-back (Europe/Berlin 02:00–03:00 on the last Sunday of October) a wall time
 * is ambiguous; the later occurrence (standard time) is chosen. Wall times inside a spring-forward gap (no clock shows
 * them) are mapped with the summer offset, i.e. one hour early.
 */

const HOUR_MS = 3_600_000;
const CACHE_LIMIT = 4096;
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal', 'Zulu', 'Etc/Zulu']);

/** Converts wall-clock times of one zone to UTC. Wall times are given "as if UTC": `Date.UTC(y, m, d, h, min, s)`. */
export interface ZoneClock {
  /** The IANA name in use. */
  readonly name: string;
  /** UTC milliseconds for a local wall time expressed as `Date.UTC(...)` milliseconds. */
  wallToUtcMs(wallMs: number): number;
}

/**
 * The IANA name `name` spells out (`Europe/Berlin`, `:Europe/Berlin`, `/usr/share/zoneinfo/Europe/Berlin`), or ''
 * when it leaves the zone to the process.
 */
function spelledZone(name?: string): string {
  let zone = (name ?? '').trim();
  if (zone.startsWith(':')) zone = zone.slice(1);
  const at = zone.indexOf('zoneinfo/');
  if (at !== -1) return zone.slice(at + 'zoneinfo/'.length);
  // `TZ=:/etc/localtime` (rsyslogd sets it for its children, e.g. omprog) names the system zone, i.e. the process's.
  return zone.startsWith('/') ? '' : zone;
}

/** The zone name from an option or `TZ`, else the process zone. */
export function resolveZoneName(name?: string): string {
  return spelledZone(name) || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * A cached zone converter. Throws (a configuration error, once) when the zone name is unknown.
 * The process's own zone is looked up on first use: asking Intl starts ICU (~20 ms, a tenth of start-up), and
 * RFC 3339 or JSON stamps carry their offset and never need it. A named zone is checked at once.
 */
export function zoneClock(name?: string): ZoneClock {
  if (spelledZone(name) === '') {
    let clock: ZoneClock | undefined;
    const resolved = (): ZoneClock => (clock ??= namedClock(resolveZoneName(name), name));
    return { get name() { return resolved().name; }, wallToUtcMs: (wallMs) => resolved().wallToUtcMs(wallMs) };
  }
  return namedClock(resolveZoneName(name), name);
}

function namedClock(zone: string, name?: string): ZoneClock {
  if (UTC_NAMES.has(zone)) return { name: zone, wallToUtcMs: (wallMs) => wallMs };

  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    throw new Error(`unknown time zone "${name ?? zone}" (expected an IANA name such as Europe/Berlin)`);
  }

  /** Offset (wall − UTC, in ms) in force at a UTC instant. */
  const offsetAt = (utcMs: number): number => {
    const whole = Math.floor(utcMs / 1000) * 1000;
    const f: Record<string, number> = {};
    for (const part of format.formatToParts(whole)) {
      if (part.type !== 'literal') f[part.type] = Number(part.value);
    }
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - whole;
  };

  /** Offset for a local wall time: try the offset at that instant, then re-check at the corrected instant. */
  const offsetForWall = (wallMs: number): number => {
    const first = offsetAt(wallMs);
    const second = offsetAt(wallMs - first);
    if (first === second) return first;
    const third = offsetAt(wallMs - second);
    return second === third ? second : Math.max(second, third);
  };

  const cache = new Map<number, number>();
  let lastBucket = NaN;
  let lastOffset = 0;

  return {
    name: zone,
    wallToUtcMs(wallMs: number): number {
      const bucket = Math.floor(wallMs / HOUR_MS);
      if (bucket === lastBucket) return wallMs - lastOffset;
      let offset = cache.get(bucket);
      if (offset === undefined) {
        offset = offsetForWall(bucket * HOUR_MS);
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(bucket, offset);
      }
      lastBucket = bucket;
      lastOffset = offset;
      return wallMs - offset;
    },
  };
}
