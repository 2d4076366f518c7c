/**
 * journal — the intake journal beside the state file (`PATH.wal`): every line accepted from rsyslog's omprog is
 * appended here before it is confirmed with `OK`, so a line rsyslog has forgotten is never only in memory.
 *
 *   S7                               header: this file's generation (the checkpoint names the first one it does not
 *                                    cover); `S7 start` when it began with the process, not at a checkpoint
 *   L{"timereported":"2026-11-27T17:39:42.370936+00:00","hostname":"mx1","syslogtag":"postfix/qmgr[812]:","msg":" 4B7C21A0F3: removed"}
 *   C                                every line above is confirmed to the source (OK sent)
 *   D3                               the reorder window let 3 lines go by the wall clock here (replayed at the same place)
 *   Espans 1204                      the first 1204 signals of this generation have all their spans exported
 * A checkpoint is taken between two lines; at that moment the journal starts a new generation, and once the
 * checkpoint is on disk the generations it covers are deleted. At start, the generations after the restored
 * checkpoint are replayed through the same engine: the same lines in the same order give the same signals,
 * the first E of each generation are not emitted again (they left before the crash), and the lines after the
 * last `C` are the ones the source may send again (`Resend` recognises them, in order).
 *
 * Durability: records are written with write(2) before their `OK` (one write for the lines of one input chunk),
 * so a process crash (kill -9, OOM) loses nothing: the kernel has it. fdatasync runs every `fsyncMs` (0: before every confirmation), which bounds what
 * an OS crash or power loss can take: the lines of the last interval, which rsyslog no longer has.
 *
 * Limits: one writer per state file. A record cut by a crash mid-write (no final newline) is ignored — its line
 * was not confirmed, so the source sends it again. A `C` is written in front of the next record, not on its own
 * (one write per line): after a crash, the last line may be confirmed without its `C`; `Resend` allows for that.
 */
