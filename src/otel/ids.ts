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
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'buffer') => Buffer }).hash;
const digest = oneShot ? (s: string): Buffer => oneShot('sha256', s, 'buffer') : (s: string): Buffer => crypto.createHash('sha256').update(s).digest();

// Only the leading bytes are hex-encoded: slicing a 64-digit hex string would keep all of it alive behind each id.
export const traceIdOf = (traceKey: string): string => digest(`mtatrace/v1|trace|${traceKey}`).toString('hex', 0, 16);

export const spanIdOf = (spanKey: string): string => digest(`mtatrace/v1|span|${spanKey}`).toString('hex', 0, 8);
