/**
 * mtatrace-cli — runs the built CLI (`node dist/main.js`) on captured files, as a user would.
 *
 * `runJson(files)` → NDJSON events (`--once --output json`) and the stderr summary
 * (`mtatrace: 287 lines: 275 parsed, 12 ignored, 0 unparsed; …`); `runOtlp(files, endpoint)` exports to an OTLP
 * receiver (`--once --output otlp`). `supports(flag)` reads `--help`, so the suite can use `--omprog` once it exists.
 *
 * Limits: needs `npm run build` first (npm test does it); the time zone for year-less formats is the process's.
 */
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { parseNdjson } from './story.js';
import type { Ev } from './story.js';

export const MAIN = new URL('../../../dist/main.js', import.meta.url).pathname;

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string; status: number | null } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, ...env }, timeout: 120_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export function runJson(files: string[]): { events: Ev[]; summary: string } {
  const r = cli(['--once', '--output', 'json', ...files]);
  if (r.status !== 0) throw new Error(`mtatrace exited ${String(r.status)}: ${r.stderr}`);
  return { events: parseNdjson(r.stdout), summary: r.stderr.trim() };
}

/** Asynchronous, because the OTLP receiver usually lives in this same process and must keep answering. */
export function runOtlp(files: string[], endpoint: string, extra: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, '--once', '--output', 'otlp', ...extra, ...files], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stderr);
      else reject(new Error(`mtatrace --output otlp exited ${String(code)}: ${stderr}`));
    });
  });
}

export function supports(flag: string): boolean {
  return existsSync(MAIN) && cli(['--help']).stdout.includes(flag);
}
