/**
 * queue-command — the watch's only I/O: `--queue-command 'postqueue -j'` every `--queue-interval` seconds and
 * once at end of input; its JSON listing (postqueue(1), Postfix ≥ 3.1) replaces the log-derived queue picture
 * of the host of the latest line (src/watch/watch.ts `reconcile`, through the engine).
 *
 *   {"queue_name": "deferred", "queue_id": "4B7C21A0F3", "arrival_time": 1795796581, …}   one object per line
 * The command comes only from the configuration, is split on spaces and run without a shell (execFile), with a
 * 10 s timeout and a 64 MB output cap; a failure is reported on stderr (once until it changes) and changes nothing.
 * Driven by src/pipeline.ts; the engine stays pure.
 */
import { execFile } from 'node:child_process';
import { parseQueueListing, type ListedMessage } from './queues.js';

export interface QueueCommandTarget {
  /** The host the listing describes (the latest Postfix line's), undefined before any. */
  latestHost(): string | undefined;
  /** Applies the listing (the engine emits the reconciliation). */
  reconcile(host: string, listing: readonly ListedMessage[]): void;
}

export class QueueCommand {
  readonly #command: string;
  readonly #stderr: NodeJS.WritableStream;
  readonly #target: QueueCommandTarget;
  #running: Promise<void> | undefined;
  /** The last problem reported (each is reported once until it changes). */
  #problem = '';

  constructor(command: string, target: QueueCommandTarget, stderr: NodeJS.WritableStream) {
    this.#command = command;
    this.#target = target;
    this.#stderr = stderr;
  }

  /** Runs the command once (never two at a time) and applies its listing. */
  run(): Promise<void> {
    this.#running ??= this.#run().finally(() => { this.#running = undefined; });
    return this.#running;
  }

  async #run(): Promise<void> {
    const [cmd, ...args] = this.#command.split(/\s+/).filter(Boolean);
    const host = this.#target.latestHost();
    if (!cmd || !host) return;
    try {
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(cmd, args, { timeout: 10_000, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, out) => (err ? reject(err) : resolve(out)));
      });
      const { messages, bad } = parseQueueListing(stdout);
      if (bad > 0) this.#report(`--queue-command: ${bad} lines were not queue entries`);
      this.#target.reconcile(host, messages);
    } catch (err) {
      this.#report(`--queue-command failed: ${(err as Error).message}`);
    }
  }

  #report(problem: string): void {
    if (problem !== this.#problem) this.#stderr.write(`mtatrace: ${problem}\n`);
    this.#problem = problem;
  }
}
