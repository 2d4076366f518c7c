/**
 * ids — deterministic trace and span ids: the first 32 / 16 hex digits of SHA-256 over an identity string.
 *
 * The same log always yields the same ids, so a replay after a restart, a second host running mtatrace, or a
 * Collector-only user with OTTL's `SHA256()` can compute them too:
 *   trace_id = sha256("mtatrace/v1|trace|" + traceKey)[0:32]   e.g. traceKey "msgid|<x@example.org>"
 *   span_id  = sha256("mtatrace/v1|span|"  + spanKey)[0:16]    e.g. spanKey  "mx1|4B7C21A0F3|1795796581123456"
 * Limits: the W3C "random" trace flag is not set; the ids are uniform but not random.
 */
import * as crypto from 'node:crypto';

// crypto.hash (Node ≥ 20.12) is the one-shot digest, ~3× cheaper than createHash().update().digest().
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
const hex = oneShot ? (s: string): string => oneShot('sha256', s, 'hex') : (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

// The ids are views into the 64-digit digest: an id kept for long (on a lifecycle) should be copied (memory/flat-copy.ts).
export const traceIdOf = (traceKey: string): string => hex(`mtatrace/v1|trace|${traceKey}`).slice(0, 32);

export const spanIdOf = (spanKey: string): string => hex(`mtatrace/v1|span|${spanKey}`).slice(0, 16);
