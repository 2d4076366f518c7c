/**
 * results — the two non-event outcomes of parsing a line: `Ignored` and `Unparsed`.
 *
 * `ignored('qmgr')` is what `postfix/qmgr: 4B7C21A0F3: skipped, still being delivered` gives: a known line that
 * mtatrace does not model. The objects are frozen and shared per reason, so ignoring a line allocates nothing.
 * `unparsed('smtp', 'no status=', text)` is a Postfix line that should have parsed and did not.
 *
 * Limits: reasons are meant to be a small closed set (they become counter labels); do not put line content in them.
 */

import type { Ignored, Unparsed } from './postfix-events.js';

const IGNORED = new Map<string, Ignored>();

/** The shared, frozen `Ignored` result for `reason`. */
export function ignored(reason: string): Ignored {
  let r = IGNORED.get(reason);
  if (r === undefined) {
    r = Object.freeze({ kind: 'ignored', reason }) as Ignored;
    IGNORED.set(reason, r);
  }
  return r;
}

/** A line of a known Postfix program that does not match the grammar its start announced. */
export function unparsed(program: string, reason: string, text: string): Unparsed {
  return { kind: 'unparsed', program, reason, text };
}
