/**
 * config — every option mtatrace has, defined once.
 *
 * `OPTIONS` is the single table: `--help` is printed from it, the README's options table is generated from it
 * (`node dist/main.js --help-markdown`, checked by test/config.test.ts), and `parseArgs` reads flags and environment
 * variables through it. To add an option, add a row here; nothing else lists options.
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
    doc: 'Read to the end of input, flush everything (messages still queued are reported as `queued`), and exit.',
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
    flag: 'service-name', type: 'string', env: 'OTEL_SERVICE_NAME', default: 'postfix', metavar: 'NAME',
    doc: '`service.name` on every exported resource (Loki indexes it).',
  },
  {
    flag: 'rules', type: 'string', env: 'MTATRACE_RULES', metavar: 'FILE',
    doc: 'YAML or JSON file of cause rules tried before the built-in ones (same schema as `src/classify/rules.ts`).',
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
