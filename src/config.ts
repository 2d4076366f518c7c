/**
 * config — every option mtatrace has, defined once.
 *
 *   { flag: 'reorder-window', type: 'number', env: 'MTATRACE_REORDER_WINDOW', default: 500, metavar: 'MS', doc: … }
 *   → `--reorder-window MS` in --help and the README table, `config.reorderWindow` (500 unless set)
 * `OPTIONS` is the single table: `--help` is printed from it (`helpText`), the README's options table is
 * generated from it (`optionsMarkdown`, written by `npm run docs`; test/docs.test.ts fails when the README
 * drifts), and `parseArgs` reads flags and environment variables through it. To add an option, add a row
 * here; nothing else lists options.
 *
 * Limits: flags take `--name value` or `--name=value`; boolean flags take no value. An environment variable is
 * used only when the flag is absent. Standard `OTEL_*` variables are read by the OpenTelemetry exporters
 * themselves and are documented in README, not here.
 */

export type OptionType = 'string' | 'number' | 'boolean' | 'list';

export interface OptionSpec {
  /** Long flag name without dashes; also the key in `Config`. */
  flag: string;
  type: OptionType;
  /** Environment variable that sets it when the flag is absent. */
  env?: string;
  default?: string | number | boolean;
  /** For string options with a closed set of values. */
  choices?: readonly string[];
  /** Shown as `--flag VALUE`. */
  metavar?: string;
  doc: string;
}

