/**
 * jaeger — the built mtatrace exports to a real Jaeger v2's OTLP/HTTP endpoint, and the test reads the traces back
 * through Jaeger's query API (by trace id, and searches by `mta.queue_id` / `mta.message_id` tag), for a log of
 * varied fates (test/fixtures/logs/varied-fates.log: a content-filter hop, two deferrals then delivery, one
 * recipient bounced with its NDR, one delivered) and a message relayed between two hosts, each host's log read
 * by its own mtatrace process (test/fixtures/logs/two-hosts-*.log).
 * Sample line: `2026-12-03T09:31:13.421006+00:00 mx1 postfix/smtp[4250]: 2C3D4E5F6A: to=<wendy@slow.example.net>, …, status=sent (…)`
 *
 * Limits: needs the binaries from scripts/build-otel.sh (skipped, saying so, when absent) and a built CLI.
 * Logs and metrics go to the project's loopback receiver, since Jaeger stores spans only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/otlp-receiver.js';
import { otelBinaries, startJaeger, stopAll, ROOT, type Jaeger } from './harness.js';
import {
  delayPhases, endOf, linksOf, parentOf, resource, roots, sameId, search, tag, tags, traceById, usOf, type JTrace,
} from './jaeger-api.js';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist/main.js');
const FIX = join(ROOT, 'test/fixtures/logs');
const { bins, skip, fail } = otelBinaries();
if (skip) console.warn(`[otelcol] Jaeger tests skipped: ${skip}`);
const FROM = usOf('2026-11-20T00:00:00.000000Z');
const TO = usOf('2026-12-10T00:00:00.000000Z');

describe.skipIf(Boolean(skip))(`mtatrace → Jaeger ${bins?.jaegerVersion ?? ''}${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let jaeger: Jaeger;
  let rx: Receiver;
  let dir: string;
  const byTag = async (t: Record<string, string>): Promise<JTrace[]> => search(jaeger.query, t, FROM, TO);
  /** The one trace holding queue id `qid`, fetched again by its id. */
  const traceOf = async (qid: string): Promise<JTrace> => {
    const found = await byTag({ 'mta.queue_id': qid });
    expect(found, `traces with mta.queue_id=${qid}`).toHaveLength(1);
    return traceById(jaeger.query, found[0].traceID);
  };

  beforeAll(async () => {
    if (fail) throw new Error(fail);
    dir = mkdtempSync(join(tmpdir(), 'mtatrace-jaeger-'));
    jaeger = await startJaeger(bins!.jaeger, dir);
    rx = await startReceiver();
    const env = {
      ...process.env, TZ: 'UTC', OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${jaeger.otlpHttp}/v1/traces`,
    };
    const cli = (args: string[]) => run(process.execPath, [CLI, '--once', '--output', 'otlp', ...args], { env });
    await Promise.all([
      cli([join(FIX, 'varied-fates.log')]),
      cli([join(FIX, 'two-hosts-mx1.log')]),
      cli(['--year', '2026', join(FIX, 'two-hosts-mx2.log')]),
    ]);
  }, 60_000);
  afterAll(async () => {
    await stopAll();
    await rx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores one trace per message: five messages, five traces, each found by its Message-ID', async () => {
    const all = await search(jaeger.query, {}, FROM, TO);
    expect(all).toHaveLength(5);
    const ids = ['CAH7qP9x-f1lter@mail.gmail.com', 'invoice-5521@vendor.example', '20261203102005.3D4E5F6A7B@mx1.example.org',
      '20261203102006.8A9B0C1D2E@mx1.example.org', 'roadmap-2027@example.org'];
    const found = await Promise.all(ids.map((m) => byTag({ 'mta.message_id': m })));
    expect(found.map((f) => f.length)).toEqual([1, 1, 1, 1, 1]);
    expect(new Set(found.map((f) => f[0].traceID)).size).toBe(5);
    expect(roots((await traceOf('3D4E5F6A7B'))).map((r) => tag(r, 'mta.queue_id'))).toEqual(['3D4E5F6A7B']);
  });

  it('builds the span tree of a message deferred twice: root, receive, three attempts, with parent links and log times', async () => {
    const t = await traceOf('2C3D4E5F6A');
    const [root] = roots(t);
    expect(parentOf(root)).toBeUndefined();
    expect(resource(t, root)).toMatchObject({ 'service.name': 'postfix', 'host.name': 'mx1' });
    expect(root.startTime).toBe(usOf('2026-12-03T09:00:10.200000Z'));
    expect(endOf(root)).toBe(usOf('2026-12-03T09:31:13.421922Z'));
    const receive = t.spans.filter((s) => s.operationName === 'mta.receive');
    expect(receive).toHaveLength(1);
    expect(parentOf(receive[0])).toBe(root.spanID);
    expect([receive[0].startTime, endOf(receive[0])]).toEqual([usOf('2026-12-03T09:00:10.200000Z'), usOf('2026-12-03T09:00:10.709954Z')]);
    const attempts = t.spans.filter((s) => s.operationName === 'mta.delivery').sort((a, b) => a.startTime - b.startTime);
    expect(attempts.map((a) => [tag(a, 'mta.attempt'), tag(a, 'mta.status'), tag(a, 'otel.status_code') ?? 'UNSET'])).toEqual([
      [1, 'deferred', 'ERROR'], [2, 'deferred', 'ERROR'], [3, 'sent', 'UNSET']]);
    for (const a of attempts) {
      expect(parentOf(a)).toBe(root.spanID);
      expect(sameId(a.traceID, root.traceID)).toBe(true);
      expect(a.startTime >= root.startTime && endOf(a) <= endOf(root)).toBe(true);
    }
    expect(tags(attempts[0])).toMatchObject({ 'mta.cause': 'connection_lost', 'error.type': 'connection_lost', 'mta.dsn': '4.4.2' });
    expect(endOf(attempts[2])).toBe(usOf('2026-12-03T09:31:13.421006Z'));
  });

  it('places the delays= phases of the delivering attempt inside it (b=0.02 s, c=1.4 s, d=0.7 s)', async () => {
    const t = await traceOf('2C3D4E5F6A');
    const last = t.spans.find((s) => s.operationName === 'mta.delivery' && tag(s, 'mta.attempt') === 3)!;
    const phases = delayPhases(t, last);
    expect(phases.map((p) => p.name)).toEqual(['mta.queue.wait', 'mta.connect', 'mta.transmit']);
    const end = endOf(last);
    expect(phases.map((p) => end - p.startUs)).toEqual([2_120_000, 2_100_000, 700_000]);
    for (const p of phases) expect(p.startUs >= last.startTime && (p.endUs ?? p.startUs) <= end).toBe(true);
  });

  it('keeps the content-filter hop in the same trace, as a child of the first queue id', async () => {
    const [t] = await byTag({ 'mta.message_id': 'CAH7qP9x-f1lter@mail.gmail.com' });
    const full = await traceById(jaeger.query, t.traceID);
    const rs = roots(full).sort((a, b) => a.startTime - b.startTime);
    expect(rs.map((r) => tag(r, 'mta.queue_id'))).toEqual(['1A2B3C4D5E', '6F7A8B9C0D']);
    expect(parentOf(rs[1])).toBe(rs[0].spanID);
    expect(tags(rs[1])).toMatchObject({ 'mta.hop': 'filter', 'mta.prev_queue_id': '1A2B3C4D5E' });
    expect((await byTag({ 'mta.queue_id': '6F7A8B9C0D' }))[0].traceID).toBe(t.traceID);
    const handOff = full.spans.find((s) => s.operationName === 'mta.delivery' && tag(s, 'mta.queue_id') === '1A2B3C4D5E')!;
    expect(tags(handOff)).toMatchObject({ 'mta.queued_as': '6F7A8B9C0D', 'server.port': 10024 });
  });

  it('links the NDR, a trace of its own, to the message it reports on; the bounced recipient is an error', async () => {
    const orig = await traceOf('3D4E5F6A7B');
    const ndr = await traceOf('8A9B0C1D2E');
    expect(sameId(ndr.traceID, orig.traceID)).toBe(false);
    const [ndrRoot] = roots(ndr);
    const [origRoot] = roots(orig);
    expect(tags(ndrRoot)).toMatchObject({ 'mta.notification': 'non-delivery', 'mta.orig_queue_id': '3D4E5F6A7B' });
    const links = linksOf(ndrRoot);
    expect(links).toHaveLength(1);
    expect(sameId(links[0].traceID, orig.traceID) && links[0].spanID === origRoot.spanID).toBe(true);
    const attempts = orig.spans.filter((s) => s.operationName === 'mta.delivery');
    expect(attempts.map((a) => [tag(a, 'mta.recipient'), tag(a, 'mta.status'), tag(a, 'mta.cause') ?? null]).sort()).toEqual([
      ['yara@mail.example.com', 'bounced', 'invalid_recipient'], ['zoe@mail.example.com', 'sent', null]]);
    expect(tag(attempts.find((a) => tag(a, 'mta.status') === 'bounced')!, 'error')).toBe(true);
  });

  it('joins two hosts\' logs of one relayed message into one trace, one root per host', async () => {
    const found = await byTag({ 'mta.message_id': 'roadmap-2027@example.org' });
    expect(found).toHaveLength(1);
    const t = await traceById(jaeger.query, found[0].traceID);
    expect(roots(t).map((r) => [resource(t, r)['host.name'], tag(r, 'mta.queue_id')]).sort()).toEqual([['mx1', '4F00A1B2C3'], ['mx2', '8E11D2C3B4']]);
    expect((await byTag({ 'mta.queue_id': '8E11D2C3B4' }))[0].traceID).toBe(found[0].traceID);
    const handOff = t.spans.find((s) => s.operationName === 'mta.delivery' && resource(t, s)['host.name'] === 'mx1')!;
    expect(tags(handOff)).toMatchObject({ 'mta.queued_as': '8E11D2C3B4', 'server.address': 'mx2.branch.example.org' });
  });
});
