/**
 * master — postfix/master, the process supervisor. Its warnings, fatal errors and panics are Warnings, decided
 * for every program in index.ts before dispatch:
 *   `warning: process /usr/lib/postfix/sbin/smtp pid 4242 killed by signal 9`
 *   `fatal: bind 0.0.0.0 port 25: Address already in use`
 * Everything else it logs (`daemon started -- version 3.7.11, configuration /etc/postfix`, `reload -- …`,
 * `terminating on signal 15`) is Ignored.
 *
 * Limits: start/stop/reload are not modelled as events.
 */

import type { ParseResult } from './postfix-events.js';
import type { SyslogRecord } from '../input/record.js';
import { ignored } from './results.js';

export function parseMaster(_rec: SyslogRecord, _syslogName: string, program: string): ParseResult {
  return ignored(program);
}
