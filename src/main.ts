#!/usr/bin/env node
/**
 * main — the CLI entry: flags and environment → Config, then run the pipeline or a sub-command; errors → exit codes.
 *
 *   mtatrace --once examples/sample.log            text timelines and a summary
 *   journalctl -f -o json | mtatrace --output otlp  live export (OTEL_EXPORTER_OTLP_ENDPOINT=…)
 *   mtatrace explain 'Nov  7 10:00:00 mx1 postfix/smtp[1]: 4B7C21A0F3: to=<b@example.net>, …, status=bounced (…)'
 *
 * Exit codes: 0 ok; 1 export failed, or a rules check failed; 2 bad option, bad rules file or unreadable input.
 */
import { explainLine } from './classify/explain.js';
import { Classifier } from './classify/classify.js';
import { checkRules, loadRulesFile } from './classify/load-rules.js';
import { ConfigError, helpText, parseArgs } from './config.js';
import { lineParser, run, VERSION, type Io } from './pipeline.js';

async function main(argv: string[], io: Io): Promise<number> {
  const explain = argv[0] === 'explain';
  const config = parseArgs(explain ? argv.slice(1) : argv, io.env);
  if (config.help) { io.stdout.write(`${helpText()}\n`); return 0; }
  if (config.version) { io.stdout.write(`mtatrace ${VERSION}\n`); return 0; }
  if (config.checkRules) {
    const result = checkRules(config.checkRules, lineParser(config));
    io.stdout.write(`${result.table}\n`);
    return result.ok ? 0 : 1;
  }
  if (explain) {
    const classifier = new Classifier(config.rules ? loadRulesFile(config.rules) : []);
    const parse = lineParser(config);
    const lines = config.files.length ? config.files : (await readAll(io.stdin)).split('\n').filter((l) => l.trim());
    io.stdout.write(`${lines.map((l) => explainLine(l, parse, classifier)).join('\n\n')}\n`);
    return 0;
  }
  return run(config, io);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

// A closed stdout (`mtatrace … | head`): the pipeline stops reading, saves its state and reports on stderr
// (pipeline.ts); outside a run (`--help`, `explain`) there is nothing to save, so exit as SIGPIPE would.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE' && process.stdout.listenerCount('error') === 1) process.exit(141);
});

const io: Io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
let settled = false;
// Nothing left to wait for while the run has not finished would be a silent exit 0 with work undone: a bug,
// said as one (exit 70, EX_SOFTWARE) instead.
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  process.stderr.write('mtatrace: internal error: the run stalled with nothing left to wait for; exiting 70\n');
  process.exit(70);
});
main(process.argv.slice(2), io).then(
  (code) => {
    settled = true;
    process.exitCode = code;
    // Everything is flushed; do not let a lingering socket (an abandoned export, an open stdin) keep us alive.
    setTimeout(() => process.exit(code), 100).unref();
  },
  (err: unknown) => {
    settled = true;
    const known = err instanceof ConfigError || (err instanceof Error && (err.name === 'RulesError' || err.name === 'StateFileError' || 'code' in err));
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`mtatrace: ${message}\n`);
    if (!known && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = known ? 2 : 1;
    if (process.argv.includes('--omprog')) refuseUntilEof(message);
  },
);

/**
 * Under rsyslog's omprog, a program that exits right after it was started can crash rsyslogd 8.2302
 * (confirmMessages + forceSingleInstance, rsyslog issue 5017), which stops all logging. So a start-up error
 * is answered, not exited on: every line gets an error reply (rsyslog keeps the message and retries later),
 * and mtatrace exits when rsyslog closes its stdin.
 */
function refuseUntilEof(message: string): void {
  const reply = `mtatrace cannot start: ${message.replace(/\s+/g, ' ')}\n`;
  process.stdout.write(reply);
  process.stdin.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) process.stdout.write(reply);
  });
  process.stdin.on('end', () => process.exit(process.exitCode ?? 2));
}
