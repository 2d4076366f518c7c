/**
 * redact — `--redact none|domain|hash|full` for mail addresses, applied to every span, event and text line
 * before it leaves the process.
 *
 *   `to=<bob@example.net>` and `550 5.1.1 <bob@example.net>: Recipient address rejected` become
 *   domain: `*@example.net`   hash: `h:5d41402abc4b2a76b9719d91@example.net`   full: `[redacted]`
 * `hash` is HMAC-SHA-256 over the lower-cased local part with a secret key, so one address always maps to one
 * token (searchable: compute the token for the address you look for, see README) but cannot be read back, and
 * the domain stays for per-provider questions. Every string value is scanned, so addresses inside reply texts,
 * log bodies and Message-IDs are caught too.
 *
 * Limits: an address is any `local@domain.tld`-looking token (RFC 5321 quoted local parts with spaces are
 * not recognised); trace ids are derived before redaction (from the Message-ID) and are not reversible.
 * The state file (mode 0600, local disk) keeps addresses in clear.
 */
import { createHmac } from 'node:crypto';
import type { Attrs, EventOut, SpanOut } from './model.js';

export type RedactMode = 'none' | 'domain' | 'hash' | 'full';

const LOCAL_STOP = new Set([...' \t\r\n<>()[]{},;:"\'@\\'].map((c) => c.charCodeAt(0)));
const isLocal = (c: number): boolean => c > 0x20 && !LOCAL_STOP.has(c);
const isDomain = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2e;

/**
 * Replaces every `local@domain` in `s`. Scans outwards from each `@` (a local part stops at spaces, brackets,
 * quotes and separators; a domain is letters, digits, `-`, `.`), so the cost is linear in the length of `s`
 * even for a 1 MiB line full of `@` (a regex would backtrack).
 */
export function replaceAddresses(s: string, f: (local: string, domain: string) => string): string {
  let at = s.indexOf('@');
  if (at === -1) return s;
  let out = '';
  let last = 0;
  while (at !== -1) {
    let a = at;
    while (a > last && at - a < 256 && isLocal(s.charCodeAt(a - 1))) a--;
    let b = at + 1;
    while (b < s.length && b - at < 254 && isDomain(s.charCodeAt(b))) b++;
    while (b > at + 1 && (s.charCodeAt(b - 1) === 0x2e || s.charCodeAt(b - 1) === 0x2d)) b--;
    if (a < at && b > at + 1) {
      out += s.slice(last, a) + f(s.slice(a, at), s.slice(at + 1, b));
      last = b;
      at = s.indexOf('@', b);
    } else {
      at = s.indexOf('@', at + 1);
    }
  }
  return out + s.slice(last);
}

export interface Redactor {
  mode: RedactMode;
  text(s: string): string;
  span(s: SpanOut): SpanOut;
  event(e: EventOut): EventOut;
}

export function createRedactor(mode: RedactMode, key?: Buffer | string): Redactor {
  if (mode === 'hash' && (key === undefined || key.length === 0)) throw new Error('--redact hash needs a key (--redact-key-file or MTATRACE_REDACT_KEY)');
  const one = (local: string, domain: string): string => {
    switch (mode) {
      case 'domain': return `*@${domain}`;
      case 'hash': return `h:${createHmac('sha256', key as Buffer | string).update(local.toLowerCase()).digest('hex').slice(0, 24)}@${domain}`;
      default: return '[redacted]';
    }
  };
  const text = mode === 'none'
    ? (s: string): string => s
    : (s: string): string => replaceAddresses(s, (local, domain) => one(local, domain.toLowerCase()));
  const attrs = (a: Attrs): Attrs => {
    const out: Attrs = {};
    for (const k in a) {
      const v = a[k];
      out[k] = typeof v === 'string' ? text(v) : v;
    }
    return out;
  };
  if (mode === 'none') return { mode, text, span: (s) => s, event: (e) => e };
  return {
    mode,
    text,
    span: (s) => ({
      ...s, attrs: attrs(s.attrs), error: s.error === undefined ? undefined : text(s.error),
      links: s.links.map((l) => ({ ...l, attrs: attrs(l.attrs) })),
      ...(s.events ? { events: s.events.map((e) => ({ ...e, attrs: attrs(e.attrs) })) } : {}),
    }),
    event: (e) => ({ ...e, body: text(e.body), attrs: attrs(e.attrs) }),
  };
}
