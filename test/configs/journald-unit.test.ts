/**
 * journald-unit — the ExecStart of collector-config/systemd/mtatrace-journald.service, run under bash with
 * stand-ins, behaves as its comments promise under KillMode=mixed: the main PID is journalctl, so SIGTERM
 * reaches journalctl only; it saves its cursor and exits, and mtatrace still reads every line to EOF.
 *
 * Stand-ins: `journalctl` prints numbered JSON lines until SIGTERM, then writes the cursor file and how many
 * lines it printed; `mtatrace` copies stdin to a file and writes END at EOF.
 *
 * Limits: systemd itself does not run here; `%S` is replaced by a temporary directory.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'mtatrace-journald-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'bin'));
mkdirSync(join(dir, 'mtatrace'));

const unit = readFileSync(join(ROOT, 'collector-config', 'systemd', 'mtatrace-journald.service'), 'utf8');
const exec = /^ExecStart=\/bin\/bash -c '(.*)'$/m.exec(unit)?.[1] ?? '';
const command = exec.replaceAll('%S', dir).replaceAll('/usr/local/bin/mtatrace', join(dir, 'bin', 'mtatrace'));

writeFileSync(join(dir, 'bin', 'journalctl'), `#!/bin/bash
for a in "$@"; do case "$a" in --cursor-file=*) cursor="\${a#--cursor-file=}";; esac; done
n=0
trap 'echo "s=cursor-$n" > "$cursor"; echo $n > "${dir}/printed"; exit 0' TERM
while :; do n=$((n+1)); echo "{\\"MESSAGE\\":\\"line $n\\"}"; sleep 0.01; done
`);
writeFileSync(join(dir, 'bin', 'mtatrace'), `#!/bin/sh\ncat > "${dir}/received"; echo END >> "${dir}/received"\n`);
chmodSync(join(dir, 'bin', 'journalctl'), 0o755);
chmodSync(join(dir, 'bin', 'mtatrace'), 0o755);

const waitFor = async (cond: () => boolean): Promise<void> => {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
};
const received = (): string[] => (existsSync(join(dir, 'received')) ? readFileSync(join(dir, 'received'), 'utf8').trimEnd().split('\n') : []);

it('SIGTERM to the main PID: journalctl saves its cursor, mtatrace drains the pipe and ends', async () => {
  expect(command).toContain('exec journalctl');
  const main = spawn('/bin/bash', ['-c', command], { env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` }, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => main.on('exit', (code) => resolve(code)));
  await waitFor(() => received().length > 5);
  main.kill('SIGTERM');
  expect(await exited).toBe(0);
  await waitFor(() => received().at(-1) === 'END');
  const printed = Number(readFileSync(join(dir, 'printed'), 'utf8'));
  const lines = received();
  expect(lines.length - 1).toBe(printed);
  expect(lines.at(-2)).toBe(`{"MESSAGE":"line ${printed}"}`);
  expect(readFileSync(join(dir, 'mtatrace', 'journal.cursor'), 'utf8').trim()).toBe(`s=cursor-${printed}`);
});
