/**
 * rules-linear — a user rule cannot stall the pipeline: patterns are matched with RE2 semantics (re2js, linear
 * in the text), in `--rules`, `--check-rules` and a SIGHUP reload alike. The remote server writes the reply
 * text, so `(a+)+$` against `aaaa…a!` is the attack; a backtracking engine takes ~34 s for 28 `a`s, doubling
 * with each one more. What RE2 cannot do in linear time (lookarounds, backreferences) is refused with exit 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, until } from '../support/cli.js';

const evil = (n: number, qid = 'AAAAAA1111') => `2026-11-26T10:00:01.000000+00:00 mx1 postfix/smtp[9]: ${qid}: to=<x@y.example>, relay=mx.y.example[192.0.2.1]:25, delay=1, delays=0/0/1/0, dsn=5.0.0, status=bounced (host mx.y.example[192.0.2.1] said: 550 ${'a'.repeat(n)}! (in reply to RCPT TO command))`;
const ruleFile = (pattern: string, example = evil(4)) => {
  const dir = mkdtempSync(join(tmpdir(), 'mtatrace-rules-'));
  const path = join(dir, 'rules.yaml');
  writeFileSync(path, `- id: site-evil\n  cause: content_rejected\n  when:\n    pattern: ${JSON.stringify(pattern)}\n  examples:\n    - ${JSON.stringify(example)}\n`);
  return path;
};

describe('user rules cannot hang the process', () => {
  it('--rules with (a+)+$ against a hostile reply of 40 a and a ! finishes at once', async () => {
    const rules = ruleFile('(a+)+$');
    const lines = [40, 41, 42].map((n, i) => evil(n, `AAAAAA111${i}`)).join('\n');
    const r = await runCli(['--output', 'json', '--once', '--rules', rules], `${lines}\n`, { timeoutMs: 15_000 });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.includes('"attempt"') || l.includes('mta.delivery.attempt')).length).toBeGreaterThan(0);
    expect(r.stdout).toContain('AAAAAA1112');
  }, 30_000);

  it('--check-rules runs the rule over its examples without hanging; a lookahead is refused naming RE2', async () => {
    const ok = await runCli(['--check-rules', ruleFile('(a+)+$', evil(40))], '', { timeoutMs: 15_000 });
    expect(ok.signal).toBeNull();
    expect(ok.stdout).toContain('site-evil');
    const bad = await runCli(['--check-rules', ruleFile('(?=a)(a+)+$')], '', { timeoutMs: 15_000 });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/when\.pattern: invalid regular expression.*RE2/);
    const run = await runCli(['--output', 'json', '--once', '--rules', ruleFile('(a)\\1')], '', { timeoutMs: 15_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/when\.pattern: invalid regular expression.*RE2/);
  }, 30_000);

  it('a SIGHUP reload of such a rule cannot stall the live pipeline either', async () => {
    const rules = ruleFile('^never matches$');
    const cli = startCli(['--output', 'json', '--rules', rules, '--reorder-window', '0']);
    cli.child.stdin.write(`${evil(3, 'BBBBBB1111')}\n`);
    await until(() => cli.out().includes('BBBBBB1111')); // running, with its signal handlers in place
    writeFileSync(rules, `- id: site-evil\n  cause: content_rejected\n  when:\n    pattern: "(a+)+$"\n  examples:\n    - ${JSON.stringify(evil(4))}\n`);
    cli.child.kill('SIGHUP');
    await until(() => cli.err().includes('reloaded rules'));
    cli.child.stdin.write(`${evil(40)}\n`);
    await until(() => cli.out().includes('AAAAAA1111'), 10_000);
    cli.child.stdin.end();
    expect(await cli.exited).toBe(0);
  }, 30_000);
});
