/**
 * known-gaps — differences between mtatrace's story and the truth that the e2e suite has found and that are not
 * fixed yet. Each entry matches check-story.ts sentences and says why it happens. The fixture test fails when a
 * listed gap no longer occurs (delete the entry then); the live test fails on any difference not listed here.
 *
 * Limits: a pattern is matched against the whole sentence (`expired-rate-limit: no NDR linked back …`).
 */

export interface KnownGap {
  pattern: RegExp;
  why: string;
}

export const KNOWN_GAPS: KnownGap[] = [
  {
    pattern: /^[\w-]+: no NDR linked back through mta\.orig_queue_id$/,
    why: 'Postfix may log the NDR\'s own `qmgr: NEWID: from=<>, … (queue active)` a few µs BEFORE '
      + '`bounce: OLDID: sender non-delivery notification: NEWID`; the NDR\'s mta.message.received is then emitted '
      + 'without mta.notification / mta.orig_queue_id, so the NDR is not linked to its original (src/correlate).',
  },
  {
    pattern: /^filter-plain: 2 mta\.message\.received without mta\.hop ≠ 1$/,
    why: 'Without XFORWARD the hop is known only from `queued as NEWID` in the first queue id\'s delivery line, which '
      + 'Postfix logs AFTER the re-injected queue id\'s qmgr line; the trace id is still shared (same Message-ID).',
  },
  {
    pattern: /^filter-plain: 2 root spans in one trace \(/,
    why: 'Without XFORWARD, when the re-injected queue id is delivered and removed before Postfix logs the first '
      + 'queue id\'s `status=sent (… queued as NEWID)`, the second lifecycle is exported before the hop is known: '
      + 'one trace (same Message-ID) with two roots instead of the hop under the first message.',
  },
];

/** Splits check-story sentences into known gaps and real failures. */
export function triage(sentences: string[]): { known: string[]; unknown: string[]; unseen: KnownGap[] } {
  const known = sentences.filter((s) => KNOWN_GAPS.some((g) => g.pattern.test(s)));
  const unknown = sentences.filter((s) => !known.includes(s));
  const unseen = KNOWN_GAPS.filter((g) => !sentences.some((s) => g.pattern.test(s)));
  return { known, unknown, unseen };
}
