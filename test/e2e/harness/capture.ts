/**
 * capture — one complete e2e run: a real rsyslogd on /dev/log (RFC 3164 + RFC 3339 files + the shipped omprog
 * action), world A (Postfix logging through syslog, short queue IDs) and world B (Postfix's own maillog_file via
 * postlogd, long queue IDs), both driven through every scenario at the same time; then everything is stopped
 * and the logs are read back.
 *
 * Both instances run in a mount namespace with a resolv.conf naming a loopback DNS responder when `unshare` works,
 * so the DNS-failure scenarios stay on 127.0.0.0/8.
 * Limits: needs root, Postfix, smtp-sink and rsyslogd; about 60–90 s, dominated by maximal_queue_lifetime.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRsyslog, SYSLOG_SOCKET } from './rsyslog.js';
import type { OmprogTarget } from './rsyslog.js';
import { startWorld } from './world.js';
import type { World } from './world.js';
import { drive } from './drive.js';
import type { DriveReport } from './drive.js';
import { sleep, trackDir } from './processes.js';
import { activeScenarios } from '../scenarios.js';
import type { Scenario } from '../scenarios.js';
import { canUnshare } from '../availability.js';
import { startDnsResponder } from './dns-responder.js';
import type { DnsResponder } from './dns-responder.js';

export interface Capture {
  root: string;
  /** RFC 3164 lines written by rsyslogd for world A. */
  rfc3164: string;
  /** RFC 3339 lines written by rsyslogd for world A. */
  rfc3339: string;
  /** Postfix maillog_file (postlogd) of world B, long queue IDs. */
  maillog: string;
  /** What rsyslog's omprog action delivered (JSON lines), recorded by a second omprog action with the shipped template. */
  omprog: string;
  /** What the shipped omprog action's program received, when that program was the capture stub (else ''). */
  shippedOmprog: string;
  /** The `output` file of the shipped omprog action: the program's stderr (mtatrace's summary line when live). */
  omprogStderr: string;
  /** The scenarios this run performed (the DNS ones only when Postfix could get a private resolv.conf). */
  scenarios: Scenario[];
  /** Where each capture is on disk, for running the CLI on it. */
  files: { rfc3164: string; rfc3339: string; omprog: string; maillog: string };
  reports: { syslog: DriveReport; maillog: DriveReport };
  worlds: World[];
}

const read = (p: string): string => (existsSync(p) ? readFileSync(p, 'utf8') : '');

/**
 * The failing loopback DNS server and a resolv.conf naming it, when Postfix can be given that resolv.conf in a
 * mount namespace; undefined otherwise (the DNS scenarios are then left out).
 */
async function startDns(root: string): Promise<DnsResponder | undefined> {
  if (!canUnshare() || !existsSync('/etc/resolv.conf')) return undefined;
  const dns = await startDnsResponder(`127.88.${process.pid % 250}.53`).catch((e: Error) => {
    console.warn(`[e2e] no loopback DNS responder (${e.message}); DNS scenarios left out`);
    return undefined;
  });
  if (dns) writeFileSync(`${root}/resolv.conf`, `nameserver ${dns.address}\noptions attempts:1 timeout:1\n`);
  return dns;
}

export const OMPROG_CAPTURE_STUB = new URL('./omprog-capture.mjs', import.meta.url).pathname;

/**
 * `omprog(root)` chooses the program the shipped omprog action runs (live mtatrace); default: the capture stub
 * writing `${root}/omprog-shipped.ndjson`.
 */
export async function captureRun(opts: { settleMs?: number; omprog?: (root: string) => OmprogTarget } = {}): Promise<Capture> {
  const root = trackDir(mkdtempSync(`${tmpdir()}/mtatrace-e2e-syslog-`));
  const omprogFile = `${root}/omprog.ndjson`;
  const shippedFile = `${root}/omprog-shipped.ndjson`;
  const target = opts.omprog?.(root) ?? {
    endpoint: 'http://127.0.0.1:9',
    command: `${process.execPath} ${OMPROG_CAPTURE_STUB} ${shippedFile}`,
    output: `${root}/omprog.stderr`,
  };
  // /dev/log taken (journald on a CI VM)? Then Postfix A gets a private /dev/log in its own mount namespace.
  const privateDevLog = existsSync(SYSLOG_SOCKET) ? `${root}/log.sock` : undefined;
  const rs = createRsyslog(root, 'mx1', target, `${process.execPath} ${OMPROG_CAPTURE_STUB} ${omprogFile}`, privateDevLog);
  await rs.start();
  const dns = await startDns(root);
  const scenarios = activeScenarios(dns !== undefined);
  const resolvConf = dns && `${root}/resolv.conf`;
  const nsA = privateDevLog || resolvConf ? { devLog: privateDevLog, resolvConf } : undefined;
  const nsB = resolvConf ? { resolvConf } : undefined;
  const [a, b] = await Promise.all([
    startWorld('a', { maillog: false, longQueueIds: false, myhostname: 'mx1.e2e.test', ns: nsA }),
    startWorld('b', { maillog: true, longQueueIds: true, myhostname: 'mx2.e2e.test', ns: nsB }),
  ]);
  const worlds = [a, b];
  try {
    await Promise.all([a.instance.start(), b.instance.start()]);
    const settle = opts.settleMs ?? 180_000;
    const [ra, rb] = await Promise.all([drive(a, scenarios, settle), drive(b, scenarios, settle)]);
    await sleep(1000);
    await Promise.all([a.instance.stop(), b.instance.stop()]);
    await sleep(500);
    await rs.stop();
    return {
      root,
      scenarios,
      rfc3164: read(rs.file3164),
      rfc3339: read(rs.file3339),
      maillog: read(`${b.root}/maillog`),
      omprog: read(omprogFile),
      shippedOmprog: read(shippedFile),
      omprogStderr: read(target.output),
      files: { rfc3164: rs.file3164, rfc3339: rs.file3339, omprog: omprogFile, maillog: `${b.root}/maillog` },
      reports: { syslog: ra, maillog: rb },
      worlds,
    };
  } finally {
    await Promise.all([...worlds.map((w) => w.closeServers()), dns?.close()]);
  }
}
