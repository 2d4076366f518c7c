/**
 * text — the default output for people without a collector: a timeline per finished message, then a summary.
 *
 *   4B7C21A0F3 @ mx1  <x@example.org>  from alice@example.org → bob@example.net delivered  [trace 3f2a…]
 *     10:00:00.000  received from mail.example.org[192.0.2.1], 1834 bytes, 1 recipient
 *     10:05:00.120  bob@example.net deferred (dns_failure): Host or domain name not found …
 *     10:35:00.410  bob@example.net sent via mx.example.net[192.0.2.7]:25: 250 2.0.0 Ok
 * The summary groups failures by cause and prints each cause's operator hint once. Verdicts of milters and
 * filters and mailbox stores are timeline lines too, with pass rates in the summary (text-checks.ts).
 *
 * Limits: timelines are buffered per message until it finishes (bounded by the tracker's in-flight limit).
 * A message restored from `--state-file` shows only the lines read since the restart. `--redact` applies to
 * every line written.
 */
import type { Writable } from 'node:stream';
import { CAUSES } from '../classify/causes.js';
import type { Lifecycle } from '../correlate/lifecycle.js';
import type { Output, RunStats } from '../engine.js';
import type { EventOut, SpanOut } from '../otel/model.js';
import { isoMicros } from './ndjson.js';
import { watchSection } from './text-watch.js';
import type { Sink } from './sink.js';
import { flatCopy } from '../memory/flat-copy.js';
import { CheckSummary, checkLine, storeLine } from './text-checks.js';

const clock = (us: number): string => isoMicros(us).slice(11, 23);
const short = (s: string | undefined, n = 110): string => (!s ? '' : s.length > n ? `${s.slice(0, n - 1)}…` : s);
const bump = (m: Map<string, number>, k: string, by = 1): void => { m.set(k, (m.get(k) ?? 0) + by); };
const top = (m: Map<string, number>, n: number): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);

export class TextSink implements Sink {
  readonly #out: Writable;
  readonly #lines = new Map<Lifecycle, string[]>();
  readonly #finals = new Map<string, number>();
  readonly #causes = new Map<string, Map<string, number>>();
  readonly #deferringRelays = new Map<string, number>();
  readonly #rejects = new Map<string, number>();
  readonly #troubles = new Map<string, number>();
  readonly #life: string[] = [];
  readonly #stillQueued: string[] = [];
  #messages = 0;
  readonly #checks = new CheckSummary();
  /** `--redact` applied to every line written (src/otel/redact.ts). */
  readonly #redact: (text: string) => string;

  constructor(out: Writable, redact: (text: string) => string = (t) => t) {
    this.#out = out;
    this.#redact = redact;
  }

