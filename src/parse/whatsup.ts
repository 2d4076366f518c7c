/**
 * whatsup — the context trailer Postfix appends to reject/hold/discard lines (smtpd_check.c `log_whatsup`,
 * cleanup_message.c `cleanup_act_log`, cleanup_milter.c, postscreen_smtpd.c):
 *   smtpd, cleanup   `…: 554 5.7.1 Relay access denied; from=<a@b> to=<x@y> proto=ESMTP helo=<h>`
 *   cleanup          `…from local; from=<a@b> to=<x@y>: 5.7.1 No spam`  (an optional `: text` after the fields)
 *   postscreen       `…; client [192.0.2.9] blocked using zen.spamhaus.org; from=<a@b>, to=<x@y>, proto=ESMTP, helo=<h>`
 * Every field is optional but they always come in this order. The reply before the trailer may itself contain
 * `;`, so each `;` is tried from the left and the first one after which the rest parses as a trailer wins.
 *
 * Limits: a reply that contains a complete fake trailer (`; from=<x>` followed by only trailer fields) is cut there.
 */

export interface Whatsup {
  /** Index of the `;` that starts the trailer. */
  semi: number;
  from?: string;
  to?: string;
  proto?: string;
  helo?: string;
  /** Index of the text after a trailing `: ` (cleanup), or -1. */
  textStart: number;
}

const NAMES = ['from', 'to', 'proto', 'helo'] as const;
const FIRST = [' from=<', ' to=<', ' proto=', ' helo=<'];
const NEXT_SPACE = FIRST;
const NEXT_COMMA = [', from=<', ', to=<', ', proto=', ', helo=<'];

/** Find and parse the trailer of `s` after `from`; `sep` is `' '` (smtpd, cleanup) or `', '` (postscreen). */
export function findWhatsup(s: string, from: number, sep: ' ' | ', ', allowText: boolean): Whatsup | undefined {
  let semi = s.indexOf(';', from);
  while (semi >= 0) {
    const w = parseTrailer(s, semi, sep, allowText);
    if (w !== undefined) return w;
    semi = s.indexOf(';', semi + 1);
  }
  return undefined;
}

function valueEnd(s: string, q: number, angle: boolean, sep: string, allowText: boolean): number {
  if (!angle) {
    let e = s.indexOf(sep, q);
    if (allowText) {
      const t = s.indexOf(': ', q);
      if (t >= 0 && (e < 0 || t < e)) e = t;
    }
    return e < 0 ? s.length : e;
  }
  let j = s.indexOf('>', q);
  while (j >= 0) {
    const k = j + 1;
    if (k === s.length || s.startsWith(sep, k) || (allowText && s.startsWith(': ', k))) return j;
    j = s.indexOf('>', k);
  }
  return -1;
}

function parseTrailer(s: string, semi: number, sep: ' ' | ', ', allowText: boolean): Whatsup | undefined {
  const w: Whatsup = { semi, from: undefined, to: undefined, proto: undefined, helo: undefined, textStart: -1 };
  const next = sep === ' ' ? NEXT_SPACE : NEXT_COMMA;
  let q = semi + 1;
  let first = true;
  for (let f = 0; f < 4; f++) {
    const key = first ? FIRST[f] : next[f];
    if (!s.startsWith(key, q)) continue;
    const angle = f !== 2;
    const v = q + key.length;
    const e = valueEnd(s, v, angle, sep, allowText);
    if (e < 0) return undefined;
    w[NAMES[f]] = s.slice(v, e);
    q = angle ? e + 1 : e;
    first = false;
  }
  if (q === s.length) return w;
  if (allowText && s.startsWith(': ', q)) {
    w.textStart = q + 2;
    return w;
  }
  return undefined;
}
