/**
 * omprog-driver — feeds lines to `mtatrace --omprog` the way rsyslog's omprog does with `confirmMessages="on"`:
 * one line, then wait for `OK` (dots are keep-alives) before the next; a line without its `OK` is sent again
 * to the next process when the program dies. Optional `kills`: after that many confirmed lines, the process is
 * killed with SIGKILL after a random few milliseconds (mid-line, mid-export, mid-checkpoint) and restarted.
 *
 * Limits: rsyslog's own queue is memory here (the driver does not crash); start-up errors are not retried.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI } from './cli.js';

export interface DriveResult { restarts: number; stderr: string; codes: (number | null)[]; killTimes: number[] }

export async function driveOmprog(lines: readonly string[], args: string[], env: NodeJS.ProcessEnv, kills: readonly number[] = [], rand = Math.random): Promise<DriveResult> {
  let next = 0; // first line without its OK
  const pending = [...kills].sort((a, b) => a - b);
  const codes: (number | null)[] = [];
  let stderr = '';
  let restarts = 0;
  const killTimes: number[] = [];
  for (;;) {
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, '--omprog', '--output', 'otlp', ...args], { env: { ...process.env, ...env } });
    child.stdin.on('error', () => {});
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    let oks = 0;
    let wake: (() => void) | undefined;
    child.stdout.on('data', (c: Buffer) => {
      for (const ch of c.toString()) if (ch === 'K') oks++;
      wake?.();
    });
    let dead = false;
    void exited.then(() => { dead = true; wake?.(); });
    const waitOk = async (n: number): Promise<boolean> => {
      while (oks < n && !dead) await new Promise<void>((r) => { wake = r; });
      return oks >= n;
    };
    if (!(await waitOk(1))) { codes.push(await exited); throw new Error(`mtatrace did not start: ${stderr}`); }
    let sentHere = 0;
    /** Sends the first unconfirmed line; true once its OK came (false: the process died first). */
    const sendOne = async (): Promise<boolean> => {
      child.stdin.write(`${lines[next]}\n`);
      sentHere++;
      if (!(await waitOk(1 + sentHere))) return false;
      next++;
      return true;
    };
    let killed = false;
    while (next < lines.length && !dead) {
      if (!killed && pending.length && next >= pending[0]) {
        pending.shift();
        killed = true;
        setTimeout(() => { child.kill('SIGKILL'); killTimes.push(Date.now()); }, Math.floor(rand() * 40)); // lines keep coming meanwhile, as from rsyslog
      }
      if (!(await sendOne())) break;
    }
    if (!killed && next >= lines.length) {
      child.stdin.end();
      codes.push(await exited);
      return { restarts, stderr, codes, killTimes };
    }
    if (!dead) child.kill('SIGKILL');
    codes.push(await exited);
    restarts++;
  }
}
