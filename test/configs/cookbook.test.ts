/**
 * cookbook — every query in docs/cookbook.md's ```traceql / ```logql / ```promql / ```kql blocks uses only
 * names mtatrace emits (src/otel/semconv.ts, translated per backend; see query-names.ts), and the cookbook
 * answers the questions it promises (one message, dns_failure, deferrals by cause per relay, today's NDRs).
 *
 *   {service_name="postfix"} | event_name="mta.delivery.attempt" | mta_cause="dns_failure"
 *
 * Limits: checked by name only; no Tempo, Loki, Prometheus or Elasticsearch runs here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKERS, queriesInMarkdown } from './query-names.js';

const md = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'cookbook.md'), 'utf8');
const queries = queriesInMarkdown(md);

describe('docs/cookbook.md', () => {
  it('has queries in all four languages', () => {
    for (const lang of ['traceql', 'logql', 'promql', 'kql']) {
      expect(queries.filter((q) => q.lang === lang).length, lang).toBeGreaterThanOrEqual(4);
    }
  });

  it.each(queries.map((q) => [q.lang, q.query] as const))('%s: %s', (lang, query) => {
    expect(CHECKERS[lang](query)).toEqual([]);
  });

  it('answers the questions it promises in each language', () => {
    const by = (lang: string): string => queries.filter((q) => q.lang === lang).map((q) => q.query).join('\n');
    for (const lang of ['traceql', 'logql', 'kql']) {
      const text = by(lang);
      expect(text, `${lang}: by Message-ID`).toMatch(/mta[._]message_id/);
      expect(text, `${lang}: by recipient`).toMatch(/mta[._]recipient\b/);
      expect(text, `${lang}: dns_failure`).toMatch(/mta[._]cause\W+dns_failure/);
      expect(text, `${lang}: NDRs`).toMatch(/mta[._]notification\W+non-delivery/);
    }
    expect(by('logql')).toMatch(/sum by \(mta_relay, mta_cause\)/);
    for (const lang of ['logql', 'kql']) expect(by(lang), `${lang}: failed DMARC`).toMatch(/mta[._]check[._]kind\W+dmarc.*mta[._]check[._]result\W+fail/);
    // No TraceQL metrics query: examples/compose's Tempo has no local-blocks processor to run one.
    expect(by('traceql')).not.toMatch(/\|\s*(count_over_time|rate|quantile_over_time)\(/);
  });

  it('a wrong name in a block would be caught', () => {
    const broken = queriesInMarkdown('```logql\n{service_name="postfix"} | mta_caus="dns_failure"\n```\n');
    expect(broken).toHaveLength(1);
    expect(CHECKERS.logql(broken[0].query)).not.toEqual([]);
  });
});
