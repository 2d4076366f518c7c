/**
 * otelcol-rules — static checks of an OpenTelemetry Collector config, as far as they can be made without
 * an `otelcol` binary: references, deprecated component names, processor order, ports and paths.
 *
 * Checks a parsed config such as collector-config/gateway.yaml:
 *   service.pipelines.logs: { receivers: [otlp], processors: [memory_limiter], exporters: [otlp_http/loki] }
 * and returns a list of problems (empty = fine), so a failing test names every problem at once.
 *
 * Also: an exporter whose queue is on disk must retry without a time limit (`retry_on_failure.max_elapsed_time:
 * 0`), or the default 300 s drops a batch from the persistent queue during a longer outage.
 *
 * Limits: component settings are not validated against each component's schema here (test/otelcol/ runs the real
 * Collector's `validate`); `${env:NAME:-default}` is read as its default. The deprecation table lists the renames
 * we know of, with the first release that warns.
 */

export type Obj = Record<string, unknown>;

const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;
type Kind = (typeof KINDS)[number];

/** Component types that must not appear: removed, or renamed at or before `since` (minor of 0.x). */
export const DEPRECATED: readonly { kind: Kind; type: string; use: string; since: number }[] = [
  { kind: 'exporters', type: 'loki', use: 'otlp_http to Loki /otlp (the loki exporter was removed in 2025)', since: 0 },
  { kind: 'exporters', type: 'logging', use: 'debug (logging was removed in v0.111)', since: 0 },
  { kind: 'exporters', type: 'otlp', use: 'otlp_grpc', since: 144 },
  { kind: 'exporters', type: 'otlphttp', use: 'otlp_http', since: 144 },
  // 0.152.0's module still names it `loadbalancing`; 0.161.0's names `load_balancing` with the old name as a
  // deprecated alias (contrib PR #48533, merged 2026-05-19). 0.153 is the first release after that merge.
  { kind: 'exporters', type: 'loadbalancing', use: 'load_balancing', since: 153 },
  // contrib PR #48705 (merged 2026-05-28), first in the release after it.
  { kind: 'exporters', type: 'prometheusremotewrite', use: 'prometheus_remote_write', since: 154 },
];

export const SIGNALS = ['traces', 'logs', 'metrics', 'profiles'];

/** `${env:NAME:-default}` → default, `${env:NAME}` → ''. */
export function envDefaults(s: string): string {
  return s.replace(/\$\{env:[A-Za-z_][A-Za-z0-9_]*(?::-([^}]*))?\}/g, (_, d: string | undefined) => d ?? '');
}

/** The minimum collector minor version a config declares in its header (`otelcol-contrib >= 0.144.0`). */
export function declaredMinor(text: string): number | undefined {
  const m = /otelcol-contrib\s*>=\s*0\.(\d+)/.exec(headerOf(text));
  return m ? Number(m[1]) : undefined;
}

/** The leading comment block of a YAML file. */
export function headerOf(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const l of lines) {
    if (!l.startsWith('#')) break;
    out.push(l);
  }
  return out.join('\n');
}

const typeOf = (id: string): string => id.split('/')[0];
const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function isCollectorConfig(doc: unknown): boolean {
  return Object.keys(asObj(asObj(asObj(doc).service).pipelines)).length > 0;
}

/** Every reference problem, processor-order problem and deprecated name in one config. */
export function checkCollectorConfig(doc: unknown, minor: number): string[] {
  const cfg = asObj(doc);
  const problems: string[] = [];
  const defined = Object.fromEntries(KINDS.map((k) => [k, new Set(Object.keys(asObj(cfg[k])))])) as Record<Kind, Set<string>>;
  const used = Object.fromEntries(KINDS.map((k) => [k, new Set<string>()])) as Record<Kind, Set<string>>;
  const service = asObj(cfg.service);

  for (const ext of asList(service.extensions)) {
    used.extensions.add(ext);
    if (!defined.extensions.has(ext)) problems.push(`service.extensions names undefined extension '${ext}'`);
  }
  for (const [pid, raw] of Object.entries(asObj(service.pipelines))) {
    const p = asObj(raw);
    if (!SIGNALS.includes(typeOf(pid))) problems.push(`pipeline '${pid}': unknown signal '${typeOf(pid)}'`);
    if (asList(p.receivers).length === 0) problems.push(`pipeline '${pid}' has no receivers`);
    if (asList(p.exporters).length === 0) problems.push(`pipeline '${pid}' has no exporters`);
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      for (const id of asList(p[kind])) {
        const asConnector = kind !== 'processors' && defined.connectors.has(id);
        if (asConnector) used.connectors.add(id);
        else used[kind].add(id);
        if (!defined[kind].has(id) && !asConnector) problems.push(`pipeline '${pid}' names undefined ${kind.slice(0, -1)} '${id}'`);
      }
    }
    const procs = asList(p.processors);
    if (typeOf(procs[0] ?? '') !== 'memory_limiter') {
      problems.push(`pipeline '${pid}': memory_limiter must be the first processor (got [${procs.join(', ')}])`);
    }
  }
  for (const kind of KINDS) {
    for (const id of defined[kind]) if (!used[kind].has(id)) problems.push(`${kind.slice(0, -1)} '${id}' is defined but not used`);
    for (const id of defined[kind]) {
      for (const d of DEPRECATED) {
        if (d.kind !== kind) continue;
        if (d.type === typeOf(id) && minor >= d.since) problems.push(`${kind.slice(0, -1)} '${id}': use ${d.use}`);
        // The new name does not exist before the rename.
        if (d.since > 0 && d.use === typeOf(id) && minor < d.since) problems.push(`${kind.slice(0, -1)} '${id}' needs collector >= 0.${d.since}; use ${d.type}`);
      }
    }
  }
  for (const [id, raw] of Object.entries(asObj(cfg.exporters))) {
    const storage = asObj(asObj(raw).sending_queue).storage;
    if (typeof storage === 'string' && !used.extensions.has(storage)) {
      problems.push(`exporter '${id}': sending_queue.storage '${storage}' is not an enabled extension`);
    }
    const retry = asObj(asObj(raw).retry_on_failure);
    if (typeof storage === 'string' && (retry.enabled === false || !isZeroDuration(retry.max_elapsed_time))) {
      problems.push(`exporter '${id}': a persistent queue needs retry_on_failure.max_elapsed_time: 0 (the default 300s drops queued data)`);
    }
  }
  return problems;
}

/** `0`, `0s`, `0ms` … (the Collector reads a duration; 0 means no limit). */
function isZeroDuration(v: unknown): boolean {
  return v === 0 || (typeof v === 'string' && /^0+(\.0*)?(ns|us|µs|ms|s|m|h)?$/.test(v.trim()));
}

/** host:port of the OTLP receiver's http and grpc protocols (env defaults applied). */
export function otlpReceiverEndpoints(doc: unknown): { http?: string; grpc?: string } {
  const protocols = asObj(asObj(asObj(asObj(doc).receivers).otlp).protocols);
  const ep = (p: string): string | undefined => {
    const e = asObj(protocols[p]).endpoint;
    return typeof e === 'string' ? envDefaults(e) : undefined;
  };
  return { http: ep('http'), grpc: ep('grpc') };
}

/** Exporter id → endpoint (env defaults applied). */
export function exporterEndpoints(doc: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, raw] of Object.entries(asObj(asObj(doc).exporters))) {
    const e = asObj(raw).endpoint;
    if (typeof e === 'string') out.set(id, envDefaults(e));
  }
  return out;
}