  write(s: Output, _spans: readonly SpanOut[], _events: readonly EventOut[]): void {
    this.#checks.write(s);
    switch (s.type) {
      case 'received': {
        const lc = s.lc;
        const from = lc.client ? `from ${lc.client.name}[${lc.client.address ?? ''}]`
          : lc.origin === 'pickup' ? 'by local submission'
            : lc.notice ? `as ${lc.notice.type} notification for ${lc.notice.origQueueId}` : 'first seen (queued before the log began)';
        const size = lc.size !== undefined ? `, ${lc.size} bytes, ${lc.nrcpt} recipient${lc.nrcpt === 1 ? '' : 's'}` : '';
        this.#note(lc, s.timeUs, `received ${from}${size}${lc.hop ? ` (${lc.hop.kind} hop from ${lc.hop.prevQueueId})` : ''}`);
        return;
      }
      case 'attempt': {
        const { ev, verdict } = s;
        const relay = ev.relay.address ? `${ev.relay.name}[${ev.relay.address}]${ev.relay.port ? `:${ev.relay.port}` : ''}` : ev.relay.name;
        // relay=none (DNS or connect failure): the recipient's domain says where the mail was going.
        if (ev.status === 'deferred') bump(this.#deferringRelays, ev.relay.name === 'none' ? `${ev.to.slice(ev.to.lastIndexOf('@') + 1)} (no relay reached)` : relay);
        if (verdict) this.#cause(verdict.cause, ev.status);
        this.#note(s.lc, ev.timeUs, `${ev.to} ${ev.status}${verdict ? ` (${verdict.cause})` : ''} via ${relay}: ${short(ev.reply)}`);
        return;
      }
      case 'state':
        if (s.verdict) this.#cause(s.verdict.cause, s.change);
        this.#note(s.lc, s.ev.timeUs, `${s.change}${s.verdict ? ` (${s.verdict.cause})` : ''}: ${short(s.ev.text, 90)}`);
        return;
      case 'completed':
        bump(this.#finals, s.status);
        if (s.status === 'queued' || s.status === 'held') {
          const r = s.rcpt;
          this.#stillQueued.push(`${s.lc.queueId} @ ${s.lc.host}  ${r?.to ?? '(recipients unknown)'}  ${s.status}${r?.cause ? `, last: ${r.cause}` : ''}  since ${isoMicros(s.lc.firstUs)}`);
        }
        return;
      case 'life':
        this.#life.push(`${isoMicros(s.ev.timeUs)} ${s.ev.host} ${s.ev.action}${s.ev.version ? ` (${s.ev.version})` : ''}`);
        return;
      case 'inbound':
        bump(this.#troubles, s.ev.stage && s.ev.trouble !== 'dnsbl_listed' ? `${s.ev.trouble} after ${s.ev.stage}` : s.ev.trouble);
        return;
      case 'remark':
        if (s.of) this.#note(s.of, s.ev.timeUs, `remark${s.verdict ? ` (${s.verdict.cause})` : ''}: ${short(s.ev.text.slice(s.of.queueId.length + 2), 100)}`);
        return;
      case 'smtpd-rejected':
        bump(this.#rejects, s.verdict?.cause ?? 'unknown');
        if (s.verdict) this.#cause(s.verdict.cause, 'rejected at smtpd');
        return;
      case 'finished':
        this.#flushMessage(s.lc, s.timeUs, s.incomplete);
        return;
      case 'checked': this.#note(s.lc, s.check.timeUs, checkLine(s.check)); return;
      case 'stored': this.#note(s.lc, s.store.timeUs, storeLine(s.store)); return;
      default:
    }
  }

  busy(): boolean { return false; }
  drained(): Promise<void> { return Promise.resolve(); }

  async close(stats: RunStats): Promise<void> {
    const w: string[] = ['', '== Summary =='];
    w.push(`Input: ${stats.lines} lines, ${stats.parsed} events (Postfix and the programs beside it), ${stats.ignored} ignored (other programs or unmodelled), ${stats.unparsed} unparsed, ${Object.values(stats.rejected).reduce((a, b) => a + b, 0)} rejected`);
    if (stats.firstUs !== undefined && stats.lastUs !== undefined) w.push(`Log time: ${isoMicros(stats.firstUs)} … ${isoMicros(stats.lastUs)}`);
    w.push(`Messages: ${this.#messages} timelines, ${this.#stillQueued.length} recipients still queued or held at end of input`);
    w.push(`Recipients by final status: ${[...this.#finals].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
    if (this.#rejects.size) w.push(`Rejected while receiving (NOQUEUE): ${top(this.#rejects, 10).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (this.#life.length) w.push(`Postfix itself: ${this.#life.slice(0, 10).join('; ')}${this.#life.length > 10 ? `; … ${this.#life.length - 10} more` : ''}`);
    if (this.#troubles.size) w.push(`Inbound trouble (no reject): ${top(this.#troubles, 12).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    w.push(...this.#checks.lines());
    if (this.#causes.size) {
      w.push('', 'Failures by cause:');
      const totals = [...this.#causes].map(([c, m]) => [c, [...m.values()].reduce((a, b) => a + b, 0), m] as const).sort((a, b) => b[1] - a[1]);
      for (const [cause, total, m] of totals) {
        w.push(`  ${cause.padEnd(22)} ${String(total).padStart(6)}   (${[...m].map(([k, v]) => `${k} ${v}`).join(', ')})`);
        const info = CAUSES.find((c) => c.id === cause);
        if (info) w.push(`      ${info.description}`, `      diagnose: ${info.hint.diagnosis}`, `      fix: ${info.hint.fix}`, `      why: ${info.hint.why}`);
      }
    }
    if (this.#deferringRelays.size) {
      w.push('', 'Top deferring relays (or destination domains):');
      for (const [relay, n] of top(this.#deferringRelays, 10)) w.push(`  ${String(n).padStart(6)}  ${relay}`);
    }
    if (this.#stillQueued.length) {
      w.push('', 'Still queued at end of input:');
      for (const line of this.#stillQueued.slice(0, 20)) w.push(`  ${line}`);
      if (this.#stillQueued.length > 20) w.push(`  … and ${this.#stillQueued.length - 20} more`);
    }
    w.push(...watchSection(stats.watch));
    this.#out.write(this.#redact(`${w.join('\n')}\n`));
  }

  #cause(cause: string, how: string): void {
    let m = this.#causes.get(cause);
    if (!m) { m = new Map(); this.#causes.set(cause, m); }
    bump(m, how);
  }

  #note(lc: Lifecycle, timeUs: number, text: string): void {
    let lines = this.#lines.get(lc);
    if (!lines) { lines = []; this.#lines.set(lc, lines); }
    // A copy: the note may wait days for its message to end, and must not keep the input it quotes alive.
    lines.push(flatCopy(`  ${clock(timeUs)}  ${text}`));
  }

  #flushMessage(lc: Lifecycle, timeUs: number, incomplete: boolean): void {
    const lines = this.#lines.get(lc) ?? [];
    this.#lines.delete(lc);
    this.#messages++;
    const fates = new Map<string, number>();
    for (const r of lc.recipients) bump(fates, r.final ?? 'queued');
    const n = lc.recipients.length;
    const fate = [...fates].map(([k, v]) => (n > 1 ? `${k} ${v}` : k)).join(', ') || lc.state;
    const rcpt = n === 1 ? ` → ${lc.recipients[0].to}` : n > 1 ? ` → ${n} recipients` : '';
    const head = `${lc.queueId} @ ${lc.host}  ${lc.messageId ?? ''}  from ${lc.sender || '<>'}${rcpt}: ${fate}`;
    if (incomplete) lines.push(`  ${clock(timeUs)}  end of input (still in the queue)`);
    else if (lc.state === 'removed') lines.push(`  ${clock(timeUs)}  removed from the queue`);
    this.#out.write(this.#redact(`${head}\n${lines.join('\n')}\n`));
  }
}
