/**
 * fixture-tables — loads test/fixtures/parse/<program>.yaml and turns a fixture line into a SyslogRecord.
 *
 * A fixture line is `tag[pid]: text`, as syslog writes it after the host:
 *   `postfix/smtp[4242]: 4B7C21A0F3: to=<bob@example.net>, relay=…` → { tag: 'postfix/smtp', pid: 4242, text: '4B7C…' }
 *
 * Limits: the time and host are fixed (the parse stage only copies them).
 */

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { SyslogRecord } from '../../src/input/record.js';

export interface Case {
  name: string;
  line: string;
  expect: Record<string, unknown>;
}

export interface Table {
  file: string;
  cases: Case[];
}

export const TIME_US = 1795796581123456;
const DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/parse');
const LINE = /^([^\s[:]+)(?:\[(\d+)\])?: (.*)$/s;

/** `postfix/smtp[4242]: text` → the SyslogRecord the input stage would make of it. */
export function record(line: string): SyslogRecord {
  const m = LINE.exec(line);
  if (m === null) throw new Error(`fixture line is not "tag[pid]: text": ${line}`);
  return { timeUs: TIME_US, host: 'mx1', tag: m[1], pid: m[2] === undefined ? undefined : Number(m[2]), text: m[3] };
}

/** Every table, sorted by file name. */
export function loadTables(): Table[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, cases: parseYaml(readFileSync(join(DIR, file), 'utf8')) as Case[] }));
}
