/**
 * container — what container runtimes put before a syslog line, taken off so the line itself can be read.
 *
 *   docker compose v1:   `postfix-mailcow_1    | Feb  7 11:18:26 mail postfix/smtp[396]: 4B7C21A0F3: to=<…>, …`
 *   docker compose v2:   `postfix-mailcow-1  | Feb  7 11:18:26 mail postfix/smtp[396]: …`
 *   runtime stamp:       `2021-03-06T06:09:00.000Z Mar  6 07:08:59 host postfix/qmgr[28829]: A1E1E1880093: removed`
 *                        (`docker logs -t`, `kubectl logs --timestamps`; the stamp may carry nanoseconds)
 * Both may come together (`docker compose logs -t`: name, then stamp). The container name is kept on the record
 * (`SyslogRecord.container`); the runtime's stamp is the line's time (it has a year and a zone, the syslog
 * stamp behind it often has neither).
 *
 * Limits: a compose name is one word of letters, digits, `_`, `.`, `-` followed by spaces and `| ` within the
 * first 100 characters; the prefix is only looked for when the line does not read as a plain syslog line, so
 * ordinary lines pay nothing for it. The container name stays on the record: no event or span carries it yet
 * (the syslog HOSTNAME behind the prefix names the MTA host).
 */

/** `name  | rest`: the index where `rest` starts, or -1. `name` is `s.slice(0, containerNameEnd.end)`. */
export const containerNameEnd = { end: 0 };
export function composePrefix(s: string, from: number): number {
  const limit = Math.min(s.length, from + 100);
  let i = from;
  for (; i < limit; i++) {
    const c = s.charCodeAt(i);
    const word = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x2d;
    if (!word) break;
  }
  if (i === from || s.charCodeAt(i) !== 0x20) return -1;
  containerNameEnd.end = i;
  while (i < limit && s.charCodeAt(i) === 0x20) i++;
  if (s.charCodeAt(i) !== 0x7c /* | */) return -1;
  i++;
  if (s.charCodeAt(i) === 0x20) i++;
  return i;
}
