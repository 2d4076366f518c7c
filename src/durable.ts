/**
 * durable — `--omprog` with `--state-file` made crash-safe: a line is confirmed to rsyslog (`OK`) only once it is
 * in the intake journal (src/input/journal.ts), and a restart after a crash emits every signal exactly once.
 *
 *   rsyslog → `{"msg":" 4B7C21A0F3: removed",…}` → journal.append → engine.line → `OK`
 *   start: checkpoint → journal generations after it, replayed through the engine (the first E signals of each,
 *          exported before the crash, are not emitted again) → rsyslog re-sends what it had no `OK` for → skipped
 * The engine is deterministic for the same lines (wall-clock releases of the reorder window are journaled as
 * `D` records and repeated), so signal number n of a generation is the same signal in the replay. A signal
 * counts as exported when every span and log record written for it has been exported (the export queues'
 * `exportedUpTo`); the mark is written as each batch settles. Watch reports (alerts, reconciliations) follow the
 * wall clock and are not counted: they may repeat after a crash.
 *
 * Limits: between a batch's export and its mark reaching the journal (microseconds) a crash repeats that batch.
 * An OS crash or power loss loses up to `--fsync-interval` of lines that rsyslog no longer has.
 */
import { isSignal, type Engine, type Output, type StatePart } from './engine.js';
import type { Snapshot } from './correlate/snapshot.js';
import { IntakeJournal, newestGeneration, readJournal, Resend, type JournalReplay } from './input/journal.js';
import type { EventOut, SpanOut } from './otel/model.js';
import type { Sink } from './sinks/sink.js';

type Write = (out: Output, spans: readonly SpanOut[], events: readonly EventOut[]) => void;

/** One exporting output (spans, log records): which signals have all their items there exported. */
interface Track {
  sink: Sink;
  name: string;
  /** Signals of the generation being replayed below this number are not written here (exported before). */
  skipBelow: number;
  /** Per signal written here, flat: its number and the output's item count after it; from `head` on. */
  pending: number[];
  head: number;
}

export class DurableIntake {
  readonly #path: string;
  readonly #fsyncMs: number;
  #sinks: Sink[] = [];
  #tracks: Track[] = [];
  #journal: IntakeJournal | undefined;
  #replay: JournalReplay = { generations: [], unconfirmed: [] };
  #fromSeq = 0;
  #resend = new Resend([]);
  /** Signals emitted (or not written again, as already exported) in this process. */
  #ordinal = 0;
  readonly #spans: { seq: number; base: number; end: number; exported: Record<string, number> }[] = [];
  /** Lines replayed from the journal, copies skipped, signals not written again, for the summary. */
  readonly counts = { replayed: 0, resent: 0, suppressed: 0 };

  constructor(path: string, fsyncMs: number) {
    this.#path = path;
    this.#fsyncMs = fsyncMs;
  }

  /** Reads what the journal holds after `snapshot` (call before the engine restores it). */
  load(snapshot: Snapshot | undefined): void {
    const saved = snapshot?.extra.journal as { seq?: unknown } | undefined;
    this.#fromSeq = typeof saved?.seq === 'number' && Number.isInteger(saved.seq) && saved.seq >= 0 ? saved.seq : 0;
    this.#replay = readJournal(this.#path, this.#fromSeq);
    this.#resend = new Resend(this.#replay.unconfirmed);
  }

  /**
   * Wraps the sinks' write: signals are numbered, and during a replay each exporting output skips those it had
   * exported before the crash; outputs that do not export (metrics) get what any exporting one gets.
   */
  wrap(write: Write, sinks: Sink[]): Write {
    this.#sinks = sinks;
    return (out, spans, events) => {
      if (!isSignal(out)) { write(out, spans, events); return; }
      const n = this.#ordinal++;
      const tracks = this.#exporting();
      let any = tracks.length === 0;
      for (const t of tracks) {
        if (n < t.skipBelow) continue;
        any = true;
        t.sink.write(out, spans, events);
        t.pending.push(n, t.sink.pushed?.() ?? 0);
      }
      if (!any) { this.counts.suppressed++; return; }
      for (const k of sinks) if (k.exportedUpTo === undefined) k.write(out, spans, events);
    };
  }

  /** Replays the journal through the engine, then starts writing a new generation. */
  replay(engine: Engine, wallMs: number): void {
    const gens = this.#replay.generations;
    const tracks = this.#exporting();
    gens.forEach((gen, i) => {
      // The original run took a checkpoint here (which lets held notification signals go): so does the replay.
      if (i > 0 && gen.atCheckpoint) engine.snapshot();
      const base = this.#ordinal;
      for (const t of tracks) t.skipBelow = base + (gen.exported[t.name] ?? 0);
      for (const rec of gen.records) {
        if (typeof rec === 'number') engine.release(rec, wallMs);
        else { engine.line(rec, wallMs); this.counts.replayed++; }
      }
      this.#spans.push({ seq: gen.seq, base, end: this.#ordinal, exported: gen.exported });
    });
    for (const t of tracks) t.skipBelow = 0;
    const seq = Math.max(newestGeneration(this.#path) + 1, this.#fromSeq, 1);
    this.#journal = new IntakeJournal({ path: this.#path, fsyncMs: this.#fsyncMs, seq, base: this.#ordinal });
    for (const s of this.#spans) this.#journal.adopt(s, s.base, s.end);
    for (const t of tracks) t.sink.onSettled?.(() => this.#mark(t));
    for (const t of tracks) this.#mark(t);
  }

  /** One line from the source: false when it is a copy of a journaled line the source sends again (skip it). */
  accept(line: string): boolean {
    if (this.#resend.active && this.#resend.copy(line)) { this.counts.resent++; return false; }
    this.#journal?.append(line);
    return true;
  }

  /** Confirmations are about to be sent: the lines they confirm are written out first. */
  confirming(): void { this.#journal?.flush(); }

  /** Everything accepted so far has been confirmed to the source. */
  confirmed(): void { this.#journal?.confirmed(); }

  /** The reorder window let `n` lines go by the wall clock. */
  released(n: number): void { this.#journal?.released(n); }

  /** The journal's part of a checkpoint: a new generation starts with it. */
  part(): StatePart {
    return { name: 'journal', save: () => ({ seq: this.#journal?.rotate(this.#ordinal) ?? this.#fromSeq }), load: () => {} };
  }

  /** A checkpoint is on disk: the generations it covers go. */
  written(snapshot: Snapshot): void {
    const seq = (snapshot.extra.journal as { seq?: number } | undefined)?.seq;
    if (seq !== undefined) this.#journal?.covered(seq);
  }

  close(): void {
    for (const t of this.#tracks) this.#mark(t);
    this.#journal?.close();
  }

  #exporting(): Track[] {
    if (this.#tracks.length === 0) {
      this.#tracks = this.#sinks.filter((k) => k.exportedUpTo !== undefined)
        .map((sink) => ({ sink, name: (sink.unit ?? 'items').replace(/\s+/g, '-'), skipBelow: 0, pending: [], head: 0 }));
    }
    return this.#tracks;
  }

  /** Advances an output's export mark past every signal whose items there have all been exported. */
  #mark(t: Track): void {
    const upTo = t.sink.exportedUpTo?.() ?? 0;
    const p = t.pending;
    let h = t.head;
    while (h < p.length && p[h + 1] <= upTo) h += 2;
    t.head = h;
    if (h > 65_536 && h * 2 > p.length) { t.pending = p.slice(h); t.head = 0; }
    this.#journal?.exported(t.name, t.head < t.pending.length ? t.pending[t.head] : this.#ordinal);
  }
}
