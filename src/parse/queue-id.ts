/**
 * queue-id — recognise a Postfix queue ID at the start of a message text (`4B7C21A0F3: to=<…>`).
 *
 * Two formats exist (global/mail_queue.h):
 *   short (default): upper-case hex, five characters of microseconds then the inode number in hex — `4B7C21A0F3`;
 *   long (`enable_long_queue_ids = yes`): at least six base-52 characters of seconds, exactly four of
 *     microseconds, the separator `z`, then the inode in base 51 (no `z`) — `3pJjg82Vycz1JBJG`. The alphabet is
 *     the digits and the consonants of both cases (`MQID_LG_*`: vowels are left out so IDs never spell words).
 * `NOQUEUE` is not a queue ID; callers test for it themselves.
 *
 * Limits: a short ID is accepted with 6 to 21 hex characters (five of time plus up to 16 of a 64-bit inode);
 * nothing checks that the encoded time is plausible.
 */

const SHORT_MIN = 6;
const SHORT_MAX = 21;
/** MQID_LG_TIME_PAD: six characters of seconds plus four of microseconds come before the `z`. */
const LONG_TIME_PAD = 10;
const LONG_MAX = 40;

/** 1 = upper-case hex digit (short IDs), 2 = long-ID alphabet, 3 = both. Indexed by char code < 128. */
const CLASS = new Uint8Array(128);
for (const c of '0123456789') CLASS[c.charCodeAt(0)] = 3;
for (const c of 'ABCDEF') CLASS[c.charCodeAt(0)] |= 1;
for (const c of 'BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz') CLASS[c.charCodeAt(0)] |= 2;

const Z = 'z'.charCodeAt(0);
const COLON = 58;
const SPACE = 32;

/** True when `s.slice(start, end)` is a short or long queue ID. */
export function isQueueId(s: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < SHORT_MIN || len > LONG_MAX) return false;
  let all = 3;
  let lastZ = -1;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return false;
    all &= CLASS[c];
    if (all === 0) return false;
    if (c === Z) lastZ = i;
  }
  if ((all & 1) !== 0 && len <= SHORT_MAX) return true;
  // Long form: the last `z` separates time from inode and must leave room for both.
  return (all & 2) !== 0 && lastZ - start >= LONG_TIME_PAD && lastZ < end - 1;
}

/**
 * Length of the queue ID that starts `text` and is followed by `: `, or -1.
 * `queueIdLength('4B7C21A0F3: removed')` → 10; `queueIdLength('NOQUEUE: reject: …')` → -1.
 */
export function queueIdLength(text: string): number {
  const n = Math.min(text.length, LONG_MAX + 1);
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || CLASS[c] === 0) break;
    i++;
  }
  if (text.charCodeAt(i) !== COLON || text.charCodeAt(i + 1) !== SPACE) return -1;
  return isQueueId(text, 0, i) ? i : -1;
}

/**
 * Length of a token at the start of `text` that stands where a queue ID would (`FGHIJ67890: client=…`: letters
 * and digits, with at least one digit and one upper-case letter, followed by `: `) but is not one — invented
 * ids in hand-made logs, or a format this reader does not know. -1 when there is none.
 */
export function fakeQueueIdLength(text: string): number {
  const n = Math.min(text.length, LONG_MAX + 1);
  let digit = false;
  let upper = false;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (!(c >= 97 && c <= 122)) break;
  }
  if (i < SHORT_MIN || !digit || !upper || text.charCodeAt(i) !== COLON || text.charCodeAt(i + 1) !== SPACE) return -1;
  return isQueueId(text, 0, i) ? -1 : i;
}
