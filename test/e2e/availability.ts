/**
 * availability — can this machine run the real-Postfix e2e suite? Root, Postfix, smtp-sink, rsyslogd, and either
 * a free /dev/log or permission to give Postfix a private one (`unshare --mount`). Without them the suite is skipped with the reason printed — except when `CI` is set, where a
 * missing piece is a failure (`.ci/install-e2e.sh` installs them).
 *
 * Limits: checks presence, not versions (Postfix ≥ 3.4 is needed for maillog_file, 3.1 for `postqueue -j`).
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const BINARIES = ['/usr/sbin/postfix', '/usr/sbin/postconf', '/usr/sbin/postsuper', '/usr/sbin/postqueue', '/usr/sbin/sendmail', '/usr/sbin/smtp-sink', '/usr/sbin/rsyslogd'];

/** Can this process create a private mount namespace (for a private /dev/log and resolv.conf)? */
export function canUnshare(): boolean {
  return spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0;
}

/** Why the suite cannot run here, or undefined when it can. */
export function e2eUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'the real-Postfix e2e suite runs on Linux only';
  if (process.getuid?.() !== 0) return 'the real-Postfix e2e suite must run as root (it starts a private Postfix and rsyslogd on /dev/log)';
  const missing = BINARIES.filter((b) => !existsSync(b));
  if (missing.length > 0) return `missing ${missing.join(', ')} — install with .ci/install-e2e.sh`;
  if (existsSync('/dev/log') && !canUnshare()) {
    return '/dev/log belongs to another syslog daemon and `unshare --mount` is not permitted here, so Postfix cannot be given a private /dev/log';
  }
  return undefined;
}

export const IN_CI = Boolean(process.env.CI);
