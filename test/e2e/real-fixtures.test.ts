/**
 * real-fixtures.test — mtatrace's story of the committed real-Postfix captures (test/fixtures/real, written by
 * the e2e suite) must match the expected fate of every tagged message. Needs no Postfix, so it runs everywhere;
 * postfix-capture.test.ts does the same against a fresh capture.
 * Sample line: `Nov 27 17:45:56 mx2 postfix/reinject/smtpd[14140]: 4jbgnK0mj4zJ9Pq: client=unknown[127.0.0.1], orig_queue_id=4jbgnJ6tjRzJ9jq, …`
 *
 * Limits: the CLI must be built (npm test builds first); year-less maillog times are read in the process time zone.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { runJson, runOtlp } from './harness/mtatrace-cli.js';
import { stories } from './harness/story.js';
import { checkStory } from './harness/check-story.js';
import { SCENARIOS as CURRENT } from './scenarios.js';
import type { Scenario } from './scenarios.js';
import { triage } from './known-gaps.js';
import { PFLOGSUMM, pflogsummTotals, mtatraceTotals } from './harness/pflogsumm.js';
import { checkTraces } from './harness/trace-checks.js';
import { startReceiver } from '../support/otlp-receiver.js';

const DIR = new URL('../fixtures/real/', import.meta.url).pathname;
// The captured run's scenarios, with today's expectations from scenarios.ts (the JSON records which ones ran).
const SCENARIOS = (JSON.parse(readFileSync(`${DIR}scenarios.json`, 'utf8')) as Scenario[])
  .map((ran) => CURRENT.find((s) => s.tag === ran.tag) ?? ran);

const FILES = [
  'postfix-rsyslog-rfc3339.log',
  'postfix-rsyslog-rfc3164.log',
  'postfix-omprog.ndjson',
  'postfix-maillog-long-ids.log',
];

const allSentences: string[] = [];
const cache = new Map<string, ReturnType<typeof runJson>>();
const run = (file: string): ReturnType<typeof runJson> => {
  if (!cache.has(file)) cache.set(file, runJson([`${DIR}${file}`]));
  return cache.get(file) as ReturnType<typeof runJson>;
};

describe.each(FILES)('mtatrace on the real capture %s', (file) => {
  const { events, summary } = run(file);

  it('parses every Postfix line', () => {
    expect(summary).toMatch(/ 0 unparsed/);
    expect(events.length).toBeGreaterThan(100);
  });

  it('tells the expected story of every tagged message (apart from the listed known gaps)', () => {
    const told = stories(events, SCENARIOS);
    const sentences = SCENARIOS.flatMap((s) => checkStory(s, told.get(s.tag)));
    allSentences.push(...sentences);
    expect(triage(sentences).unknown).toEqual([]);
  });
});


describe('the three rsyslog captures', () => {
  it('give the same events (RFC 3164 has no sub-seconds: compared without times and the time-derived span ids)', () => {
    // RFC 3164 has whole seconds only: two identical lines of one smtpd process in one second (`lost connection
    // after RCPT from unknown[127.0.0.1]`, two sessions) cannot be told from a retried copy and count once. Such
    // repeats of a line without a queue id are compared once on both sides; everything else must match exactly.
    const strip = (file: string): string[] => {
      const seen = new Set<string>();
      return run(file).events.filter((e) => {
        if (e.event !== 'mta.inbound.trouble') return true;
        const k = `${String(e.time).slice(0, 19)}|${JSON.stringify({ ...e, time: undefined })}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      }).map((e) => JSON.stringify({ ...e, time: undefined, span_id: undefined })).sort();
    };
    const rfc3339 = run('postfix-rsyslog-rfc3339.log').events.map((e) => JSON.stringify(e));
    const omprog = run('postfix-omprog.ndjson').events.map((e) => JSON.stringify(e));
    expect(omprog).toEqual(rfc3339);
    expect(strip('postfix-rsyslog-rfc3164.log')).toEqual(strip('postfix-rsyslog-rfc3339.log'));
  }, 60_000);
});

describe.runIf(existsSync(PFLOGSUMM))('beside pflogsumm (the peer, where installed)', () => {
  it.each(['postfix-rsyslog-rfc3164.log', 'postfix-maillog-long-ids.log'])('%s: same totals except filter hops and expiry', (file) => {
    const pf = pflogsummTotals(`${DIR}${file}`);
    const mt = mtatraceTotals(run(file).events);
    console.info(`[e2e] ${file}: pflogsumm ${JSON.stringify(pf)} | mtatrace ${JSON.stringify(mt)}`);
    // pflogsumm counts each `status=sent` line, so a message through the content filter is delivered twice.
    expect(mt.hops).toBe(2);
    expect(pf.delivered).toBe(mt.delivered + mt.hops);
    expect([pf.bounced, pf.rejected, pf.held, pf.discarded]).toEqual([mt.bounced, mt.rejected, mt.held, mt.discarded]);
    // pflogsumm has no "expired"; mtatrace reports each expired recipient.
    expect(pf.expired).toBeUndefined();
    expect(mt.expired).toBe(SCENARIOS.flatMap((s) => s.expect).filter((x) => x.status === 'expired').length);
  }, 60_000);
});

describe('the exported traces of a real capture', () => {
  it.each(['postfix-rsyslog-rfc3339.log', 'postfix-maillog-long-ids.log'])('%s: one root per trace, hops in one trace, NDR links to the original', async (file) => {
    const receiver = await startReceiver();
    try {
      await runOtlp([`${DIR}${file}`], receiver.url);
      expect(receiver.spans().length).toBeGreaterThan(100);
      const sentences = checkTraces(receiver.spans(), SCENARIOS);
      allSentences.push(...sentences);
      expect(triage(sentences).unknown).toEqual([]);
    } finally {
      await receiver.close();
    }
  }, 60_000);
});

describe('known gaps', () => {
  it('each still occurs in some capture (else delete it from known-gaps.ts)', () => {
    expect(triage(allSentences).unseen.map((g) => g.why)).toEqual([]);
  });
});
