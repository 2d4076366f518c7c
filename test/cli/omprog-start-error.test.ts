/**
 * Under omprog, a start-up error (here an unreadable rules file) must not make mtatrace exit at once: rsyslogd
 * 8.2302 can crash when its program exits right after start. Each line gets an error reply instead (rsyslog keeps
 * the message), and mtatrace exits 2 when its stdin closes.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const CLI = new URL('../../dist/main.js', import.meta.url).pathname;

describe('--omprog with a start-up error', () => {
  it('answers every line with the error and exits 2 on EOF', async () => {
    const child = spawn(process.execPath, [CLI, '--omprog', '--output', 'otlp', '--rules', '/nonexistent/rules.yaml'], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    await new Promise((r) => setTimeout(r, 500));
    expect(child.exitCode).toBeNull();
    child.stdin.write('2026-11-27T10:00:00+00:00 mx1 postfix/qmgr[1]: 4B7C21A0F3: removed\n');
    child.stdin.write('2026-11-27T10:00:01+00:00 mx1 postfix/qmgr[1]: 5C8D32B1A4: removed\n');
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    const replies = out.trim().split('\n');
    expect(replies).toHaveLength(3);
    for (const r of replies) expect(r).toMatch(/^mtatrace cannot start: .*rules\.yaml/);
    expect(replies).not.toContain('OK');
    expect(err).toContain('rules.yaml');
  });
});
