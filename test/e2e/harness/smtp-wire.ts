/**
 * smtp-wire — line-at-a-time SMTP plumbing shared by the test SMTP servers and the client.
 *
 * `LineReader` turns a socket into awaited CRLF lines (`await r.line()` → `'EHLO mx.e2e.test'`, or `null` at EOF);
 * `readReply` collects a multi-line reply (`250-SIZE …` … `250 OK`); `readData` collects a message body up to the
 * lone `.` and undoes dot-stuffing; `reply` writes a reply given as lines (`['550-5.7.1 a', '550 5.7.1 b']`).
 *
 * Limits: test-only; no BDAT/CHUNKING, no TLS, no line-length enforcement.
 */
import type { Socket } from 'node:net';

export class LineReader {
  private buf = '';
  private lines: string[] = [];
  private waiters: ((l: string | null) => void)[] = [];
  private ended = false;

  constructor(socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buf += chunk;
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, i).replace(/\r$/, '');
        this.buf = this.buf.slice(i + 1);
        this.push(line);
      }
    });
    const end = (): void => {
      this.ended = true;
      for (const w of this.waiters.splice(0)) w(null);
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  private push(line: string): void {
    const w = this.waiters.shift();
    if (w) w(line);
    else this.lines.push(line);
  }

  line(): Promise<string | null> {
    const l = this.lines.shift();
    if (l !== undefined) return Promise.resolve(l);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

export interface Reply {
  code: number;
  lines: string[];
}

/** Reads one (possibly multi-line) reply; `null` if the connection closed first. */
export async function readReply(r: LineReader): Promise<Reply | null> {
  const lines: string[] = [];
  for (;;) {
    const l = await r.line();
    if (l === null) return null;
    lines.push(l);
    if (!/^\d{3}-/.test(l)) return { code: Number(l.slice(0, 3)), lines };
  }
}

/** Reads message content after a 354 up to the terminating `.`; returns it with dot-stuffing removed. */
export async function readData(r: LineReader): Promise<string[] | null> {
  const out: string[] = [];
  for (;;) {
    const l = await r.line();
    if (l === null) return null;
    if (l === '.') return out;
    out.push(l.startsWith('.') ? l.slice(1) : l);
  }
}

export function reply(socket: Socket, lines: string | string[]): void {
  const arr = Array.isArray(lines) ? lines : [lines];
  if (!socket.destroyed) socket.write(arr.map((l) => `${l}\r\n`).join(''));
}

/** `MAIL FROM:<a@b> SIZE=12` → `a@b`. */
export function pathOf(arg: string): string {
  const m = /<([^>]*)>/.exec(arg);
  return m ? m[1] : arg.replace(/^[^:]*:/, '').trim().split(/\s/)[0];
}

/** The Message-ID header of a message given as lines, if any. */
export function messageIdOf(lines: string[]): string | undefined {
  for (const l of lines) {
    if (l === '') break;
    const m = /^message-id:\s*(<[^>]+>)/i.exec(l);
    if (m) return m[1];
  }
  return undefined;
}
