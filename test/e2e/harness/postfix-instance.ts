/**
 * postfix-instance — start, drive and stop a private Postfix (`postfix -c DIR`) with its own queue.
 *
 * `createInstance` writes the files from postfix-config.ts under a fresh directory, `start()` runs
 * `postfix -c DIR start` and tracks the master's pid file, `sendmail()` submits like a local program
 * (`sendmail -C DIR`), `queue()` reads `postqueue -j`, `postsuper()` holds/releases/deletes.
 * Example `postqueue -j` record: `{"queue_name":"deferred","queue_id":"4jbgf62L4FzJ9QN","recipients":[{"address":"x@refused.test",…}],…}`.
 *
 * Limits: must run as root (Postfix refuses a queue it cannot own); the system instance in /etc/postfix is not touched.
 */
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mainCf, masterCf, tables } from './postfix-config.js';
import type { InstanceSpec } from './postfix-config.js';
import { run, sleep, trackDaemon, isAlive, readPidFile } from './processes.js';

export interface QueueEntry {
  queue_name: string;
  queue_id: string;
  sender: string;
  recipients: { address: string; delay_reason?: string }[];
}

export interface Instance {
  spec: InstanceSpec;
  conf: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  sendmail(from: string, to: string[], data: string[]): Promise<void>;
  queue(): Promise<QueueEntry[]>;
  postsuper(flag: '-h' | '-H' | '-d', queueId: string): Promise<void>;
  /** `postqueue -i ID`: schedule immediate delivery of one message. */
  kick(queueId: string): Promise<void>;
}

function ids(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
  return { uid, gid };
}

/** Files bind-mounted in the instance's private mount namespace. */
export interface Namespace {
  /** The test rsyslogd's socket, on /dev/log (when the host's /dev/log belongs to another daemon). */
  devLog?: string;
  /** A resolv.conf naming the loopback DNS responder, on /etc/resolv.conf. */
  resolvConf?: string;
}

/**
 * `ns`: run the instance in a private mount namespace with these files bind-mounted. Every Postfix command is
 * then run inside that namespace (`nsenter`), so its log lines and lookups go where the daemons' go.
 */
export function createInstance(spec: InstanceSpec, ns?: Namespace): Instance {
  const conf = `${spec.root}/conf`;
  for (const d of ['conf', 'queue', 'data', 'mail']) mkdirSync(`${spec.root}/${d}`, { recursive: true });
  chmodSync(spec.root, 0o755);
  chmodSync(`${spec.root}/mail`, 0o1777);
  const pf = ids('postfix');
  chownSync(`${spec.root}/data`, pf.uid, pf.gid);
  writeFileSync(`${conf}/main.cf`, mainCf(spec));
  writeFileSync(`${conf}/master.cf`, masterCf(spec));
  for (const [name, text] of Object.entries(tables(spec))) writeFileSync(`${conf}/${name}`, text);
  const pidFile = `${spec.root}/queue/pid/master.pid`;
  /** Runs a Postfix command, inside the instance's mount namespace when it has one and the master is up. */
  const inNs = (cmd: string, args: string[], input?: string): ReturnType<typeof run> => {
    const master = readPidFile(pidFile);
    if (!ns || master === undefined || !isAlive(master)) return run(cmd, args, input);
    return run('nsenter', [`--mount=/proc/${master}/ns/mnt`, '--', cmd, ...args], input);
  };

  const inst: Instance = {
    spec,
    conf,
    async start() {
      await run('postfix', ['-c', conf, 'check']);
      trackDaemon(`postfix master (${conf})`, pidFile, () => inst.stop());
      if (ns) {
        await run('unshare', ['--mount', '--propagation', 'private', 'sh', '-c',
          'set -e; [ -z "$2" ] || mount --bind "$2" /dev/log; [ -z "$3" ] || mount --bind "$3" /etc/resolv.conf; exec postfix -c "$1" start',
          'sh', conf, ns.devLog ?? '', ns.resolvConf ?? '']);
      } else {
        await run('postfix', ['-c', conf, 'start']);
      }
      for (let i = 0; i < 50 && readPidFile(pidFile) === undefined; i++) await sleep(100);
      if (readPidFile(pidFile) === undefined) throw new Error(`postfix -c ${conf} start wrote no pid file`);
    },
    async stop() {
      const pid = readPidFile(pidFile);
      if (pid === undefined || !isAlive(pid)) return;
      await inNs('postfix', ['-c', conf, 'stop']).catch(() => undefined);
      for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
    },
    async sendmail(from, to, data) {
      await inNs('sendmail', ['-C', conf, '-f', from, '-i', '--', ...to], `${data.join('\n')}\n`);
    },
    async queue() {
      const { stdout } = await inNs('postqueue', ['-c', conf, '-j']);
      return stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as QueueEntry);
    },
    async postsuper(flag, queueId) {
      await inNs('postsuper', ['-c', conf, flag, queueId]);
    },
    async kick(queueId) {
      await inNs('postqueue', ['-c', conf, '-i', queueId]);
    },
  };
  return inst;
}
