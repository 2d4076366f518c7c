/**
 * postfix-capture.test — drives a real Postfix and a real rsyslogd through every scenario (scenarios.ts) and
 * checks the captured logs themselves: all three captures exist, every tagged message shows up, nothing was
 * sent outside 127.0.0.0/8, and each scenario's Postfix-level outcome is in the log.
 * Set MTATRACE_E2E_FIXTURES=1 to copy the captured logs to test/fixtures/real/ (how those files were made).
 *
 * Limits: needs root + Postfix + rsyslog (see availability.ts); takes about 90 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eUnavailable, IN_CI } from './availability.js';
import { captureRun } from './harness/capture.js';
import type { Capture } from './harness/capture.js';
import { stopAll } from './harness/processes.js';
import { SCENARIOS, messageIdOf } from './scenarios.js';
import { saveFixtures } from './harness/fixtures.js';

const why = e2eUnavailable();
if (why && !IN_CI) console.warn(`[e2e] real-Postfix suite skipped: ${why}`);

describe('e2e prerequisites', () => {
  it.runIf(IN_CI)('are installed in CI (the suite must not skip there)', () => {
    expect(why).toBeUndefined();
  });
});

describe.skipIf(why !== undefined)('real Postfix + rsyslog capture', () => {
  let cap: Capture;

  beforeAll(async () => {
    cap = await captureRun();
    if (process.env.MTATRACE_E2E_FIXTURES) saveFixtures(cap);
  }, 300_000);

  afterAll(async () => {
    const notes = await stopAll();
    if (notes.length) console.warn(`[e2e] ${notes.join('; ')}`);
  }, 60_000);

  it('writes the same mail log three ways', () => {
    for (const text of [cap.rfc3164, cap.rfc3339, cap.maillog, cap.omprog]) expect(text.length).toBeGreaterThan(1000);
    expect(cap.rfc3164).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d mx1 postfix\/\w+\[\d+\]: /m);
    expect(cap.rfc3339).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d mx1 postfix\/\w+\[\d+\]: /m);
    expect(cap.maillog).toMatch(/^[A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d mx2 postfix\/\w+\[\d+\]: [0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{12,}: /m);
    const rsyslogLines = cap.rfc3339.split('\n').filter(Boolean).length;
    expect(cap.omprog.split('\n').filter(Boolean).length).toBe(rsyslogLines);
  });

  it('sends nothing outside 127.0.0.0/8', () => {
    for (const text of [cap.rfc3339, cap.maillog]) {
      const relays = [...text.matchAll(/ relay=([^,]+),/g)].map((m) => m[1]);
      expect(relays.length).toBeGreaterThan(20);
      for (const r of relays) expect(r).toMatch(/^(none|local|127\.0\.0\.1\[127\.0\.0\.1\]:\d+)$/);
      const connects = [...text.matchAll(/connect to ([^:]+):/g)].map((m) => m[1]);
      for (const c of connects) expect(c).toMatch(/^127\.0\.0\.1\[127\.0\.0\.1\]$/);
    }
  });

  it.each(SCENARIOS.map((s) => [s.tag, s] as const))('%s: the log shows its outcome', (_tag, s) => {
    for (const text of [cap.rfc3339, cap.maillog]) {
      if (s.queueIds > 0 && !s.expect.every((x) => x.status === 'rejected' && s.via !== 'smtp')) {
        if (!s.headers?.includes('X-E2E-Action: reject')) expect(text).toContain(`message-id=${messageIdOf(s.tag)}`);
      }
      for (const x of s.expect) expect(text, `${s.tag} → ${x.rcpt}`).toContain(`<${x.rcpt}>`);
    }
  });
});
