/**
 * container-entrypoint — examples/container/postfix-mtatrace.sh shuts down in the right order: on SIGTERM it
 * stops Postfix, mtatrace reads the pipe to EOF (so every line Postfix wrote reaches it), and the script exits 0.
 *
 * Runs the real script under /bin/sh with stand-ins for `postfix` (prints a log line every 20 ms until
 * `postfix stop`) and `mtatrace` (copies stdin to a file, then writes END).
 *
 * Limits: the stand-ins model only the pipe and the signals, not Postfix itself.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'mtatrace-entrypoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = (name: string, body: string): void => {
  writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
};
script('postfix', `case "$1" in
  start-fg) n=0; while [ ! -e "${dir}/stopped" ]; do n=$((n+1)); echo "Nov 27 16:23:01 mx1 postfix/qmgr[812]: 4B7C21A0F$n: removed"; sleep 0.02; done
            echo "Nov 27 16:23:09 mx1 postfix/master[1]: terminating on signal 15";;
  stop) touch "${dir}/stopped";;
  *) exit 0;;
esac`);
script('postconf', 'exit 0');
script('mtatrace', `cat > "${dir}/received"; echo END >> "${dir}/received"; echo "$@" > "${dir}/args"`);

const waitFor = async (cond: () => boolean): Promise<void> => {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
};

it('SIGTERM stops Postfix first and lets mtatrace read to the end', async () => {
  const child = spawn('/bin/sh', [join(ROOT, 'examples', 'container', 'postfix-mtatrace.sh')], {
    env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` }, stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await waitFor(() => existsSync(join(dir, 'received')) && readFileSync(join(dir, 'received'), 'utf8').split('\n').length > 3);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const lines = readFileSync(join(dir, 'received'), 'utf8').trimEnd().split('\n');
  expect(lines.at(-2)).toContain('postfix/master[1]: terminating on signal 15');
  expect(lines.at(-1)).toBe('END');
  expect(existsSync(join(dir, 'stopped'))).toBe(true);
  expect(readFileSync(join(dir, 'args'), 'utf8')).toContain('--state-file /var/lib/mtatrace/state.json');
});
