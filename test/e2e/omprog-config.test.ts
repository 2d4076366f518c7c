/**
 * omprog-config.test — the shipped collector-config/rsyslog-omprog.conf keeps the settings mtatrace depends on,
 * still has the three values the e2e harness replaces, and (where rsyslogd is installed) passes `rsyslogd -N1`.
 * Runs without root or Postfix, so a broken edit is caught even where the real-rsyslog suite is skipped.
 * Sample setting: `forceSingleInstance="on"`.
 *
 * Limits: `-N1` checks syntax and parameter names, not behaviour; the e2e suite runs the file for real.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { omprogConf, SHIPPED_OMPROG } from './harness/rsyslog.js';

const shipped = readFileSync(SHIPPED_OMPROG, 'utf8');

describe('collector-config/rsyslog-omprog.conf', () => {
  it.each([
    ['one program for all lines', /forceSingleInstance="on"/],
    ['OK-per-line back-pressure', /confirmMessages="on"/],
    ['SIGTERM, then 15 s to flush', /signalOnClose="on"[\s\S]*closeTimeout="15000"/],
    ['a disk-assisted queue that survives restarts', /queue\.filename="[^"]+"[\s\S]*queue\.saveOnShutdown="on"/],
    ['never giving up on the program', /action\.resumeRetryCount="-1"/],
    ['the whole syslog tag, JSON-escaped', /property\(name="syslogtag" format="json"\)/],
    ['RFC 3339 times with sub-seconds', /property\(name="timereported" dateFormat="rfc3339"\)/],
    ['mtatrace in omprog mode exporting OTLP, with a state file (lines journaled before their OK)', /binary="[^"]*mtatrace --omprog --output otlp --state-file \/var\/lib\/mtatrace\/state\.json"/],
    ['the mail facility only', /\$syslogfacility-text == "mail"/],
  ])('has %s', (_what, pattern) => {
    expect(shipped).toMatch(pattern);
  });

  it('has the endpoint, program and output file the e2e harness replaces', () => {
    const text = omprogConf({ endpoint: 'http://127.0.0.1:1', command: '/bin/cat', output: '/tmp/x.log' });
    expect(text).toContain('binary="/usr/bin/env OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:1 /bin/cat --state-file /tmp/mtatrace-state.json"');
    expect(text).toContain('output="/tmp/x.log"');
    expect(() => omprogConf({ endpoint: 'x', command: 'y', output: 'z' }, shipped.replace(/binary="[^"]*"/, 'binary="/usr/bin/other"'))).toThrow(/no longer contains/);
  });

  it.runIf(existsSync('/usr/sbin/rsyslogd'))('passes rsyslogd -N1', () => {
    const dir = mkdtempSync(`${tmpdir()}/mtatrace-omprog-conf-`);
    try {
      writeFileSync(`${dir}/omprog.conf`, omprogConf({ endpoint: 'http://127.0.0.1:1', command: '/bin/cat', output: `${dir}/out.log` }));
      writeFileSync(`${dir}/rsyslog.conf`, `global(workDirectory="${dir}")\ninclude(file="${dir}/omprog.conf")\n`);
      const r = spawnSync('/usr/sbin/rsyslogd', ['-N1', '-f', `${dir}/rsyslog.conf`], { encoding: 'utf8' });
      expect(r.stderr).not.toMatch(/error|invalid|unknown/i);
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
