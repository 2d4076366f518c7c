/**
 * redact: addresses never leave the process in clear under --redact domain|hash|full — not in NDJSON, not in the
 * text report, not in OTLP spans — including reply texts that quote them; hash tokens are stable and keyed.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedactor, replaceAddresses } from '../../src/otel/redact.js';
import { startReceiver, type Receiver } from '../support/otlp-receiver.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/main.js', import.meta.url).pathname;
const SAMPLE = new URL('../../examples/sample.log', import.meta.url).pathname;
/** Every address the sample contains (local parts of 2+ characters before a domain). */
const ADDRESS = /[A-Za-z0-9._%+=-]{2,}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/;

describe('createRedactor', () => {
  const reply = '550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown; from=<SRS0=ab=cd=x.example=alice@fwd.example>';

  it('domain keeps only the domain, full keeps nothing, none changes nothing', () => {
    expect(createRedactor('domain').text(reply)).toBe('550 5.1.1 <*@example.net>: Recipient address rejected: User unknown; from=<*@fwd.example>');
    expect(createRedactor('full').text(reply)).toBe('550 5.1.1 <[redacted]>: Recipient address rejected: User unknown; from=<[redacted]>');
    expect(createRedactor('none').text(reply)).toBe(reply);
  });

  it('hash is a keyed HMAC-SHA-256 of the lower-cased local part: same address, same token; other key, other token', () => {
    const token = createHmac('sha256', 'k1').update('bob').digest('hex').slice(0, 24);
    expect(createRedactor('hash', 'k1').text('to=<Bob@Example.NET>')).toBe(`to=<h:${token}@example.net>`);
    expect(createRedactor('hash', 'k2').text('to=<bob@example.net>')).not.toContain(token);
    expect(() => createRedactor('hash')).toThrow(/needs a key/);
  });

  it('leaves no address in any string, and costs linear time on 1 MiB of @', () => {
    const full = createRedactor('full');
    fc.assert(fc.property(fc.array(fc.oneof(fc.emailAddress(), fc.string()), { maxLength: 8 }), (parts) => {
      const out = full.text(parts.join(' '));
      for (const p of parts) if (p.includes('@') && /^[^\s@]+@[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(p) && !/[<>()[\]{},;:"'\\]/.test(p)) expect(out).not.toContain(p);
    }));
    const big = `${'a@'.repeat(1 << 19)}${'x'.repeat(1 << 20)}@!`;
    expect(replaceAddresses(big, () => '.').length).toBeLessThan(big.length);
  });
});

describe('mtatrace --redact on the sample', () => {
  let rx: Receiver;
  let dir: string;
  beforeAll(async () => {
    rx = await startReceiver();
    dir = mkdtempSync(join(tmpdir(), 'mtatrace-redact-'));
    writeFileSync(join(dir, 'key'), 'secret\n');
  });
  afterAll(async () => { await rx.close(); });

  it('the unredacted outputs do contain addresses (so the checks below can fail)', async () => {
    const { stdout } = await run(process.execPath, [CLI, '--once', '--output', 'json', SAMPLE]);
    expect(stdout).toMatch(ADDRESS);
  });

  for (const mode of ['domain', 'hash', 'full'] as const) {
    it(`--redact ${mode}: no address in NDJSON, the text report or OTLP spans`, async () => {
      const args = ['--once', '--redact', mode, '--redact-key-file', join(dir, 'key'), SAMPLE];
      const json = await run(process.execPath, [CLI, '--output', 'json', ...args]);
      const text = await run(process.execPath, [CLI, '--output', 'text', ...args]);
      await run(process.execPath, [CLI, '--output', 'otlp', ...args], { env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: rx.url } });
      const wire = JSON.stringify(rx.requests.map((r) => r.body));
      rx.requests.length = 0;
      expect(wire).toContain('mta.recipient');
      for (const out of [json.stdout, text.stdout, wire]) {
        const allowed = out.replace(/h:[0-9a-f]{24}@[a-z0-9.-]+/g, '').replace(/\*@[a-z0-9.-]+/g, '');
        expect(allowed.match(ADDRESS)?.[0]).toBeUndefined();
      }
      expect(json.stdout).toContain(mode === 'full' ? '[redacted]' : mode === 'domain' ? '*@gmail.com' : 'h:');
    });
  }

  it('refuses --redact hash without a key (exit 2)', async () => {
    const err = await run(process.execPath, [CLI, '--once', '--redact', 'hash', SAMPLE], { env: { ...process.env, MTATRACE_REDACT_KEY: '' } }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(/needs a key/);
  });
});