export const OPTIONS = [
  {
    flag: 'output', type: 'string', env: 'MTATRACE_OUTPUT', choices: ['auto', 'text', 'json', 'otlp'], default: 'auto', metavar: 'KIND',
    doc: '`text`: a timeline per finished message and a summary; `json`: NDJSON events on stdout; `otlp`: export over OTLP/HTTP. `auto` is `otlp` when an `OTEL_EXPORTER_OTLP_*ENDPOINT` is set, else `text`.',
  },
  {
    flag: 'once', type: 'boolean', default: false,
    doc: 'Read to the end of input, flush everything (messages still queued are reported as `queued`, `mta.lifecycle.incomplete=true`), and exit. Without `--once` but with `--state-file`, end of input (and SIGTERM/SIGINT) saves in-flight messages to the state file instead, so the next run continues them; without either, end of input ends them as with `--once`.',
  },
  {
    flag: 'timezone', type: 'string', env: 'TZ', metavar: 'ZONE',
    doc: 'IANA time zone for timestamps without an offset (RFC 3164, Postfix `maillog_file`). Default: the process time zone (UTC if unset).',
  },
  {
    flag: 'year', type: 'number', metavar: 'YYYY',
    doc: 'Year for timestamps that carry none. Default: the most recent past occurrence relative to now, across New Year.',
  },
  {
    flag: 'trace-key', type: 'string', env: 'MTATRACE_TRACE_KEY', choices: ['message-id', 'queue-id'], default: 'message-id', metavar: 'KEY',
    doc: 'What a trace id is derived from: the Message-ID (hops on other hosts join the same trace) or host + queue id + first-seen time.',
  },
  {
    flag: 'max-line-bytes', type: 'number', env: 'MTATRACE_MAX_LINE_BYTES', default: 65536, metavar: 'N',
    doc: 'Longer input lines are counted as `too_long` and skipped.',
  },
  {
    flag: 'queue-warn', type: 'number', env: 'MTATRACE_QUEUE_WARN', default: 50, metavar: 'N',
    doc: 'Alert `queue_depth_high` when more than N messages wait (incoming + active + deferred; hold not counted); it resolves at 80 % of N. 50 suits a small server, 500 a busy one.',
  },
  {
    flag: 'queue-grow-minutes', type: 'number', env: 'MTATRACE_QUEUE_GROW_MINUTES', default: 30, metavar: 'MIN',
    doc: 'Also alert `queue_depth_high` when the queue, sampled each minute, has not fallen for MIN minutes and grew by at least a tenth of `--queue-warn`. 0 disables.',
  },
  {
    flag: 'stall-minutes', type: 'number', env: 'MTATRACE_STALL_MINUTES', default: 15, metavar: 'MIN',
    doc: 'Alert `delivery_stalled` when messages have waited MIN minutes and none was delivered in that time (with the dominant deferral cause and relay, or none when nothing was even tried). The floor: a host that normally delivers fewer than `--stall-deliveries` messages in MIN minutes gets the time it normally takes for them.',
  },
  {
    flag: 'stall-deliveries', type: 'number', env: 'MTATRACE_STALL_DELIVERIES', default: 10, metavar: 'N',
    doc: 'Learned from each host\'s own deliveries over the last 24 h of log time: `delivery_stalled` waits at least as long as that host normally takes for N deliveries. 0: `--stall-minutes` alone.',
  },
  {
    flag: 'silence-minutes', type: 'number', env: 'MTATRACE_SILENCE_MINUTES', default: 10, metavar: 'MIN',
    doc: 'Alert `log_silence` after MIN minutes without a Postfix line (log time; on live input also the wall clock). The floor: a host that normally pauses longer (see `--silence-lines`) gets its own normal pause. In a replay (`--once`) each silence is one alert, firing at its start and resolved at its end.',
  },
  {
    flag: 'silence-lines', type: 'number', env: 'MTATRACE_SILENCE_LINES', default: 100, metavar: 'N',
    doc: 'Learned from each host\'s own Postfix lines over the last 24 h of log time: `log_silence` waits at least as long as that host normally takes to log N lines, and not at all before it has logged N (a quiet server stays quiet, a busy one that stops is caught after `--silence-minutes`). 0: `--silence-minutes` alone.',
  },
  {
    flag: 'spike-deferrals', type: 'number', env: 'MTATRACE_SPIKE_DEFERRALS', default: 20, metavar: 'N',
    doc: 'Alert `deferral_spike` when one recipient domain or relay collects N deferrals within `--spike-minutes`; it resolves under N/2.',
  },
  {
    flag: 'spike-minutes', type: 'number', env: 'MTATRACE_SPIKE_MINUTES', default: 5, metavar: 'MIN',
    doc: 'The sliding window of `--spike-deferrals`.',
  },
  {
    flag: 'alert-repeat-minutes', type: 'number', env: 'MTATRACE_ALERT_REPEAT_MINUTES', default: 60, metavar: 'MIN',
    doc: 'A firing alert is repeated at most every MIN minutes while it stays true (0: never); each alert also emits `resolved` once when it clears.',
  },
  {
    flag: 'queue-command', type: 'string', env: 'MTATRACE_QUEUE_COMMAND', metavar: 'CMD',
    doc: 'Reconcile the log-derived queue picture with Postfix\'s JSON listing, e.g. `postqueue -j` (Postfix ≥ 3.1): run (without a shell) every `--queue-interval` seconds and at end of input; differences become `mta.queue.reconciled` events and a metric.',
  },
  {
    flag: 'queue-interval', type: 'number', env: 'MTATRACE_QUEUE_INTERVAL', default: 60, metavar: 'SECONDS',
    doc: 'How often `--queue-command` runs.',
  },
  {
    flag: 'metric-domains', type: 'list', env: 'MTATRACE_METRIC_DOMAINS', metavar: 'D1,D2',
    doc: 'Recipient domains that get their own `mta.recipient.domain` value on metrics; all others are `other`. Without it, the first `--metric-domains-max` domains seen get one.',
  },
  {
    flag: 'metric-domains-max', type: 'number', env: 'MTATRACE_METRIC_DOMAINS_MAX', default: 10, metavar: 'N',
    doc: 'Without `--metric-domains`: how many distinct recipient domains (first seen) get their own metric value.',
  },
  {
    flag: 'service-name', type: 'string', env: 'OTEL_SERVICE_NAME', default: 'postfix', metavar: 'NAME',
    doc: '`service.name` on every exported resource (Loki indexes it).',
  },
  {
    flag: 'rules', type: 'string', env: 'MTATRACE_RULES', metavar: 'FILE',
    doc: 'YAML or JSON file of cause rules tried before the built-in ones (same schema as `src/classify/rules.ts`). SIGHUP reloads it (a broken file keeps the rules in use).',
  },
  {
    flag: 'state-file', type: 'string', env: 'MTATRACE_STATE_FILE', metavar: 'PATH',
    doc: 'Checkpoint in-flight messages here (atomically: temp file, fsync, rename) every `--checkpoint-interval`, on SIGTERM/SIGINT and at end of input, and restore them at start, so a message whose life spans a restart or crash still becomes one trace. Lines read again after a restart are recognised and skipped. An unusable file is reported, moved to `PATH.bad`, and the run starts empty.',
  },
  {
    flag: 'checkpoint-interval', type: 'number', env: 'MTATRACE_CHECKPOINT_INTERVAL', default: 30, metavar: 'SECONDS',
    doc: 'How often the state file is written while running (after what was emitted before has been exported).',
  },
  {
    flag: 'max-inflight', type: 'number', env: 'MTATRACE_MAX_INFLIGHT', default: 100000, metavar: 'N',
    doc: 'At most N messages held in memory; beyond, the oldest is ended as `queued` with `mta.lifecycle.incomplete=true` and counted (`evicted`).',
  },
  {
    flag: 'idle-timeout', type: 'number', env: 'MTATRACE_IDLE_TIMEOUT', default: 432000, metavar: 'SECONDS',
    doc: 'A message with no line for this long (log time; default 5 days, Postfix\'s `maximal_queue_lifetime`) is ended as incomplete and counted (`idle`). 0 disables.',
  },
  {
    flag: 'reorder-window', type: 'number', env: 'MTATRACE_REORDER_WINDOW', default: 500, metavar: 'MS',
    doc: 'Lines are held this long (log time, or wall-clock time on a quiet live log) and put back in log-time order, so journald\'s reordering (e.g. `removed` before the last delivery line) does not matter. 0 disables.',
  },
  {
    flag: 'export-retry-max', type: 'number', env: 'MTATRACE_EXPORT_RETRY_MAX', default: 3600, metavar: 'SECONDS',
    doc: 'How long a failed OTLP export is retried with backoff (after the exporter\'s own retries) before it is dropped and counted. Meanwhile the export queue fills and input pauses (back-pressure), so a live feed loses nothing during a shorter outage; lower it for one-off replays.',
  },
  {
    flag: 'export-queue', type: 'number', env: 'MTATRACE_EXPORT_QUEUE', default: 8192, metavar: 'SPANS',
    doc: 'Spans held for export (including batches being retried); when full, input pauses until the collector takes them. Bounds the memory an outage costs.',
  },
  {
    flag: 'omprog', type: 'boolean', default: false,
    doc: 'rsyslog omprog mode (`confirmMessages="on"`): stdout carries only the protocol — `OK` at start and per accepted line; while the export queue is full, `.` keep-alives and no `OK`. Needs `--output otlp`.',
  },
  {
    flag: 'close-timeout', type: 'number', env: 'MTATRACE_CLOSE_TIMEOUT', default: 4000, metavar: 'MS',
    doc: 'On EOF, SIGTERM or SIGINT: time allowed for the final flush and checkpoint before exiting; what is still unexported then is counted as dropped. Keep it below rsyslog\'s `closeTimeout` (default 5000).',
  },
  {
    flag: 'redact', type: 'string', env: 'MTATRACE_REDACT', choices: ['none', 'domain', 'hash', 'full'], default: 'none', metavar: 'MODE',
    doc: 'Mail addresses in everything that leaves the process (spans, events, NDJSON, text, reply texts): `domain` keeps only `*@domain`, `hash` replaces the local part with a keyed HMAC-SHA-256 token (same address, same token), `full` replaces the address.',
  },
  {
    flag: 'redact-key-file', type: 'string', env: 'MTATRACE_REDACT_KEY_FILE', metavar: 'FILE',
    doc: 'File holding the secret key for `--redact hash` (or set `MTATRACE_REDACT_KEY`).',
  },
  {
    flag: 'check-rules', type: 'string', metavar: 'FILE',
    doc: 'Validate a rules file, run each rule\'s examples, print a table and exit (non-zero on any failure).',
  },
  {
    flag: 'version', type: 'boolean', default: false,
    doc: 'Print the version and exit.',
  },
  {
    flag: 'help', type: 'boolean', default: false,
    doc: 'Print this help and exit.',
  },
] as const satisfies readonly OptionSpec[];

