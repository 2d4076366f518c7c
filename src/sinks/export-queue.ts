/**
 * export-queue — mtatrace's own bounded queue in front of an OTLP exporter (spans or log records): batching,
 * retry with backoff, back-pressure, flush for checkpoints, counted drops.
 *
 *   collector down → `span export failed (connect ECONNREFUSED 127.0.0.1:4318); retrying for up to 300 s`
 *   → the batch stays queued, `busy()` turns true when `maxQueue` items wait, the pipeline pauses its input
 *   → collector back → the retry succeeds, `drained()` resolves, input resumes; nothing lost.
 * A batch that still fails after the exporter's own retries (5 tries within OTEL_EXPORTER_OTLP_TIMEOUT) is retried
 * here after 1 s, 2 s, 4 s … (at most 30 s apart) for up to `retryMaxMs`. `flush()` resolves once everything pushed
 * before the call is exported or finally dropped (the state file's checkpoints wait for it).
 *
 * Limits: a permanent rejection (HTTP 4xx other than 408/429) or a batch failing longer than `retryMaxMs` is
 * dropped and counted; there is no disk buffer (rsyslog's queue or a Collector's persistent queue is the place).
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';

export interface ExportQueueOptions<T> {
  /** `exporter.export` of an official OTLP exporter. */
  send: (items: T[], done: (result: ExportResult) => void) => void;
  /** `span` or `log record`, for messages. */
  what: string;
  batchSize: number;
  maxQueue: number;
  flushMs: number;
  retryMaxMs: number;
  stderr: NodeJS.WritableStream;
}

interface Batch<T> { items: T[]; firstSeq: number; firstFailMs?: number; tries: number; waiting?: boolean }

/** At shutdown, how long at most between two tries of a failing batch. */
const FINAL_RETRY_MS = 250;

export class ExportQueue<T> {
  readonly counts = { exported: 0, dropped: 0, failures: 0, retried: 0 };
  readonly #o: ExportQueueOptions<T>;
  #buffer: T[] = [];
  /** Batches handed to the exporter or waiting for a retry. */
  readonly #unsettled = new Set<Batch<T>>();
  #unsettledItems = 0;
  /** Items pushed so far; an item's sequence number is its index in this count. */
  #pushed = 0;
  #timer: NodeJS.Timeout | undefined;
  #waiters: (() => void)[] = [];
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  #final = false;
  /** The first item of a batch finally dropped (Infinity: none): no item from there on counts as exported. */
  #lowestDropped = Infinity;
  /** Called whenever a batch is exported or dropped (the intake journal marks what has left). */
  onSettled: (() => void) | undefined;

  constructor(o: ExportQueueOptions<T>) {
    this.#o = { ...o, batchSize: Math.max(1, Math.min(o.batchSize, o.maxQueue)) };
  }

  push(items: readonly T[]): void {
    for (const it of items) this.#buffer.push(it);
    this.#pushed += items.length;
    if (this.#buffer.length >= this.#o.batchSize) this.#send();
    else if (this.#buffer.length > 0 && !this.#timer) this.#timer = setTimeout(() => this.#send(), this.#o.flushMs);
  }

  /** Items pushed so far. */
  get pushed(): number { return this.#pushed; }

  /** Items with a sequence number below this have all been exported (none of them dropped or still pending). */
  exportedUpTo(): number { return Math.min(this.#lowestUnsettled(), this.#lowestDropped); }

  /** Items accepted but not yet exported or dropped. */
  get queued(): number { return this.#buffer.length + this.#unsettledItems; }

  busy(): boolean { return this.queued >= this.#o.maxQueue; }

  drained(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Resolves when every item pushed before this call is exported or finally dropped. `final` (shutdown): batches
   * waiting for their backoff timer are tried again at once, and from then on at most `FINAL_RETRY_MS` apart,
   * so a collector that is back during `--close-timeout` gets them instead of a timer that fires too late.
   */
  async flush(final = false): Promise<void> {
    if (final && !this.#final) {
      this.#final = true;
      for (const t of this.#retryTimers) clearTimeout(t);
      this.#retryTimers.clear();
      for (const b of this.#unsettled) if (b.waiting) this.#export(b);
    }
    const target = this.#pushed;
    while (this.#buffer.length > 0) this.#send();
    while (this.#lowestUnsettled() < target) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Gives up on everything still queued (shutdown past its time limit); returns how many were dropped. */
  abandon(): number {
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = undefined; }
    for (const t of this.#retryTimers) clearTimeout(t);
    this.#retryTimers.clear();
    const n = this.queued;
    if (n > 0) this.#lowestDropped = Math.min(this.#lowestDropped, this.#lowestUnsettled());
    this.counts.dropped += n;
    this.#buffer = [];
    this.#unsettled.clear();
    this.#unsettledItems = 0;
    this.#wake();
    return n;
  }

  #lowestUnsettled(): number {
    let low = this.#pushed - this.#buffer.length;
    for (const b of this.#unsettled) if (b.firstSeq < low) low = b.firstSeq;
    return low;
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  #send(): void {
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = undefined; }
    const firstSeq = this.#pushed - this.#buffer.length;
    const items = this.#buffer.splice(0, this.#o.batchSize);
    if (items.length === 0) return;
    const batch: Batch<T> = { items, firstSeq, tries: 0 };
    this.#unsettled.add(batch);
    this.#unsettledItems += items.length;
    this.#export(batch);
  }

  #export(batch: Batch<T>): void {
    batch.tries++;
    batch.waiting = false;
    this.#o.send(batch.items, (result: ExportResult) => {
      if (!this.#unsettled.has(batch)) return;
      if (result.code === ExportResultCode.SUCCESS) return this.#settle(batch, true);
      this.counts.failures++;
      const now = Date.now();
      batch.firstFailMs ??= now;
      const why = result.error?.message ?? 'unknown error';
      const status = (result.error as { code?: unknown } | undefined)?.code;
      const permanent = typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
      if (permanent || now - batch.firstFailMs >= this.#o.retryMaxMs) {
        this.#o.stderr.write(`mtatrace: ${this.#o.what} export failed, ${batch.items.length} ${this.#o.what}s dropped: ${why}\n`);
        return this.#settle(batch, false);
      }
      if (batch.tries === 1) this.#o.stderr.write(`mtatrace: ${this.#o.what} export failed (${why}); retrying for up to ${Math.round(this.#o.retryMaxMs / 1000)} s\n`);
      this.counts.retried++;
      const delay = Math.min(this.#final ? FINAL_RETRY_MS : 30_000, 1000 * 2 ** Math.min(batch.tries - 1, 5), Math.max(0, batch.firstFailMs + this.#o.retryMaxMs - now));
      batch.waiting = true;
      const t = setTimeout(() => { this.#retryTimers.delete(t); if (this.#unsettled.has(batch)) this.#export(batch); }, delay);
      this.#retryTimers.add(t);
    });
  }

  #settle(batch: Batch<T>, ok: boolean): void {
    this.#unsettled.delete(batch);
    this.#unsettledItems -= batch.items.length;
    if (ok) this.counts.exported += batch.items.length;
    else {
      this.counts.dropped += batch.items.length;
      this.#lowestDropped = Math.min(this.#lowestDropped, batch.firstSeq);
    }
    this.onSettled?.();
    this.#wake();
  }
}
