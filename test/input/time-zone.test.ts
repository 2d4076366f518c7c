import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { resolveZoneName, zoneClock } from '../../src/input/time-zone.js';
import { createRecordParser } from '../../src/input/index.js';

/** The wall time of a UTC instant in a zone, as `Date.UTC(...)` ms, computed independently with Intl. */
const formats = new Map<string, Intl.DateTimeFormat>();
function wallOf(utcMs: number, zone: string): number {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(utcMs)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

describe('zoneClock', () => {
  const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham', 'Australia/Lord_Howe', 'UTC'];

  test('wall → UTC → wall round-trips for random instants 2000–2100 (the cache never serves a wrong hour)', () => {
    const clocks = new Map(ZONES.map((z) => [z, zoneClock(z)]));
    fc.assert(fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 946_684_800, max: 4_102_444_800 }), (zone, sec) => {
      const utcMs = sec * 1000;
      const wall = wallOf(utcMs, zone);
      const back = clocks.get(zone)!.wallToUtcMs(wall);
      expect(wallOf(back, zone)).toBe(wall);
      // Only in a repeated (fall-back) hour may the instant differ, and then by the DST shift at most.
      expect(Math.abs(back - utcMs)).toBeLessThanOrEqual(3_600_000);
    }), { numRuns: 5000 });
  });

  test('every 5 minutes of each 2026 day with an offset change round-trips', () => {
    const DAY = 86_400_000;
    let changes = 0;
    for (const zone of ZONES) {
      const clock = zoneClock(zone);
      for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += DAY) {
        if (wallOf(day, zone) - day === wallOf(day + DAY, zone) - day - DAY) continue;
        changes++;
        for (let t = day - DAY / 2 + 7000; t < day + DAY * 1.5; t += 300_000) {
          const wall = wallOf(t, zone);
          expect(wallOf(clock.wallToUtcMs(wall), zone), `${zone} ${new Date(t).toISOString()}`).toBe(wall);
        }
      }
    }
    expect(changes).toBe(12); // Berlin, New York, Sydney, Lord Howe, Chatham, St John's: two each.
  });

  test('Berlin matches Intl exactly outside the fall-back hour', () => {
    const clock = zoneClock('Europe/Berlin');
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 1_234_000) {
      const fallBack = t >= Date.UTC(2026, 9, 25, 0) && t < Date.UTC(2026, 9, 25, 1);
      if (!fallBack) expect(clock.wallToUtcMs(wallOf(t, 'Europe/Berlin'))).toBe(t);
    }
  });

  test('zone names from TZ forms', () => {
    expect(resolveZoneName(':Europe/Berlin')).toBe('Europe/Berlin');
    expect(resolveZoneName('/usr/share/zoneinfo/America/New_York')).toBe('America/New_York');
    expect(zoneClock('Etc/UTC').wallToUtcMs(123)).toBe(123);
  });
});

describe('default zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  test('the process zone is looked up when a stamp first needs it, not before (Intl costs start-up time)', () => {
    process.env.TZ = 'America/New_York';
    const p = createRecordParser({ year: 2026 });
    const stamped = p('2026-11-07T10:00:00.000000+01:00 mx1 postfix/smtp[1]: t');
    expect(stamped.ok && stamped.record.timeUs).toBe(Date.UTC(2026, 10, 7, 9) * 1000);
    // Still unresolved: the zone in force at the first stamp without an offset is the one used.
    process.env.TZ = 'Asia/Tokyo';
    const local = p('Nov  7 10:00:00 mx1 postfix/smtp[1]: t');
    expect(local.ok && local.record.timeUs).toBe(Date.UTC(2026, 10, 7, 1) * 1000);
    expect(zoneClock().name).toBe('Asia/Tokyo');
    expect(zoneClock(':/etc/localtime').name).toBe('Asia/Tokyo');
  });

  test('an unknown zone name is refused when the parser is made, not on the first line', () => {
    expect(() => createRecordParser({ timezone: 'Mars/Olympus_Mons' })).toThrow(/unknown time zone "Mars\/Olympus_Mons"/);
  });

  test('without the option the process TZ is used', () => {
    process.env.TZ = 'Europe/Berlin';
    const p = createRecordParser({ year: 2026 });
    const r = p('Nov  7 10:00:00 mx1 postfix/smtp[1]: t');
    expect(r.ok && r.record.timeUs).toBe(Date.UTC(2026, 10, 7, 9) * 1000);
  });
});
