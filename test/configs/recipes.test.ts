/**
 * recipes — the feeding recipes (journald units, Vector, Fluent Bit, rsyslog omprog, Postfix in a container)
 * are wired right and produce lines mtatrace's input stage accepts.
 *
 * Every sample record a recipe's header shows, e.g. from vector.yaml
 *   {"timestamp":"2026-11-27T16:23:01.123456Z","host":"mx1","SYSLOG_IDENTIFIER":"postfix/smtp",…}
 * is fed to src/input's record parser and must come out as a Postfix record with its tag intact.
 * The systemd units go through `systemd-analyze verify` (with mtatrace's path swapped for /bin/true).
 *
 * Limits: Vector, Fluent Bit and rsyslog are not installed here; their configs are checked by structure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRecordParser } from '../../src/input/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');
type Obj = Record<string, any>; // walking untyped YAML

/** `[Section]` → key → values (a key may repeat). */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section = '';
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (l === '' || l.startsWith('#') || l.startsWith(';')) continue;
    const s = /^\[(\w+)\]$/.exec(l);
    if (s) { section = s[1]; out[section] = {}; continue; }
    const eq = l.indexOf('=');
    (out[section][l.slice(0, eq)] ??= []).push(l.slice(eq + 1));
  }
  return out;
}

const SYSTEMD = 'collector-config/systemd';
const journald = parseUnit(read(`${SYSTEMD}/mtatrace-journald.service`));
const service = parseUnit(read(`${SYSTEMD}/mtatrace.service`));
const socket = parseUnit(read(`${SYSTEMD}/mtatrace.socket`));
const one = (u: Record<string, Record<string, string[]>>, key: string): string => u.Service[key]?.at(-1) ?? '';

describe.each([['mtatrace-journald.service', journald], ['mtatrace.service', service]] as const)('%s', (_, unit) => {
  it('is hardened', () => {
    for (const [k, v] of Object.entries({
      DynamicUser: 'yes', ProtectSystem: 'strict', NoNewPrivileges: 'yes', ProtectHome: 'yes', PrivateTmp: 'yes',
      StateDirectory: 'mtatrace', CapabilityBoundingSet: '', RestrictSUIDSGID: 'yes',
    })) expect(one(unit, k), k).toBe(v);
    // Node's JIT maps W+X memory; MemoryDenyWriteExecute=yes would crash mtatrace at start.
    expect(one(unit, 'MemoryDenyWriteExecute')).not.toBe('yes');
  });

  it('keeps --state-file in its StateDirectory and exports to the local collector it may reach', () => {
    expect(one(unit, 'ExecStart')).toContain(`--state-file %S/${one(unit, 'StateDirectory')}/`);
    expect(unit.Service.Environment).toContain('OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318');
    expect(unit.Service.Environment).toContain('OTEL_RESOURCE_ATTRIBUTES=service.instance.id=%H');
    expect(one(unit, 'IPAddressAllow')).toBe('localhost');
  });
});

describe('mtatrace-journald.service', () => {
  const exec = one(journald, 'ExecStart');
  it('follows the journal as JSON from a cursor in its StateDirectory, replaying past the 10-line default', () => {
    expect(exec).toMatch(/exec journalctl --follow --lines=all --output=json --cursor-file=%S\/mtatrace\/\S+/);
  });
  it('lets only journalctl get SIGTERM, so mtatrace drains the pipe before exiting', () => {
    expect(exec).toMatch(/^\/bin\/bash -c 'exec journalctl .* > >\(exec \/usr\/local\/bin\/mtatrace [^)]*\)'$/);
    expect(one(journald, 'KillMode')).toBe('mixed');
    expect(journald.Service.SupplementaryGroups).toContain('systemd-journal');
  });
});

describe('mtatrace.socket + mtatrace.service', () => {
  const fifo = socket.Socket.ListenFIFO[0];
  it('reads stdin from the FIFO that the docs tell feeders to write to', () => {
    expect(one(service, 'StandardInput')).toBe('socket');
    expect(service.Unit.Requires).toContain('mtatrace.socket');
    expect(fifo).toBe('/run/mtatrace.fifo');
    for (const doc of ['docs/feeding.md', 'collector-config/vector.yaml']) expect(read(doc), doc).toContain(`StandardOutput=file:${fifo}`);
  });
});

describe('systemd-analyze verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mtatrace-units-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('accepts the units (no unknown keys, bad values or missing dependencies)', () => {
    const files = readdirSync(join(ROOT, SYSTEMD)).filter((f) => /\.(service|socket)$/.test(f));
    for (const f of files) writeFileSync(join(dir, f), read(`${SYSTEMD}/${f}`).replaceAll('/usr/local/bin/mtatrace', '/bin/true'));
    const out = execFileSync('systemd-analyze', ['verify', '--man=no', ...files.map((f) => join(dir, f))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('');
  });
});

describe('vector.yaml and fluent-bit.yaml', () => {
  it('Vector: journald → remap → console sink, JSON lines on stdout, every input defined', () => {
    const v = parse(read('collector-config/vector.yaml')) as Obj;
    const ids = new Set([...Object.keys(v.sources as Obj), ...Object.keys(v.transforms as Obj)]);
    for (const c of [...Object.values(v.transforms as Obj), ...Object.values(v.sinks as Obj)] as Obj[]) {
      for (const i of c.inputs as string[]) expect(ids).toContain(i);
    }
    expect(v.sources.postfix_journal.type).toBe('journald');
    expect(v.sinks.mtatrace).toMatchObject({ type: 'console', target: 'stdout', encoding: { codec: 'json' } });
    expect(read('collector-config/vector.yaml')).toMatch(/no exec sink/);
  });

  it('Fluent Bit: systemd input → stdout json_lines for the same tag', () => {
    const f = parse(read('collector-config/fluent-bit.yaml')) as Obj;
    const input = (f.pipeline.inputs as Obj[])[0];
    const output = (f.pipeline.outputs as Obj[])[0];
    expect(input).toMatchObject({ name: 'systemd', systemd_filter: 'SYSLOG_FACILITY=2' });
    expect(output).toMatchObject({ name: 'stdout', format: 'json_lines', match: input.tag });
  });
});

describe('sample lines in the recipes are accepted by mtatrace', () => {
  const sources = [
    'collector-config/vector.yaml', 'collector-config/fluent-bit.yaml', 'collector-config/rsyslog-omprog.conf',
    `${SYSTEMD}/mtatrace-journald.service`, 'examples/container/postfix-mtatrace.sh', 'docs/feeding.md',
  ];
  const samples = sources.flatMap((f) => read(f).split('\n')
    .map((l) => l.replace(/^#\s+/, '').trim())
    .filter((l) => /^\{".*\}$/.test(l) || /^(\w{3} [ \d]\d|\d{4}-\d\d-\d\dT)[\d:. +T-]* \S+ postfix\/\w+\[\d+\]: /.test(l))
    .map((l) => [f, l] as const));
  const parseLine = createRecordParser({ timezone: 'UTC', year: 2026 });

  it('every recipe shows at least one', () => {
    for (const f of sources) expect(samples.map(([s]) => s), f).toContain(f);
  });

  it.each(samples)('%s: %s', (_, line) => {
    const r = parseLine(line);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.record.tag).toMatch(/^postfix\/(smtp|qmgr|smtpd|cleanup)$/);
    expect(r.record.text).toMatch(/^[0-9A-Za-z]{10,}: /);
    expect(r.record.host).toBe('mx1');
    expect(r.record.timeUs).toBeGreaterThan(Date.UTC(2026, 0, 1) * 1000);
  });
});
