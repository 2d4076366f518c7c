/**
 * validate — every Collector config shipped under collector-config/ and examples/, and the load-balancing block
 * of docs/scaling.md, passes the real Collector's `validate` command (component settings checked by the
 * components themselves, not only their shape as test/configs/ does).
 *
 *   otelcol-mtatrace validate --config collector-config/gateway.yaml     → exit 0, nothing on stderr but info
 *
 * A config using a component this build does not include (elastic.yaml's `elasticsearch` exporter) is skipped by
 * name, and the list of such skips is itself checked, so no config drops out silently.
 * Limits: needs the Collector from scripts/build-otel.sh (skipped, saying so, when absent). `validate` does not
 * connect anywhere, so endpoints are checked for form only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEPRECATED, isCollectorConfig, type Obj } from '../configs/otelcol-rules.js';
import { otelBinaries, ROOT } from './harness.js';

const { bins, skip, fail } = otelBinaries(['otelcol']);
if (skip) console.warn(`[otelcol] validate tests skipped: ${skip}`);
const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;
/** Configs known to need a component this build leaves out, and which. */
const EXPECTED_SKIPS = { 'collector-config/elastic.yaml': ['exporter elasticsearch'] };

function collectorConfigs(): string[] {
  return ['collector-config', 'examples'].flatMap((d) => readdirSync(join(ROOT, d), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name)))
    .filter((f) => isCollectorConfig(parse(readFileSync(f, 'utf8'))))
    .map((f) => relative(ROOT, f)).sort();
}

/** Component types the binary has, per kind, plus the old names it still accepts as aliases. */
function available(bin: string): Record<string, Set<string>> {
  const out = spawnSync(bin, ['components'], { encoding: 'utf8' });
  const doc = parse(out.stdout) as Record<string, { name: string }[] | null>;
  const have = Object.fromEntries(KINDS.map((k) => [k, new Set((doc[k] ?? []).map((c) => c.name))]));
  for (const d of DEPRECATED) if (have[d.kind]?.has(d.use)) have[d.kind].add(d.type);
  return have;
}

/** "exporter elasticsearch" for every component a config names that the build lacks. */
function lacking(doc: unknown, have: Record<string, Set<string>>): string[] {
  const cfg = doc as Obj;
  return KINDS.flatMap((k) => Object.keys((cfg[k] ?? {}) as Obj).map((id) => id.split('/')[0])
    .filter((t) => !have[k].has(t)).map((t) => `${k.slice(0, -1)} ${t}`));
}

const validate = (bin: string, args: string[]) => spawnSync(bin, ['validate', ...args], { encoding: 'utf8', env: { ...process.env, OTELCOL_QUEUE_DIR: tmpdir() } });

describe.skipIf(Boolean(skip))(`the real Collector ${bins?.otelcolVersion ?? ''} validates the shipped configs${skip ? ` (skipped: ${skip})` : ''}`, () => {
  if (fail) it('has the binaries CI built', () => { throw new Error(fail); });
  if (!bins) return;
  const have = available(bins.otelcol);
  const files = collectorConfigs();
  const skipped: Record<string, string[]> = {};
  for (const f of files) {
    const lacks = lacking(parse(readFileSync(join(ROOT, f), 'utf8')), have);
    if (lacks.length > 0) {
      skipped[f] = lacks;
      it.skip(`${f} — skipped: this build has no ${lacks.join(', ')}`, () => {});
      continue;
    }
    it(`${f} passes \`validate\``, () => {
      const r = validate(bins.otelcol, ['--config', join(ROOT, f)]);
      expect(`${r.stderr}${r.stdout}`.replace(/^.*\tinfo\t.*$/gm, '').trim(), f).toBe('');
      expect(r.status).toBe(0);
    });
  }

  it('skips exactly the configs known to need a component left out of the build', () => {
    expect(files).toEqual(expect.arrayContaining(['collector-config/gateway.yaml', 'collector-config/gateway-legacy.yaml', 'collector-config/jaeger.yaml']));
    expect(skipped).toEqual(EXPECTED_SKIPS);
  });

  describe('the load-balancing example in docs/scaling.md', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtatrace-validate-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const md = readFileSync(join(ROOT, 'docs/scaling.md'), 'utf8');
    const block = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => /load_balancing:/.test(b));

    it('is there, with its persistent queue at the exporter\'s top level', () => {
      expect(block).toBeDefined();
      const lb = ((parse(block!.replace(/^ {2}/gm, '')) as Obj).exporters as Obj).load_balancing as Obj;
      expect(lb.sending_queue).toMatchObject({ storage: 'file_storage/queue' });
      expect((lb.protocol as Obj).otlp).not.toHaveProperty('sending_queue');
    });

    it('passes `validate` inside a minimal pipeline', () => {
      const exporters = parse(block!.replace(/^ {2}/gm, '')) as Obj;
      const config = {
        ...exporters,
        extensions: { 'file_storage/queue': { directory: dir } },
        receivers: { otlp: { protocols: { grpc: { endpoint: '127.0.0.1:4317' } } } },
        processors: { memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 } },
        service: { extensions: ['file_storage/queue'], pipelines: { traces: { receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['load_balancing'] } } },
      };
      const file = join(dir, 'load-balancing.yaml');
      writeFileSync(file, JSON.stringify(config));
      const r = validate(bins.otelcol, ['--config', file]);
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.status).toBe(0);
    });
  });

  it('fails on a misspelt setting, so a pass means something', () => {
    const r = validate(bins.otelcol, ['--config', join(ROOT, 'collector-config/gateway.yaml'),
      '--set=exporters::otlp_grpc/tempo::retry_on_failure::max_elapsd_time=0']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/max_elapsd_time/);
    expect(existsSync(join(ROOT, 'collector-config/gateway.yaml'))).toBe(true);
  });
});
