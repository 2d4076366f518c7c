/**
 * text-checks — what the text report says about the programs beside Postfix: one timeline line per verdict or
 * store, and the summary section with inbound DKIM/SPF/DMARC pass rates, outbound signing and content verdicts.
 *
 *   10:00:01.200  dkim pass (opendkim, d=example.net s=k1)
 *   10:00:01.400  content clean (amavis, 96 ms)
 *   10:00:01.900  stored in INBOX for bob@example.org (dovecot lmtp)
 *   Authentication (inbound): DKIM pass 64 of 106 (60.4 %; fail 24, none 15, …), SPF pass 76 of 108 (70.4 %; …)
 *   Signing (outbound): 49 of 52 messages sent to remote hosts were DKIM-signed (94.2 %)
 *   Content filters: clean 155 (amavis 155)
 *
 * Limits: signing is reported only when the log has OpenDKIM lines; "outbound" for signing is a message (trace) with a `sent` attempt over smtp to a non-loopback relay;
 * signatures and outward deliveries are paired through a bounded table of the last 100 000 traces.
 */
import { BoundedMap } from '../memory/bounded-map.js';
import { isLoopback } from '../correlate/hops.js';
import type { Lifecycle } from '../correlate/lifecycle.js';
import type { Output } from '../engine.js';
import type { Check, Store } from '../parse/check-events.js';
import { directionOf } from '../otel/checks.js';

const AUTH = ['dkim', 'spf', 'dmarc'] as const;
const bump = (m: Map<string, number>, k: string): void => { m.set(k, (m.get(k) ?? 0) + 1); };
const pct = (a: number, b: number): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)} %`);

export function checkLine(c: Check): string {
  const details = [c.program];
  if (c.domain) details.push(`d=${c.domain}${c.selector ? ` s=${c.selector}` : ''}`);
  if (c.score !== undefined) details.push(`score ${c.score}`);
  if (c.durationMs !== undefined && c.check !== 'greylist') details.push(`${c.durationMs} ms`);
  if (c.reason && c.check === 'content') details.push(c.reason);
  return `${c.check} ${c.result} (${details.join(', ')})`;
}

export function storeLine(st: Store): string {
  const where = st.outcome === 'saved' ? `stored in ${st.folder ?? '?'}` : st.outcome === 'failed' ? `store failed${st.folder ? ` (${st.folder})` : ''}: ${st.reason ?? ''}` : st.outcome;
  return `${where} for ${st.user} (${st.program} ${st.via})`;
}

export class CheckSummary {
  readonly #inbound = new Map<string, Map<string, number>>();
  readonly #content = new Map<string, number>();
  readonly #contentBy = new Map<string, number>();
  readonly #signed = new BoundedMap<string, boolean>(100_000);
  readonly #out = new BoundedMap<string, boolean>(100_000);
  #outbound = 0;
  #outboundSigned = 0;
  #unjoined = 0;
  /** OpenDKIM verdicts seen at all: without OpenDKIM in the log, signing is not reported. */
  #dkimSeen = 0;

  write(s: Output): void {
    switch (s.type) {
      case 'checked': this.#check(s.check, s.lc); return;
      case 'unattached':
        if (s.item.kind === 'check') this.#check(s.item, undefined);
        if (!s.ended) this.#unjoined++;
        return;
      case 'attempt': {
        const { ev, lc } = s;
        if (ev.status !== 'sent' || ev.program !== 'smtp' || isLoopback(ev.relay.address) || this.#out.has(lc.traceKey)) return;
        this.#out.set(lc.traceKey, true);
        this.#outbound++;
        if (this.#signed.has(lc.traceKey)) this.#outboundSigned++;
        return;
      }
      default:
    }
  }

  #check(c: Check, lc: Lifecycle | undefined): void {
    if (c.program === 'opendkim') this.#dkimSeen++;
    if (c.result === 'signed') { if (lc) this.#signed.set(lc.traceKey, true); return; }
    if (c.check === 'content') { bump(this.#content, c.result); bump(this.#contentBy, `${c.result}\u0000${c.program}`); return; }
    if (directionOf(c, lc) !== 'inbound' || !(AUTH as readonly string[]).includes(c.check)) return;
    let m = this.#inbound.get(c.check);
    if (!m) { m = new Map(); this.#inbound.set(c.check, m); }
    bump(m, c.result);
  }

  /** The summary lines; none when the log had no verdicts. */
  lines(): string[] {
    const w: string[] = [];
    const auth = AUTH.filter((k) => this.#inbound.has(k)).map((k) => {
      const m = this.#inbound.get(k) as Map<string, number>;
      const total = [...m.values()].reduce((a, b) => a + b, 0);
      const pass = m.get('pass') ?? 0;
      const rest = [...m].filter(([r]) => r !== 'pass').sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ');
      return `${k.toUpperCase()} pass ${pass} of ${total} (${pct(pass, total)}${rest ? `; ${rest}` : ''})`;
    });
    if (auth.length) w.push(`Authentication (inbound): ${auth.join(', ')}`);
    if (this.#dkimSeen > 0) {
      w.push(`Signing (outbound): ${this.#outboundSigned} of ${this.#outbound} messages sent to remote hosts were DKIM-signed (${pct(this.#outboundSigned, this.#outbound)})`);
    }
    if (this.#content.size) {
      const by = (r: string): string => [...this.#contentBy].filter(([k]) => k.startsWith(`${r}\u0000`)).map(([k, n]) => `${k.slice(r.length + 1)} ${n}`).join(', ');
      w.push(`Content filters: ${[...this.#content].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n} (${by(r)})`).join(', ')}`);
    }
    if (this.#unjoined) w.push(`Verdicts and stores that found no message: ${this.#unjoined}`);
    return w;
  }
}