import { closeSync, fdatasyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** One generation read back from disk. */
export interface JournalGeneration {
  seq: number;
  /** Lines and wall-clock releases, in the order they happened: a string is a line, a number a `D` count. */
  records: (string | number)[];
  /** Whether a checkpoint was taken where it begins (its replay takes one there too); false after a restart. */
  atCheckpoint: boolean;
  /** Per output (`spans`, `log records`): signals of this generation already exported there before the crash. */
  exported: Record<string, number>;
}

export interface JournalReplay {
  generations: JournalGeneration[];
  /** The lines after the last confirmation, in order: the source may send them again. */
  unconfirmed: string[];
}

interface OpenGeneration { seq: number; fd: number; base: number; end: number; marked: Record<string, number>; path: string }

const NAME = (path: string, seq: number): string => `${path}.wal.${seq}`;

/** Reads the generations at or after `fromSeq` (older ones are deleted: a checkpoint covers them). */
export function readJournal(path: string, fromSeq: number): JournalReplay {
  const generations: JournalGeneration[] = [];
  let unconfirmed: string[] = [];
  for (const { seq, file } of listGenerations(path)) {
    if (seq < fromSeq) { unlinkQuietly(file); continue; }
    const text = readFileSync(file, 'utf8');
    const end = text.lastIndexOf('\n');
    const gen: JournalGeneration = { seq, records: [], exported: {}, atCheckpoint: true };
    for (const rec of end < 0 ? [] : text.slice(0, end).split('\n')) {
      switch (rec[0]) {
        case 'L': gen.records.push(rec.slice(1)); unconfirmed.push(rec.slice(1)); break;
        case 'C': unconfirmed = []; break;
        case 'D': gen.records.push(Number(rec.slice(1))); break;
        case 'E': {
          const sp = rec.lastIndexOf(' ');
          const name = rec.slice(1, sp);
          const n = Number(rec.slice(sp + 1));
          if (sp > 1 && Number.isInteger(n)) gen.exported[name] = Math.max(gen.exported[name] ?? 0, n);
          break;
        }
        case 'S': gen.atCheckpoint = !rec.endsWith(' start'); break;
        default: break; // an empty record
      }
    }
    generations.push(gen);
  }
  return { generations, unconfirmed };
}

function listGenerations(path: string): { seq: number; file: string }[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.wal.`;
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  return names.filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
    .map((n) => ({ seq: Number(n.slice(prefix.length)), file: join(dir, n) }))
    .sort((a, b) => a.seq - b.seq);
}

function unlinkQuietly(file: string): void {
  try { unlinkSync(file); } catch { /* already gone */ }
}

export interface JournalOptions {
  /** The state file's path; generations are `PATH.wal.N`. */
  path: string;
  /** fdatasync interval in ms; 0: before every confirmation. */
  fsyncMs: number;
  /** The generation to start writing (one after the newest on disk). */
  seq: number;
  /** Signals emitted so far in this process (the new generation's first signal). */
  base: number;
}

export class IntakeJournal {
  readonly #o: JournalOptions;
  /** Generations not yet covered by a written checkpoint; the last is the one being written. */
  #open: OpenGeneration[] = [];
  #confirmPending = false;
  #dirty = false;
  /** Records not yet written: written out before any confirmation (`flush`), so one write covers a chunk of lines. */
  #buf = '';
  #timer: NodeJS.Timeout | undefined;
  /** Lines appended, fdatasync calls (for the benchmark and the summary). */
  readonly counts = { lines: 0, syncs: 0, bytes: 0 };

  constructor(o: JournalOptions) {
    this.#o = o;
    this.#start(o.seq, o.base, false);
    if (o.fsyncMs > 0) {
      this.#timer = setInterval(() => this.sync(), o.fsyncMs);
      this.#timer.unref();
    }
  }

  /**
   * Takes over a generation replayed at start: its signals were ordinals `base` to `end` of this process, the
   * first `exported` of them not emitted again. Later exports are marked in its file, until a checkpoint covers it.
   */
  adopt(gen: Pick<JournalGeneration, 'seq' | 'exported'>, base: number, end: number): void {
    const path = NAME(this.#o.path, gen.seq);
    const fd = openSync(path, 'a');
    this.#open.splice(this.#open.length - 1, 0, { seq: gen.seq, fd, base, end, marked: { ...gen.exported }, path });
  }

  /** One accepted line; `flush()` must run before it is confirmed. */
  append(line: string): void {
    this.#buf += `${this.#confirmPending ? 'C\n' : ''}L${line}\n`;
    this.#confirmPending = false;
    this.counts.lines++;
    if (this.#buf.length >= 65_536) this.flush();
  }

  /** Writes out what `append` and `released` gathered (before the source gets its confirmations). */
  flush(): void {
    if (this.#buf === '' || this.#open.length === 0) return;
    const text = this.#buf;
    this.#buf = '';
    this.#write(text);
    if (this.#o.fsyncMs === 0) this.sync();
  }

  /** Every line appended so far has been confirmed to the source (written in front of the next record). */
  confirmed(): void { this.#confirmPending = true; }

  /** The reorder window let `n` lines go by the wall clock (replayed at the same place). */
  released(n: number): void { if (n > 0) this.#buf += `D${n}\n`; }

  /** Signals with ordinals below `upTo` (this process's count) have been exported to output `name`. */
  exported(name: string, upTo: number): void {
    this.flush(); // a mark never goes before the lines it follows
    for (const g of this.#open) {
      const mark = Math.min(upTo, g.end) - g.base;
      if (mark > (g.marked[name] ?? 0)) {
        g.marked[name] = mark;
        this.#bytes(writeSync(g.fd, `E${name} ${mark}\n`));
      }
    }
  }

  /**
   * A checkpoint is being taken after signal `ordinal`: the generation being written ends here and a new one
   * begins. Returns the new generation's number (the checkpoint records it: the first it does not cover).
   */
  rotate(ordinal: number): number {
    this.flush();
    const cur = this.#open[this.#open.length - 1];
    cur.end = ordinal;
    if (this.#confirmPending) { this.#bytes(writeSync(cur.fd, 'C\n')); this.#confirmPending = false; }
    this.sync();
    this.#start(cur.seq + 1, ordinal, true);
    return cur.seq + 1;
  }

  /** A checkpoint naming generation `seq` is on disk: the generations before it are deleted. */
  covered(seq: number): void {
    this.#open = this.#open.filter((g) => {
      if (g.seq >= seq) return true;
      closeSync(g.fd);
      unlinkQuietly(g.path);
      return false;
    });
  }

  /** fdatasync of what was written since the last one. */
  sync(): void {
    this.flush();
    if (!this.#dirty) return;
    this.#dirty = false;
    for (const g of this.#open) fdatasyncSync(g.fd);
    this.counts.syncs++;
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#confirmPending) this.#buf += 'C\n';
    this.sync();
    for (const g of this.#open) closeSync(g.fd);
    this.#open = [];
  }

  #start(seq: number, base: number, atCheckpoint: boolean): void {
    const path = NAME(this.#o.path, seq);
    // Written whole under a temporary name first, so a generation on disk always starts with its header.
    const tmp = `${path}.tmp`;
    const fd0 = openSync(tmp, 'w', 0o600);
    writeSync(fd0, `S${seq}${atCheckpoint ? '' : ' start'}\n`);
    fdatasyncSync(fd0);
    closeSync(fd0);
    renameSync(tmp, path);
    const fd = openSync(path, 'a');
    this.#open.push({ seq, fd, base, end: Infinity, marked: {}, path });
  }

  #write(text: string): void {
    const cur = this.#open[this.#open.length - 1];
    this.#bytes(writeSync(cur.fd, text));
  }

  #bytes(n: number): void {
    this.counts.bytes += n;
    this.#dirty = true;
  }
}

/** The newest generation number on disk (0 when there is none). */
export function newestGeneration(path: string): number {
  const gens = listGenerations(path);
  return gens.length ? gens[gens.length - 1].seq : 0;
}

/**
 * Recognises, in order, the lines the source sends again after a restart: those after the journal's last
 * confirmation. A line that is not the next one expected may still be a later one (the last confirmations may
 * have been sent without their `C` reaching the journal); a line that is none of them ends the re-sending.
 */
export class Resend {
  #expected: string[];
  #next = 0;
  skipped = 0;

  constructor(unconfirmed: readonly string[]) { this.#expected = [...unconfirmed]; }

  get active(): boolean { return this.#next < this.#expected.length; }

  /** True when `line` is a copy of a journaled line (skip it); false once the source sends new lines. */
  copy(line: string): boolean {
    if (!this.active) return false;
    const at = this.#expected.indexOf(line, this.#next);
    if (at < 0) { this.#expected = []; this.#next = 0; return false; }
    this.#next = at + 1;
    this.skipped++;
    return true;
  }
}
