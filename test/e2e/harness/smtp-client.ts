/**
 * smtp-client — submits one message over SMTP, one command at a time, and reports every reply.
 *
 * Used to submit test mail to the private Postfix's smtpd (optionally from another loopback address such as
 * 127.0.0.2, which is outside `mynetworks`, to provoke `Relay access denied`) and by the content filter to
 * re-inject. A rejected RCPT is recorded, not thrown; the transaction goes on if any recipient was accepted.
 *
 * Limits: no PIPELINING, no TLS, no AUTH; loopback only (refuses any host outside 127.0.0.0/8).
 */
import { connect } from 'node:net';
import { LineReader, readReply } from './smtp-wire.js';
import type { Reply } from './smtp-wire.js';

export interface Submission {
  host?: string;
  port: number;
  localAddress?: string;
  helo?: string;
  from: string;
  to: string[];
  /** Message lines (headers, blank line, body), without the terminating dot. */
  data: string[];
  /** XFORWARD attribute lines to send after EHLO when the server offers XFORWARD (`NAME=… ADDR=…`). */
  xforward?: string[];
}

export interface SubmitResult {
  /** Replies in order, each joined with `\n`, prefixed by the command that provoked them. */
  transcript: string[];
  accepted: string[];
  rejected: string[];
  /** The reply to end-of-data (or to the command that ended the session early). */
  final: Reply | null;
}

export async function submit(s: Submission): Promise<SubmitResult> {
  const host = s.host ?? '127.0.0.1';
  if (!host.startsWith('127.')) throw new Error(`refusing to connect outside loopback: ${host}`);
  const socket = connect({ host, port: s.port, localAddress: s.localAddress });
  socket.on('error', () => undefined);
  const r = new LineReader(socket);
  const res: SubmitResult = { transcript: [], accepted: [], rejected: [], final: null };
  const cmd = async (line: string): Promise<Reply | null> => {
    if (line) socket.write(`${line}\r\n`);
    const rep = await readReply(r);
    res.transcript.push(`${line || '(greeting)'} → ${rep ? rep.lines.join('\n') : '(closed)'}`);
    return rep;
  };
  try {
    const greet = await cmd('');
    if (!greet || greet.code !== 220) { res.final = greet; return res; }
    const ehlo = await cmd(`EHLO ${s.helo ?? 'client.e2e.test'}`);
    if (!ehlo || ehlo.code !== 250) { res.final = ehlo; return res; }
    if (s.xforward && ehlo.lines.some((l) => /^250[- ]XFORWARD/i.test(l))) {
      for (const x of s.xforward) await cmd(`XFORWARD ${x}`);
    }
    const mail = await cmd(`MAIL FROM:<${s.from}>`);
    if (!mail || mail.code !== 250) { res.final = mail; return res; }
    for (const to of s.to) {
      const rc = await cmd(`RCPT TO:<${to}>`);
      (rc && rc.code < 300 ? res.accepted : res.rejected).push(to);
    }
    if (res.accepted.length === 0) { res.final = null; return res; }
    const data = await cmd('DATA');
    if (!data || data.code !== 354) { res.final = data; return res; }
    const body = s.data.map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n');
    res.final = await cmd(`${body}\r\n.`);
    await cmd('QUIT');
    return res;
  } finally {
    socket.destroy();
  }
}

/** The message lines for a tagged test message. */
export function message(tag: string, from: string, to: string[], extraHeaders: string[] = []): string[] {
  return [
    `From: <${from}>`,
    `To: ${to.map((t) => `<${t}>`).join(', ')}`,
    `Subject: [e2e:${tag}] mtatrace end-to-end test`,
    `Message-ID: <${tag}@e2e.mtatrace.test>`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    ...extraHeaders,
    '',
    `Test message ${tag}.`,
    'The tag in the Message-ID names the fate the harness expects.',
  ];
}
