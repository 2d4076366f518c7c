/**
 * world — one private Postfix with everything it talks to: Postfix's `smtp-sink` processes (plain accept, user
 * unknown at RCPT, 450 at MAIL for rate limiting, 552 after DATA for size), the scripted Node servers (Gmail-
 * and Microsoft-style replies, silent greeting, drop after DATA), the content filter, and a port with nothing
 * listening (connection refused). Ports are picked free at start, so two worlds and other tests never clash.
 *
 * Limits: smtp-sink runs as `nobody` (it refuses to keep root); a port picked free can in theory be taken by
 * someone else before the server binds it.
 */
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInstance } from './postfix-instance.js';
import type { Instance, Namespace } from './postfix-instance.js';
import type { Ports } from './postfix-config.js';
import { startSinkServer } from './smtp-sink-server.js';
import type { SinkServer } from './smtp-sink-server.js';
import { startContentFilter } from './content-filter.js';
import type { FilterServer } from './content-filter.js';
import { startChild, sleep, trackDir } from './processes.js';

export interface World {
  root: string;
  ports: Ports;
  instance: Instance;
  gmail: SinkServer;
  servers: (SinkServer | FilterServer)[];
  /** Stops the in-process servers (external processes are stopped by processes.stopAll). */
  closeServers(): Promise<void>;
}

/** Free loopback TCP ports, all held open until every one is known so none repeats. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const PORT_NAMES: (keyof Ports)[] = ['smtpd', 'submission', 'reinject', 'filter', 'ok', 'unknown', 'ratelimit', 'big', 'gmail', 'microsoft', 'silent', 'drop', 'refused'];

/** `smtp-sink` argument lists per port, after the common `-4 -u nobody -h NAME`. */
const SMTP_SINKS: [keyof Ports, string[]][] = [
  ['ok', []],
  ['unknown', ['-f', 'RCPT', '-B', '550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table']],
  ['ratelimit', ['-r', 'MAIL', '-b', '450 4.7.1 Error: too much mail from 127.0.0.1, rate limited, try again later']],
  ['big', ['-f', '.', '-B', '552 5.3.4 Error: message file too big']],
];

async function waitListening(port: number): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

export async function startWorld(name: string, opts: { maillog: boolean; longQueueIds: boolean; myhostname: string; ns?: Namespace }): Promise<World> {
  const root = trackDir(mkdtempSync(`${tmpdir()}/mtatrace-e2e-${name}-`));
  const list = await freePorts(PORT_NAMES.length);
  const ports = Object.fromEntries(PORT_NAMES.map((k, i) => [k, list[i]])) as unknown as Ports;
  const servers: (SinkServer | FilterServer)[] = [];
  for (const [key, args] of SMTP_SINKS) {
    const child = startChild(`smtp-sink ${key}`, 'smtp-sink', ['-4', '-u', 'nobody', '-h', `${key}.sink.test`, ...args, `127.0.0.1:${ports[key]}`, '64']);
    await waitListening(ports[key]).catch((e: Error) => { throw new Error(`${e.message}: ${child.output()}`); });
  }
  const gmail = await startSinkServer('gmail', ports.gmail);
  servers.push(gmail);
  servers.push(await startSinkServer('microsoft', ports.microsoft));
  servers.push(await startSinkServer('silent', ports.silent));
  servers.push(await startSinkServer('drop', ports.drop));
  servers.push(await startContentFilter(ports.filter, ports.reinject));
  const instance = createInstance({
    root, myhostname: opts.myhostname, ports, longQueueIds: opts.longQueueIds,
    maillogFile: opts.maillog ? `${root}/maillog` : undefined, dns: opts.ns?.resolvConf !== undefined,
  }, opts.ns);
  return {
    root, ports, instance, gmail, servers,
    closeServers: async () => { await Promise.all(servers.map((s) => s.close())); },
  };
}
