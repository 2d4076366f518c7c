/**
 * emitter — the generator's clock and output: a time-ordered agenda of pending steps and the line writer.
 *
 * Steps run in timestamp order (a binary heap keyed by microseconds, ties by insertion order), so the
 * output is monotonic even though thousands of messages are in flight at once. Lines look like
 *   `2026-11-02T08:15:03.412907+00:00 mx1 postfix/qmgr[1190]: 4B7C21A0F3: removed`        (rfc3339)
 *   `Nov  2 08:15:03 mx1 postfix/qmgr[1190]: 4B7C21A0F3: removed`                         (rfc3164)
 * and are buffered into chunks the caller drains to stdout.
 *
 * Limits: timestamps are UTC (`+00:00`; RFC 3164 stamps are UTC wall-clock, so read them with TZ=UTC).
 * A step scheduled in the past is clamped to "now" so lines never go backwards.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n) => (n < 10 ? '0' : '') + n;

export class Emitter {
  /** @param {'rfc3339'|'rfc3164'} format  @param {number} limit  lines to write before stopping */
  constructor(format, limit) {
    this.format = format;
    this.limit = limit;
    this.lines = 0;
    this.nowUs = 0;
    this.chunk = '';
    this.heap = [];
    this.seq = 0;
    this.stampSec = -1;
    this.stampHead = '';
  }

  get done() { return this.lines >= this.limit; }

  /** Runs `fn(us)` when the clock reaches `us`. */
  at(us, fn) {
    const heap = this.heap;
    const node = { us: Math.round(us), seq: this.seq++, fn };
    let i = heap.push(node) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(heap[p], node)) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = node;
  }

  /** Runs every step due at or before `us`, in order (steps may schedule more). */
  runUntil(us) {
    const heap = this.heap;
    while (heap.length > 0 && heap[0].us <= us && !this.done) {
      const top = heap[0];
      const last = heap.pop();
      if (heap.length > 0) siftDown(heap, last);
      if (top.us > this.nowUs) this.nowUs = top.us;
      top.fn(top.us);
    }
  }

  /** Writes one line at `us` (clamped to the clock) unless the line limit is reached. */
  line(us, host, tag, pid, text) {
    if (this.lines >= this.limit) return;
    us = Math.round(us);
    if (us < this.nowUs) us = this.nowUs; else this.nowUs = us;
    this.chunk += this.stamp(us) + ' ' + host + ' ' + tag + (pid ? '[' + pid + ']: ' : ': ') + text + '\n';
    this.lines++;
  }

  /** Takes the buffered text. */
  take() { const c = this.chunk; this.chunk = ''; return c; }

  stamp(us) {
    const sec = Math.floor(us / 1e6);
    if (sec !== this.stampSec) {
      const d = new Date(sec * 1000);
      this.stampSec = sec;
      const hms = pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ':' + pad2(d.getUTCSeconds());
      this.stampHead = this.format === 'rfc3164'
        ? MONTHS[d.getUTCMonth()] + ' ' + String(d.getUTCDate()).padStart(2, ' ') + ' ' + hms
        : d.getUTCFullYear() + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate()) + 'T' + hms;
    }
    if (this.format === 'rfc3164') return this.stampHead;
    return this.stampHead + '.' + String(us - sec * 1e6).padStart(6, '0') + '+00:00';
  }
}

function less(a, b) { return a.us < b.us || (a.us === b.us && a.seq < b.seq); }

function siftDown(heap, node) {
  const n = heap.length;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && less(heap[c + 1], heap[c])) c++;
    if (less(node, heap[c])) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = node;
}

/** Postfix's way of printing delays: `0`, `0.02`, `1.4`, `25`, `5134`. */
export function fmtDelay(s) {
  if (s >= 10) return String(Math.round(s));
  if (s >= 1) return String(Math.round(s * 10) / 10);
  if (s < 0.005) return '0';
  return String(Math.round(s * 100) / 100);
}
