/**
 * dns-responder — a loopback DNS server that only fails: NXDOMAIN for names under `nxdomain.test`, SERVFAIL
 * for names under `servfail.test`, REFUSED for anything else. Postfix reaches it through a resolv.conf
 * bind-mounted in its mount namespace (postfix-instance.ts), so its MX lookups never leave 127.0.0.0/8:
 *   `smtp[7]: 4B…: to=<x@nxdomain.test>, relay=none, …, dsn=5.4.4, status=bounced (Host or domain name not found.
 *    Name service error for name=nxdomain.test type=MX: Host not found)`
 *
 * Limits: answers one question per query, never any records; UDP only (no TCP fallback needed for empty answers).
 */
import { createSocket } from 'node:dgram';

const RCODE = { NXDOMAIN: 3, SERVFAIL: 2, REFUSED: 5 } as const;

/** The query name (`nxdomain.test`) and where the question section ends, or undefined for a malformed query. */
function question(msg: Buffer): { name: string; end: number } | undefined {
  const labels: string[] = [];
  let i = 12;
  while (i < msg.length) {
    const len = msg[i];
    if (len === 0) return { name: labels.join('.').toLowerCase(), end: i + 5 };
    if (len > 63) return undefined;
    labels.push(msg.toString('latin1', i + 1, i + 1 + len));
    i += 1 + len;
  }
  return undefined;
}

export function rcodeFor(name: string): number {
  if (name === 'nxdomain.test' || name.endsWith('.nxdomain.test')) return RCODE.NXDOMAIN;
  if (name === 'servfail.test' || name.endsWith('.servfail.test')) return RCODE.SERVFAIL;
  return RCODE.REFUSED;
}

/** The answer to one query: same id and question, QR + AA + RA set, no records, the chosen rcode. */
export function answer(query: Buffer): Buffer | undefined {
  if (query.length < 12) return undefined;
  const q = question(query);
  if (!q || q.end > query.length) return undefined;
  const out = Buffer.alloc(q.end);
  query.copy(out, 0, 0, q.end);
  const rd = query[2] & 0x01;
  out[2] = 0x80 | (query[2] & 0x78) | 0x04 | rd; // QR, opcode, AA, RD
  out[3] = 0x80 | rcodeFor(q.name); // RA, rcode
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(0, 6);
  out.writeUInt16BE(0, 8);
  out.writeUInt16BE(0, 10);
  return out;
}

export interface DnsResponder {
  address: string;
  /** Names asked, in order (for failure messages). */
  asked: string[];
  close(): Promise<void>;
}

export function startDnsResponder(address: string): Promise<DnsResponder> {
  const socket = createSocket('udp4');
  const asked: string[] = [];
  socket.on('message', (msg, rinfo) => {
    const q = question(msg);
    if (q) asked.push(q.name);
    const reply = answer(msg);
    if (reply) socket.send(reply, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(53, address, () => resolve({
      address, asked, close: () => new Promise<void>((done) => socket.close(() => done())),
    }));
  });
}
