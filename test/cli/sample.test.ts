/**
 * The README's first set-up command (`npm run sample`: build, then mtatrace on examples/sample.log) and what a
 * person sees: a timeline per message and a summary grouped by cause.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> };

describe('npm run sample', () => {
  it('is the README\'s first set-up command', () => {
    expect(readFileSync(`${root}README.md`, 'utf8')).toContain('npm ci && npm run sample');
  });

  it('prints a timeline per message and a summary by cause, with no collector configured', async () => {
    // The build already ran (npm test builds first); run the part of the script after the build.
    const command = pkg.scripts.sample.replace(/^npm run build && /, '');
    const [bin, ...args] = command.split(' ');
    const env = { ...process.env };
    delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    const { stdout } = await run(bin, args, { cwd: root, env });
    expect(stdout).toMatch(/^91B2C3D4E5 @ mx1 .* from carol@example\.org → 2 recipients: bounced 1, delivered 1$/m);
    expect(stdout).toMatch(/dave@contoso\.com bounced \(invalid_recipient\)/);
    expect(stdout).toMatch(/grace@shop\.example\.net deferred \(dns_failure\)/);
    expect(stdout).toMatch(/received as non-delivery notification for 91B2C3D4E5/);
    expect(stdout).toMatch(/received from localhost\[127\.0\.0\.1\], 5307 bytes, 1 recipient \(filter hop from 3F1A52C0B1\)/);
    expect(stdout).toContain('Recipients by final status: delivered 6, bounced 2, expired 1, deleted 1, queued 1');
    expect(stdout).toMatch(/^ {2}mailbox_full +1 +\(bounced 1\)$/m);
    expect(stdout).toMatch(/Still queued at end of input:\n {2}0A1B2C3D4E @ mx1 {2}ivan@gmail\.com {2}queued, last: rate_limited/);
  });
});
