/**
 * postfix-log — writes realistic Postfix syslog lines (RFC 3339 timestamps, host mx1) for replay scenarios.
 *
 *   2026-11-26T10:05:01.000000+00:00 mx1 postfix/smtp[3001]: 0000000005: to=<u5@dead.example>, relay=none, …, status=deferred (connect to mx.dead.example[192.0.2.7]:25: Connection refused)
 * Queue ids are ten hex digits derived from a number; times are minutes after a base time (fractions allowed).
 * Limits: only the lines the queue and alert scenarios need (receive, queue active, sent, deferred, removed).
 */
const BASE = Date.parse('2026-11-26T10:00:00Z');

export const qid = (n: number): string => n.toString(16).toUpperCase().padStart(10, '0');
/** Microseconds since the epoch at `min` minutes after 10:00:00 UTC on 2026-11-26. */
export const at = (min: number): number => Math.round((BASE + min * 60_000) * 1000);
const stamp = (min: number): string => new Date(BASE + Math.round(min * 60_000)).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');

export class PostfixLog {
  readonly lines: string[] = [];
  constructor(readonly host = 'mx1') {}

  #line(min: number, prog: string, text: string): this {
    this.lines.push(`${stamp(min)} ${this.host} postfix/${prog}: ${text}`);
    return this;
  }

  /** smtpd client=, cleanup message-id= (+0.1 s), qmgr queue active (+0.2 s). */
  receive(n: number, min: number): this {
    const id = qid(n);
    this.#line(min, 'smtpd[2001]', `${id}: client=sender.example[198.51.100.9]`);
    this.#line(min + 0.1 / 60, 'cleanup[2002]', `${id}: message-id=<m${n}@sender.example>`);
    return this.active(n, min + 0.2 / 60);
  }

  active(n: number, min: number): this {
    return this.#line(min, 'qmgr[1000]', `${qid(n)}: from=<a@sender.example>, size=1200, nrcpt=1 (queue active)`);
  }

  sent(n: number, min: number, to = `u${n}@dead.example`): this {
    return this.#line(min, 'smtp[3001]', `${qid(n)}: to=<${to}>, relay=mx.dead.example[192.0.2.7]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ABCDEF${n})`);
  }

  deferred(n: number, min: number, to = `u${n}@dead.example`): this {
    return this.#line(min, 'smtp[3001]', `${qid(n)}: to=<${to}>, relay=none, delay=30, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to mx.dead.example[192.0.2.7]:25: Connection refused)`);
  }

  removed(n: number, min: number): this {
    return this.#line(min, 'qmgr[1000]', `${qid(n)}: removed`);
  }

  /** master stopping Postfix (`postfix stop`). */
  stopped(min: number): this {
    return this.#line(min, 'master[1]', 'terminating on signal 15');
  }

  /** A line from smtpd without a queue id (keeps the log alive). */
  chatter(min: number): this {
    return this.#line(min, 'smtpd[2001]', 'connect from unknown[203.0.113.5]');
  }

  /** The lines in time order (a stable sort, so lines written for the same instant keep their order). */
  sorted(): string[] { return [...this.lines].sort((a, b) => (a.slice(0, 32) < b.slice(0, 32) ? -1 : a.slice(0, 32) > b.slice(0, 32) ? 1 : 0)); }

  text(): string { return `${this.sorted().join('\n')}\n`; }
}
