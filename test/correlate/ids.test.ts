/**
 * ids: trace and span ids are the documented prefixes of SHA-256 over the identity strings, so another host or a
 * Collector-only user computes the same ids.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { spanIdOf, traceIdOf } from '../../src/correlate/ids.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('ids', () => {
  it('trace id = first 32 hex digits of sha256("mtatrace/v1|trace|" + key); span id = first 16 of "…|span|" + key', () => {
    for (const key of ['msgid|x@example.org', 'qid|mx1|4B7C21A0F3|1795796581123456', 'msgid|ünïcode@例え.jp', '']) {
      expect(traceIdOf(key)).toBe(sha(`mtatrace/v1|trace|${key}`).slice(0, 32));
      expect(spanIdOf(key)).toBe(sha(`mtatrace/v1|span|${key}`).slice(0, 16));
    }
    expect(traceIdOf('msgid|x@example.org')).toMatch(/^[0-9a-f]{32}$/);
    expect(spanIdOf('mx1|4B7C21A0F3|1795796581123456')).toMatch(/^[0-9a-f]{16}$/);
  });
});
