/**
 * omprog — rsyslog's `confirmMessages="on"` protocol on stdout (`--omprog`).
 *
 *   → OK\n                      once at start, when state is restored and mtatrace can accept lines
 *   ← {"timereported":…,"msg":" 4B7C21A0F3: removed"}\n
 *   → OK\n                      after the line is applied (or counted as rejected/ignored) and, with --state-file,
 *                               written to the intake journal (src/input/journal.ts): rsyslog may forget it
 *   ← …                         (export queue full: input paused)
 *   → ....OK\n                  keep-alive dots until the queue drains, then the confirmation
 * rsyslog sends the next line only after `OK`, so withholding it keeps the backlog in rsyslog's (disk-assisted)
 * queue; the dots keep rsyslog from declaring mtatrace hung before `confirmTimeout` (default 10 s).
 *
 * It lives in input/ because it is the other half of reading stdin: it answers for each line read. In this
 * mode stdout carries nothing else (the pipeline refuses `--output text|json` with `--omprog`).
 * Limits: the protocol has no negative acknowledgement that helps here; a line mtatrace cannot parse is
 * confirmed anyway (and counted), since retrying it would not make it parse.
 */
import type { Writable } from 'node:stream';

export class OmprogAck {
  readonly #out: Writable;
  readonly #keepAliveMs: number;
  #timer: NodeJS.Timeout | undefined;
  #owed = 0;
  confirmed = 0;
  keepAlives = 0;

  /** Called before confirmations are written (the intake journal writes out the lines they confirm). */
  beforeConfirm: (() => void) | undefined;
  /** Called after confirmations were written (the intake journal notes that everything so far is confirmed). */
  onConfirm: (() => void) | undefined;
  #scheduled = false;

  constructor(out: Writable, keepAliveMs = 1000) {
    this.#out = out;
    this.#keepAliveMs = keepAliveMs;
  }

  /** The start-up confirmation. */
  ready(): void { this.#out.write('OK\n'); }

  /**
   * One line was accepted; confirmed once the lines read with it are handled (one write for a chunk of lines,
   * not one per line), or (when `hold`) only when `release()` is called.
   */
  accepted(hold: boolean): void {
    if (hold) {
      this.#confirm(); // the lines before it are not held
      this.#owed++;
      this.#startKeepAlive();
      return;
    }
    this.#owed++;
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#timer) this.#confirm();
    });
  }

  /** The export queue drained: send the withheld confirmations. */
  release(): void { this.#confirm(); }

  /** Shutdown: stop the keep-alives (withheld lines stay unconfirmed, so rsyslog keeps them). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #startKeepAlive(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => { this.keepAlives++; this.#out.write('.'); }, this.#keepAliveMs);
  }

  #confirm(): void {
    this.stop();
    if (this.#owed === 0) return;
    this.beforeConfirm?.();
    this.#out.write('OK\n'.repeat(this.#owed));
    this.confirmed += this.#owed;
    this.#owed = 0;
    this.onConfirm?.();
  }
}