type Spec = (typeof OPTIONS)[number];
type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean
  : S['type'] extends 'number' ? number
  : S['type'] extends 'list' ? string[]
  : string;
type Key<F extends string> = F extends `${infer A}-${infer B}` ? `${A}${Capitalize<Key<B>>}` : F;

/** The parsed options, camelCased (`--trace-key` → `traceKey`); options without default may be undefined. */
export type Config = {
  [S in Spec as Key<S['flag']>]: S extends { default: string | number | boolean } ? ValueOf<S> : ValueOf<S> | undefined;
} & { files: string[] };

/** A bad flag or value; main.ts prints the message and exits with code 2. */
export class ConfigError extends Error {}

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function convert(spec: OptionSpec, raw: string, from: string): string | number | boolean | string[] {
  switch (spec.type) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new ConfigError(`${from}: expected a number, got '${raw}'`);
      return n;
    }
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw new ConfigError(`${from}: expected true or false, got '${raw}'`);
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter(Boolean);
    default:
      if (spec.choices && !spec.choices.includes(raw)) {
        throw new ConfigError(`${from}: expected one of ${spec.choices.join(', ')}, got '${raw}'`);
      }
      return raw;
  }
}

/** Reads argv (without node and script) and env through `OPTIONS`; positional arguments are input files (`-` = stdin). */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Config {
  const byFlag = new Map<string, OptionSpec>(OPTIONS.map((o) => [o.flag, o]));
  const values: Record<string, unknown> = {};
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { files.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg !== '-') throw new ConfigError(`unknown option '${arg}' (see --help)`);
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byFlag.get(name);
    if (!spec) throw new ConfigError(`unknown option '--${name}' (see --help)`);
    let raw: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    if (spec.type === 'boolean') {
      values[camel(spec.flag)] = raw === undefined ? true : convert(spec, raw, `--${name}`);
      continue;
    }
    if (raw === undefined) {
      raw = argv[++i];
      if (raw === undefined) throw new ConfigError(`--${name} needs a value${spec.metavar ? ` (${spec.metavar})` : ''}`);
    }
    values[camel(spec.flag)] = convert(spec, raw, `--${name}`);
  }
  for (const spec of OPTIONS as readonly OptionSpec[]) {
    const key = camel(spec.flag);
    if (key in values) continue;
    const fromEnv = spec.env ? env[spec.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') values[key] = convert(spec, fromEnv, `$${spec.env}`);
    else if (spec.default !== undefined) values[key] = spec.default;
  }
  return { ...values, files } as Config;
}

