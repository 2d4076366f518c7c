/**
 * parse-line — the line → event function the classify tests use: the real input and parse stages with a fixed
 * year and zone, so that RFC 3164 stamps (`Nov 27 10:00:01`) parse the same on every day of the year.
 */
import { createRecordParser } from '../../src/input/index.js';
import type { ParseResult } from '../../src/parse/postfix-events.js';
import { parseRecord } from '../../src/parse/index.js';

const toRecord = createRecordParser({ timezone: 'UTC', year: 2026 });

export function parseLine(line: string): ParseResult | undefined {
  const r = toRecord(line);
  return r.ok ? parseRecord(r.record) : undefined;
}
