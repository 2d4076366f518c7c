/**
 * Causes said only in lines without `status=` (issue 15 item 7): the remark gets its own cause, and the
 * deferral or bounce of the same process and queue id uses it where its own text says less.
 */
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/correlate/signals.js';
import { trackLines } from '../support/tracker-run.js';

const run = (lines: string): Signal[] => trackLines(lines, Number.MAX_SAFE_INTEGER).signals;

const head = `
  Nov 27 10:00:00 mx1 postfix/smtpd[100]: 6C1D2E3F4A: client=mail.example.org[192.0.2.10]
  Nov 27 10:00:00 mx1 postfix/cleanup[101]: 6C1D2E3F4A: message-id=<r1@example.org>
  Nov 27 10:00:01 mx1 postfix/qmgr[102]: 6C1D2E3F4A: from=<ann@example.org>, size=900, nrcpt=1 (queue active)`;

const attempts = (s: Signal[]) => s.flatMap((x) => (x.type === 'attempt' ? [{ status: x.ev.status, cause: x.verdict?.cause, rule: x.verdict?.rule }] : []));
const remarks = (s: Signal[]) => s.flatMap((x) => (x.type === 'remark' ? [{ cause: x.verdict?.cause, rule: x.verdict?.rule, qid: x.of?.queueId }] : []));

describe('remarks without status=', () => {
  it('a TLS certificate failure (no queue id) gives its cause to the deferral that only has a bare dsn', () => {
    const s = run(`${head}
      Nov 27 10:00:02 mx1 postfix/smtp[200]: certificate verification failed for mx.secure.example[203.0.113.21]:25: self-signed certificate
      Nov 27 10:00:03 mx1 postfix/smtp[200]: 6C1D2E3F4A: to=<bob@secure.example>, relay=mx.secure.example[203.0.113.21]:25, delay=2, delays=1/0/1/0, dsn=4.7.5, status=deferred (unexpected reply)`);
    expect(remarks(s)).toEqual([{ cause: 'tls_failure', rule: 'tls-client', qid: undefined }]);
    expect(attempts(s)).toEqual([{ status: 'deferred', cause: 'tls_failure', rule: 'tls-client' }]);
  });

  it('a non-final MX refusing gives its cause; the deferral naming its own reason keeps it', () => {
    const s = run(`${head}
      Nov 27 10:00:02 mx1 postfix/smtp[200]: 6C1D2E3F4A: host mx1.example.net[203.0.113.5] refused to talk to me: 421 4.3.2 Server closing connection
      Nov 27 10:00:05 mx1 postfix/smtp[200]: 6C1D2E3F4A: to=<bob@example.net>, relay=mx2.example.net[203.0.113.6]:25, delay=4, delays=1/0/3/0, dsn=4.4.2, status=deferred (lost connection with mx2.example.net[203.0.113.6] while sending RCPT TO)`);
    expect(remarks(s)).toEqual([{ cause: 'remote_unavailable', rule: 'remote-outage', qid: '6C1D2E3F4A' }]);
    expect(attempts(s)).toEqual([{ status: 'deferred', cause: 'connection_lost', rule: 'session-lost' }]);
  });

  it('SASL failure at the relayhost carries onto a deferral whose text says nothing', () => {
    const s = run(`${head}
      Nov 27 10:00:02 mx1 postfix/smtp[200]: 6C1D2E3F4A: SASL authentication failed; server smtp.relay.example[203.0.113.30] said: 535 5.7.8 Error: authentication failed
      Nov 27 10:00:02 mx1 postfix/smtp[200]: 6C1D2E3F4A: to=<bob@example.net>, relay=smtp.relay.example[203.0.113.30]:587, delay=1, delays=0.5/0/0.5/0, dsn=4.7.0, status=deferred (something went wrong)`);
    expect(attempts(s)).toEqual([{ status: 'deferred', cause: 'local_config_error', rule: 'sasl-auth-failed' }]);
  });

  it('another process, another queue id or ten minutes later: the remark is not used', () => {
    const s = run(`${head}
      Nov 27 10:00:02 mx1 postfix/smtp[300]: certificate verification failed for mx.secure.example[203.0.113.21]:25: self-signed certificate
      Nov 27 10:00:02 mx1 postfix/smtp[201]: 9A8B7C6D5E: host mx.other.example[203.0.113.9] refused to talk to me: 421 4.3.2 Server closing connection
      Nov 27 10:00:03 mx1 postfix/smtp[200]: 6C1D2E3F4A: to=<bob@secure.example>, relay=mx.secure.example[203.0.113.21]:25, delay=2, delays=1/0/1/0, dsn=4.0.0, status=deferred (unexpected reply)
      Nov 27 10:20:00 mx1 postfix/smtp[300]: 6C1D2E3F4A: to=<bob@secure.example>, relay=mx.secure.example[203.0.113.21]:25, delay=2, delays=1/0/1/0, dsn=4.0.0, status=deferred (unexpected reply)`);
    expect(attempts(s).map((a) => a.cause)).toEqual(['unknown', 'unknown']);
  });
});
