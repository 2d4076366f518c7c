/**
 * rsyslog — a real `rsyslogd` started by the test with its own config and pid file, listening on /dev/log
 * (where Postfix's syslog(3) writes), writing the mail facility twice — RFC 3164
 * (`Nov 27 17:39:42 mx1 postfix/smtp[6574]: …`) and RFC 3339 (`2026-11-27T17:39:42.370936+00:00 mx1 …`) — and
 * including the shipped collector-config/rsyslog-omprog.conf with only its endpoint, program, output file,
 * state file and queue name replaced.
 *
 * When /dev/log belongs to another daemon, rsyslogd listens on a socket in its own directory instead, and
 * Postfix runs in a mount namespace where that socket is bind-mounted on /dev/log (postfix-instance.ts).
 * Limits: the socket given must be free.
 * rsyslogd removes its socket on exit. Rate limiting of imuxsock is off so no Postfix line is dropped.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { run, sleep, trackDaemon, readPidFile, isAlive } from './processes.js';

export const SHIPPED_OMPROG = new URL('../../../collector-config/rsyslog-omprog.conf', import.meta.url).pathname;
export const SYSLOG_SOCKET = '/dev/log';

export interface OmprogTarget {
  /** OTLP endpoint put in place of the shipped `http://127.0.0.1:4318`. */
  endpoint: string;
  /** Program and arguments put in place of `/usr/local/bin/mtatrace --omprog --output otlp`. */
  command: string;
  output: string;
  /** Put in place of the shipped `/var/lib/mtatrace/state.json`. */
  state?: string;
}

const SHIPPED_ENDPOINT = 'http://127.0.0.1:4318';
const SHIPPED_COMMAND = '/usr/local/bin/mtatrace --omprog --output otlp';
const SHIPPED_OUTPUT = '/var/log/mtatrace.log';
const SHIPPED_STATE = '/var/lib/mtatrace/state.json';

/** The shipped omprog config with only the site-specific values replaced; throws if the shipped file changed shape. */
export function omprogConf(t: OmprogTarget, shipped = readFileSync(SHIPPED_OMPROG, 'utf8')): string {
  let text = shipped;
  const state = t.state ?? t.output.replace(/[^/]*$/, 'mtatrace-state.json');
  for (const [from, to] of [[SHIPPED_ENDPOINT, t.endpoint], [SHIPPED_COMMAND, t.command], [`"${SHIPPED_OUTPUT}"`, `"${t.output}"`], [SHIPPED_STATE, state]]) {
    if (!text.includes(from)) throw new Error(`collector-config/rsyslog-omprog.conf no longer contains '${from}'`);
    text = text.split(from).join(to);
  }
  return text;
}

export interface Rsyslog {
  file3164: string;
  file3339: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `omprog`: what the shipped action runs; `captureCommand`: a second omprog action of our own, with the shipped
 * JSON template, whose program records exactly what omprog hands over.
 */
export function createRsyslog(root: string, hostname: string, omprog: OmprogTarget, captureCommand: string, socket = SYSLOG_SOCKET): Rsyslog {
  mkdirSync(`${root}/work`, { recursive: true });
  const conf = `${root}/rsyslog.conf`;
  const pidFile = `${root}/rsyslogd.pid`;
  const file3164 = `${root}/mail-rfc3164.log`;
  const file3339 = `${root}/mail-rfc3339.log`;
  const parts = [
    `global(workDirectory="${root}/work" localHostname="${hostname}")`,
    `module(load="imuxsock" SysSock.Use="on" SysSock.Name="${socket}" SysSock.RateLimit.Interval="0")`,
    'if ($syslogfacility-text == "mail") then {',
    `  action(type="omfile" file="${file3164}" template="RSYSLOG_TraditionalFileFormat")`,
    `  action(type="omfile" file="${file3339}" template="RSYSLOG_FileFormat")`,
    '}',
  ];
  writeFileSync(`${root}/omprog.conf`, omprogConf(omprog));
  parts.push(
    `include(file="${root}/omprog.conf")`,
    'if ($syslogfacility-text == "mail") then {',
    `  action(type="omprog" name="e2e-capture" binary="${captureCommand}" template="mtatrace_json"`,
    '         confirmMessages="on" forceSingleInstance="on" signalOnClose="on" closeTimeout="5000")',
    '}',
  );
  writeFileSync(conf, `${parts.join('\n')}\n`);
  const rs: Rsyslog = {
    file3164,
    file3339,
    async start() {
      if (existsSync(socket)) {
        throw new Error(`${socket} exists: another syslog daemon owns it; the e2e capture needs to start its own rsyslogd there`);
      }
      await run('rsyslogd', ['-N1', '-f', conf]);
      trackDaemon('rsyslogd', pidFile, () => rs.stop());
      await run('rsyslogd', ['-f', conf, '-i', pidFile]);
      for (let i = 0; i < 50 && !(readPidFile(pidFile) && existsSync(socket)); i++) await sleep(100);
      if (!existsSync(socket)) throw new Error(`rsyslogd did not create ${socket}`);
    },
    async stop() {
      const pid = readPidFile(pidFile);
      if (pid === undefined || !isAlive(pid)) return;
      process.kill(pid, 'SIGTERM');
      // omprog gets closeTimeout (15 s) to finish; wait a little longer than that.
      for (let i = 0; i < 200 && isAlive(pid); i++) await sleep(100);
    },
  };
  return rs;
}
