/**
 * master — postfix/master, the process supervisor, and postfix-script, the `postfix start|stop|reload` wrapper:
 * Postfix's own life. Warnings, fatal errors and panics are Warnings, decided for every program in index.ts:
 *   `warning: process /usr/lib/postfix/sbin/smtp pid 4242 killed by signal 9`
 *   `fatal: bind 0.0.0.0 port 25: Address already in use`
 * Start, reload and stop are PostfixLife events (they explain gaps in the log and bursts of deferrals after):
 *   master          `daemon started -- version 3.7.11, configuration /etc/postfix` → started (version 3.7.11)
 *                   `reload -- version 3.7.11, configuration /etc/postfix`         → reloaded
 *                   `terminating on signal 15`                                     → stopped (signal 15)
 *   postfix-script  `starting the Postfix mail system` → starting; `stopping …` → stopping;
 *                   `refreshing the Postfix mail system` → refreshing; `the Postfix mail system is running: PID: 812` → running
 * Wording from master/master.c, master/master_sig.c and conf/postfix-script.
 *
 * Limits: other master lines (`daemon started` of very old versions without `--`) are Ignored.
 */

import type { ParseResult, PostfixLife } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { ignored } from './results.js';

function life(rec: SyslogRecord, syslogName: string, program: string, action: PostfixLife['action'], extra: Partial<PostfixLife> = {}): PostfixLife {
  return { kind: 'postfix.life', timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text: rec.text, action, ...extra };
}

const versionOf = (s: string): string | undefined => /-- version (\S+?),?(?: |$)/.exec(s)?.[1];

export function parseMaster(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  const s = rec.text;
  if (s.startsWith('daemon started')) return life(rec, syslogName, program, 'started', { version: versionOf(s) });
  if (s.startsWith('reload ')) return life(rec, syslogName, program, 'reloaded', { version: versionOf(s) });
  if (s.startsWith('terminating on signal ')) return life(rec, syslogName, program, 'stopped', { signal: Number.parseInt(s.slice(22), 10) || undefined });
  return ignored(program);
}

const SCRIPT: ReadonlyArray<readonly [string, PostfixLife['action']]> = [
  ['starting the Postfix mail system', 'starting'],
  ['stopping the Postfix mail system', 'stopping'],
  ['refreshing the Postfix mail system', 'refreshing'],
  ['the Postfix mail system is running', 'running'],
  ['aborting the Postfix mail system', 'stopping'],
];

export function parsePostfixScript(rec: SyslogRecord, syslogName: string, program: string): ParseResult {
  for (const [prefix, action] of SCRIPT) if (rec.text.startsWith(prefix)) return life(rec, syslogName, program, action);
  return ignored(program);
}
