/**
 * flat-copy — copies of the strings a lifecycle keeps, so that a message waiting for days in the deferred queue holds
 * its Message-ID, sender and last reply, not the whole log lines they were cut from.
 *
 *   `cleanup[1528]: D8295ABDE1: message-id=<762e9d01-3629-7ffa-5f8d-0310e622cbce@shop.example.org>`
 *   → lc.messageId = flatCopy('762e9d01-…@shop.example.org')   (a 72-byte string, not a view into the 120-byte line)
 *
 * V8 cuts substrings of 13 or more characters as views into their parent string (shorter ones are copied), and
 * keeps a concatenation as a tree of its parts; either keeps more alive than the field. `flatCopy` returns a flat
 * string of exactly the field, decoded from its UTF-8 bytes (~0.2 µs, a few times per message).
 *
 * Limits: strings shorter than 13 characters are returned as they are (V8 copied them already); a string with a
 * lone surrogate (only from JSON input) is copied by slicing, which keeps a small view header beside the copy.
 */
const VIEW_MIN = 13;
/** Reused for the bytes of each copy (no buffer allocated per string). */
const SCRATCH = Buffer.allocUnsafe(16 * 1024);

export function flatCopy(s: string): string;
export function flatCopy(s: string | undefined): string | undefined;
export function flatCopy(s: string | undefined): string | undefined {
  if (s === undefined || s.length < VIEW_MIN) return s;
  // Decoding bytes yields a flat string of exactly the field; UTF-8 keeps every well-formed string as it is (a
  // lone surrogate, possible from JSON input, would not survive it: that rare string is copied by slicing).
  if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed()) return ` ${s}`.slice(1);
  if (s.length * 3 > SCRATCH.length) return Buffer.from(s, 'utf8').toString('utf8');
  return SCRATCH.toString('utf8', 0, SCRATCH.write(s, 0, 'utf8'));
}