/** `--help` text, generated from `OPTIONS`. */
export function helpText(): string {
  const lines = [
    'mtatrace — rebuild each Postfix message\'s story from its log lines; export traces, events and metrics.',
    '',
    'Usage: mtatrace [options] [FILE…]        read FILEs (or stdin) and report or export',
    '       mtatrace explain \'LOG LINE\'        show how one line is parsed and classified',
    '',
    'Options:',
  ];
  for (const o of OPTIONS as readonly OptionSpec[]) {
    const head = `  --${o.flag}${o.metavar ? ` ${o.metavar}` : ''}`;
    const extra = [o.env ? `env ${o.env}` : '', o.default !== undefined && o.default !== false ? `default ${String(o.default)}` : '']
      .filter(Boolean).join('; ');
    lines.push(head, `      ${o.doc.replace(/`/g, '')}${extra ? ` [${extra}]` : ''}`);
  }
  lines.push('', 'Exit codes: 0 ok; 1 export failed or rules check failed; 2 bad option or rules file.');
  return lines.join('\n');
}

/** The README options table, generated from `OPTIONS`. */
export function optionsMarkdown(): string {
  const rows = ['| option | env | default | what it does |', '|---|---|---|---|'];
  for (const o of OPTIONS as readonly OptionSpec[]) {
    const def = o.default === undefined ? '' : `\`${String(o.default)}\``;
    rows.push(`| \`--${o.flag}${o.metavar ? ` ${o.metavar}` : ''}\` | ${o.env ? `\`${o.env}\`` : ''} | ${def} | ${o.doc.replace(/\|/g, '\\|')} |`);
  }
  return rows.join('\n');
}
