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
 * cannot be used (not JSON, another program's, another format version, a bad field) is reported, moved aside
 * to `PATH.bad`, and the run starts empty: losing in-flight state costs incomplete traces, not a crash.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
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
    return { problem: `cannot read state file ${path}: ${(err as Error).message}; starting empty` };
  }
  try {
    return { snapshot: fromJSON(JSON.parse(text)) };
  } catch (err) {
    const why = err instanceof SnapshotError ? err.message : `not valid JSON (${(err as Error).message})`;
    let moved = '';
    try { renameSync(path, `${path}.bad`); moved = `; moved to ${path}.bad`; } catch { /* leave it where it is */ }
    return { problem: `ignoring state file ${path}: ${why}${moved}; starting empty` };
  }
}

/** The file's content for a snapshot; taken between two lines, before the lifecycles change again. */
export const serialize = (snapshot: Snapshot, now = new Date()): string => `${JSON.stringify(toJSON(snapshot, now))}\n`;

/** Writes serialized state atomically; returns its size in bytes. Throws on I/O errors (the caller reports them). */
export function writeStateFile(path: string, text: string): number {
  const data = Buffer.from(text, 'utf8');
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
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
  stderr: NodeJS.WritableStream;
}

/**
 * Periodic and final checkpoints. A checkpoint is serialized at once, written only after the outputs have
 * settled what was emitted before it: a crash before the write falls back to the previous checkpoint and the
 * replayed lines emit the same ids again (at least once), never a gap.
 */
export class Checkpointer {
  readonly #o: CheckpointOptions;
  #chain: Promise<void> = Promise.resolve();
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  written = 0;
  lastBytes = 0;

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
    const text = serialize(this.#o.take());
    const settled = this.#o.settle();
    this.#running = true;
    this.#chain = this.#chain.then(() => settled).then(() => {
      this.lastBytes = writeStateFile(this.#o.path, text);
      this.written++;
    }).catch((err: unknown) => {
      this.#o.stderr.write(`mtatrace: cannot write state file ${this.#o.path}: ${(err as Error).message}\n`);
    }).finally(() => { this.#running = false; });
    return this.#chain;
  }
}
