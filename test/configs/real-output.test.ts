/**
 * real-output — the dashboard's and cookbook's Loki queries find what the built mtatrace really emits.
 *
 * Runs `node dist/main.js --once --output json` on examples/sample.log and a log captured from a real Postfix
 * (test/fixtures/real), turns each NDJSON event into what Loki stores from the OTLP log record (index labels
 * `service_name`, `host_name`; structured metadata with dots as underscores), and evaluates the log-selector
 * part of each query, e.g. `{service_name="postfix"} | event_name="mta.delivery.attempt" | mta_status="deferred"`.
 * Name checks (query-names.ts) prove a name exists; this proves the events that a query selects carry it.
 *
 * Limits: needs `npm run build` first (npm test does it). Only `=`, `!=`, `=~`, `!~` label filters are
 * evaluated; a query whose events the two logs do not contain (alerts on a quiet log…) is not judged by (c).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queriesInMarkdown, stripGrafanaVars, underscore } from './query-names.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
// checks.log: the verdicts and stores of the programs beside Postfix (OpenDKIM, OpenDMARC, policyd-spf, amavis, Dovecot).
const LOGS = ['examples/sample.log', 'test/fixtures/real/postfix-rsyslog-rfc3339.log', 'test/golden/checks.log'].map((f) => join(ROOT, f));

type Rec = Map<string, string>;
function records(): Rec[] {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const r = spawnSync(process.execPath, [MAIN, '--once', '--output', 'json', ...LOGS], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, TZ: 'UTC' } });
  if (r.status !== 0) throw new Error(`mtatrace exited ${String(r.status)}: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => {
    const e = JSON.parse(l) as Record<string, unknown>;
    const rec: Rec = new Map([['service_name', 'postfix'], ['event_name', String(e.event)]]);
    for (const [k, v] of Object.entries(e)) if (k !== 'event' && k !== 'time') rec.set(underscore(k), String(v));
    return rec;
  });
}

interface Filter { name: string; op: string; value: string }
/** The log selector of a (possibly metric) LogQL query: stream matchers and label filters, in order. */
function selector(query: string): Filter[] {
  const q = stripGrafanaVars(query);
  const sel = /\{([^{}]*)\}((?:\s*\|\s*[A-Za-z_]\w*\s*(?:=~|!~|!=|=)\s*"[^"]*")*)/.exec(q);
  if (!sel) return [];
  return [...`${sel[1]} ${sel[2]}`.matchAll(/([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)].map((m) => ({ name: m[1], op: m[2], value: m[3].replace(/\\\\/g, '\\') }))
    .filter((f) => f.value !== 'X'); // a Grafana variable: matches whatever the user picks
}
function matches(rec: Rec, f: Filter): boolean {
  const v = rec.get(f.name) ?? '';
  if (f.op === '=') return v === f.value;
  if (f.op === '!=') return v !== f.value;
  const re = new RegExp(`^(?:${f.value})$`);
  return f.op === '=~' ? re.test(v) : !re.test(v);
}

const RECS = records();
const dashboard = JSON.parse(readFileSync(join(ROOT, 'examples', 'grafana', 'mtatrace-dashboard.json'), 'utf8')) as { panels: { title: string; targets?: { datasource: { type: string }; expr: string }[] }[] };
const lokiPanels = dashboard.panels.flatMap((p) => (p.targets ?? []).filter((t) => t.datasource.type === 'loki').map((t) => ({ title: p.title, expr: t.expr })));
const cookbook = queriesInMarkdown(readFileSync(join(ROOT, 'docs', 'cookbook.md'), 'utf8')).filter((q) => q.lang === 'logql').map((q) => q.query);
const select = (query: string): Rec[] => RECS.filter((r) => selector(query).every((f) => matches(r, f)));

describe('queries against what mtatrace emits for real logs', () => {
  it('the replay produced deliveries, deferrals and failures to query', () => {
    const events = new Set(RECS.map((r) => r.get('event_name')));
    for (const e of ['mta.message.received', 'mta.delivery.attempt', 'mta.recipient.completed']) expect(events).toContain(e);
  });

  it.each([
    ['Top deferring relays', ['mta_relay']],
    ['Failed recipients (click trace_id to open the trace)', ['trace_id', 'mta_recipient', 'mta_status']],
    ['Alert events', ['mta_alert', 'mta_alert_state']],
  ])('dashboard panel "%s" selects events that carry %j', (title, fields) => {
    const expr = lokiPanels.find((p) => p.title === title)?.expr ?? '';
    const hits = select(expr);
    expect(hits.length, expr).toBeGreaterThan(0);
    for (const r of hits) for (const k of fields) expect(r.get(k), `${k} on ${r.get('event_name') ?? ''}`).toBeTruthy();
  });

  it('the cookbook writes Message-IDs the way mtatrace stores them (brackets or not)', () => {
    const stored = RECS.map((r) => r.get('mta_message_id')).filter((v): v is string => !!v);
    const written = cookbook.flatMap((q) => [...q.matchAll(/mta_message_id="([^"]+)"/g)].map((m) => m[1]));
    expect(stored.length).toBeGreaterThan(0);
    expect(written.length).toBeGreaterThan(0);
    for (const w of written) expect(w.startsWith('<'), w).toBe(stored[0].startsWith('<'));
  });

  it('each event-scoped filter in the cookbook and dashboard names a field that such events carry', () => {
    let judged = 0;
    for (const q of [...cookbook, ...lokiPanels.map((p) => p.expr)]) {
      const fs = selector(q);
      const ev = fs.find((f) => f.name === 'event_name' && f.op === '=')?.value;
      const ofType = RECS.filter((r) => r.get('event_name') === ev);
      if (!ev || ofType.length === 0) continue;
      for (const f of fs.filter((x) => !['event_name', 'service_name', 'host_name'].includes(x.name))) {
        expect(ofType.some((r) => r.has(f.name)), `${f.name} on ${ev} (${q})`).toBe(true);
        judged++;
      }
    }
    expect(judged).toBeGreaterThanOrEqual(10);
  });
});
