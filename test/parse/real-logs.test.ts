/**
 * real-logs.test — every Postfix line of the logs captured from a real Postfix 3.7 (test/fixtures/real/)
 * parses to an event or a deliberate Ignored, never Unparsed; and the lifecycle events those logs must contain
 * are all there.
 *
 *   `Nov 27 17:45:51 mx2 postfix/pickup[13904]: 4jbgnC3J0yzJ9hC: uid=0 from=<sender@local.test>` → pickup.uid
 *
 * Limits: the syslog prefix is cut here with one regex (RFC 3164 / RFC 3339 / maillog_file), not by src/input;
 * the omprog NDJSON file is read with its `syslogtag` and `msg` fields.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SyslogRecord } from '../../src/input/record.js';
import { parseRecord } from '../../src/parse/index.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/real');
const TEXT_LINE = /^(?:\S+|\w{3} [ \d]\d \d\d:\d\d:\d\d) (\S+) ([^\s[:]+)(?:\[(\d+)\])?: (.*)$/s;
const TAG = /^([^\s[:]+)(?:\[(\d+)\])?:?$/;

function records(file: string): SyslogRecord[] {
  const lines = readFileSync(join(DIR, file), 'utf8').split('\n').filter((l) => l !== '');
  if (file.endsWith('.ndjson')) {
    return lines.map((l) => {
      const o = JSON.parse(l) as { hostname: string; syslogtag: string; msg: string };
      const m = TAG.exec(o.syslogtag);
      if (m === null) throw new Error(`${file}: bad syslogtag ${o.syslogtag}`);
      return { timeUs: 0, host: o.hostname, tag: m[1], pid: m[2] === undefined ? undefined : Number(m[2]), text: o.msg.replace(/^ /, '') };
    });
  }
  return lines.map((l) => {
    const m = TEXT_LINE.exec(l);
    if (m === null) throw new Error(`${file}: not a syslog line: ${l}`);
    return { timeUs: 0, host: m[1], tag: m[2], pid: m[3] === undefined ? undefined : Number(m[3]), text: m[4] };
  });
}

const FILES = readdirSync(DIR).filter((f) => f.endsWith('.log') || f.endsWith('.ndjson')).sort();

describe('logs captured from a real Postfix', () => {
  it('are present', () => {
    expect(FILES.length).toBeGreaterThan(0);
  });

  it.each(FILES)('%s: no Postfix line is unparsed', (file) => {
    const unparsed = records(file)
      .map((r) => [r, parseRecord(r)] as const)
      .filter(([, x]) => x.kind === 'unparsed')
      .map(([r, x]) => `${r.tag}: ${r.text} (${x.kind === 'unparsed' ? x.reason : ''})`);
    expect(unparsed).toEqual([]);
  });

  it.each(FILES)('%s: holds every lifecycle event kind the scenarios produce', (file) => {
    const kinds = new Set(records(file).map((r) => parseRecord(r).kind));
    for (const k of ['smtpd.connect', 'smtpd.client', 'smtpd.reject', 'pickup.uid', 'cleanup.message-id', 'cleanup.action',
      'qmgr.queued', 'qmgr.removed', 'qmgr.expired', 'delivery', 'smtp.connect-failed', 'bounce.notification', 'postsuper.action']) {
      expect(kinds, k).toContain(k);
    }
  });
});
