/**
 * state-file — `--state-file PATH` on disk: read once at start, written atomically at every checkpoint.
 *
 *   /var/lib/mtatrace/state.json  ← {"format":"mtatrace-state","version":2,"tracker":{…},"pending":[…],"extra":{…}}
 * A write goes to `PATH.tmp`, is fsynced, renamed over PATH, and the directory is fsynced, so a crash (or
 * `kill -9`) at any moment leaves either the previous checkpoint or the new one, never half a file. The
 * content (what the engine's `snapshot()` gives) is encoded and checked by src/correlate/snapshot.ts; the
 * `Checkpointer` takes one every `--checkpoint-interval` and writes it once the sinks have flushed.
 *
 * Limits: one writer per file (two mtatrace processes on one state file overwrite each other). A file that
 * cannot be used (unreadable, not JSON, another program's, another format version, a bad field) is reported,
 * moved aside to `PATH.bad`, and the run starts empty: losing in-flight state costs incomplete traces, not a
 * crash; one that cannot even be moved aside stops the start (exit 2). A failed write (full disk) removes its
 * temp file, keeps the previous checkpoint and is reported as "not saved"; at the end it makes the exit code 1.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fromJSON, toJSON, SnapshotError, type Snapshot } from '../correlate/snapshot.js';

export interface Loaded {
  snapshot?: Snapshot;
  /** Why the file was not used (already moved aside); undefined when it was used or did not exist. */
  problem?: string;
}

export function readStateFile(path: string): Loaded {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    // Unreadable (a directory, an I/O error, too large for one string): moved aside like an invalid one, so
    // the next checkpoint does not overwrite what someone may still want to look at.
    return moveAside(path, `cannot be read (${(err as Error).message})`);
  }
  try {
    return { snapshot: fromJSON(JSON.parse(text)) };
  } catch (err) {
    return moveAside(path, err instanceof SnapshotError ? err.message : `not valid JSON (${(err as Error).message})`);
  }
}

/** Moves an unusable state file to `PATH.bad`; when even that fails, starting is refused (StateFileError). */
function moveAside(path: string, why: string): Loaded {
  try {
    renameSync(path, `${path}.bad`);
  } catch (err) {
    throw new StateFileError(`state file ${path}: ${why}, and it cannot be moved to ${path}.bad (${(err as Error).message}); not starting, so that it is not overwritten`);
  }
  return { problem: `ignoring state file ${path}: ${why}; moved to ${path}.bad; starting empty` };
}

/** A state file that can be neither used nor moved aside (main.ts: exit 2). */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
}

/** The file's content for a snapshot; taken between two lines, before the lifecycles change again. */
export const serialize = (snapshot: Snapshot, now = new Date()): string => `${JSON.stringify(toJSON(snapshot, now))}\n`;

/** Writes serialized state atomically; returns its size in bytes. Throws on I/O errors (the caller reports them). */
export function writeStateFile(path: string, text: string): number {
  const data = Buffer.from(text, 'utf8');
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    try {
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    // A full disk or an I/O error: the previous checkpoint stays as it was, and no half-written temp file is left.
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw err;
  }
  try {
    const dir = openSync(dirname(path), 'r');
    try { fsyncSync(dir); } finally { closeSync(dir); }
  } catch { /* some file systems cannot fsync a directory; the rename is still atomic */ }
  return data.length;
}

export interface CheckpointOptions {
  path: string;
  intervalMs: number;
  /** The state right now (called between two lines). */
  take: () => Snapshot;
  /** Resolves when everything emitted so far has left the process (sink flush). */
  settle: () => Promise<void>;
  /** Items the outputs have finally dropped so far (a checkpoint must not cover their lines). */
  dropped?: () => number;
  /** A checkpoint of this snapshot is on disk (the intake journal deletes what it covers). */
  written?: (snapshot: Snapshot) => void;
  stderr: NodeJS.WritableStream;
}

/**
 * Periodic and final checkpoints. A checkpoint is serialized at once, written only after the outputs have
 * settled what was emitted before it: a crash before the write falls back to the previous checkpoint and the
 * replayed lines emit the same ids again (at least once), never a gap. Once output has been dropped, no later
 * checkpoint is written in this run (each would cover the dropped items' lines): the exit code is 1 and the
 * restart goes back to the last checkpoint written before the drop.
 */
export class Checkpointer {
  readonly #o: CheckpointOptions;
  #chain: Promise<void> = Promise.resolve();
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  written = 0;
  lastBytes = 0;
  /** Why the last write failed; undefined once a write succeeds. */
  failure: string | undefined;

  constructor(o: CheckpointOptions) {
    this.#o = o;
  }

  start(): void {
    if (this.#o.intervalMs <= 0) return;
    this.#timer = setInterval(() => { if (!this.#running) void this.save(); }, this.#o.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  save(): Promise<void> {
    const snapshot = this.#o.take();
    const text = serialize(snapshot);
    const settled = this.#o.settle();
    this.#running = true;
    this.#chain = this.#chain.then(() => settled).then(() => {
      // Output dropped (an outage longer than the retries, --close-timeout): this checkpoint would cover the
      // lines it came from, and a replay could never send it again. The previous checkpoint stays, so replaying
      // the log from before it re-creates what was dropped.
      const dropped = this.#o.dropped?.() ?? 0;
      if (dropped > 0) throw new Error(`${dropped} items to export were dropped in this run, and a checkpoint now would cover their lines (replaying the log from before the previous checkpoint sends them again)`);
      this.lastBytes = writeStateFile(this.#o.path, text);
      this.written++;
      this.failure = undefined;
      this.#o.written?.(snapshot);
    }).catch((err: unknown) => {
      this.failure = (err as Error).message;
      this.#o.stderr.write(`mtatrace: state file ${this.#o.path} not saved: ${this.failure} (the previous checkpoint, if any, is kept)\n`);
    }).finally(() => { this.#running = false; });
    return this.#chain;
  }
}
