/**
 * otlp-protobuf — decodes the protobuf bodies of OTLP/HTTP trace and log export requests into the same shape the
 * JSON encoding has (`{"resourceSpans":[{"resource":{"attributes":[…]},"scopeSpans":[{"spans":[…]}]}]}`, hex ids,
 * nanosecond times as decimal strings), so the test receiver can treat both encodings alike.
 *
 * The wire format is read by the OpenTelemetry transformer's own `ProtobufReader`; only the field numbers below
 * (opentelemetry-proto trace/v1, logs/v1, common/v1) are ours. Limits: traces and logs only (the metric exporter
 * sends JSON); span events are skipped (mtatrace sends none); negative int64 attribute values lose precision.
 */
import { createRequire } from 'node:module';

interface Reader {
  pos: number;
  isAtEnd(): boolean;
  readTag(): { fieldNumber: number; wireType: number };
  readVarint(): number;
  readBytes(): Uint8Array;
  readString(): string;
  skip(wireType: number): void;
}
const require = createRequire(import.meta.url);
const { ProtobufReader } = require('@opentelemetry/otlp-transformer/build/src/common/protobuf/protobuf-reader') as {
  ProtobufReader: new (buf: Uint8Array) => Reader;
};

type Obj = Record<string, any>;
/** One handler per field number: it reads the field's value from the reader and stores it in `o`. */
type Fields = Record<number, (r: Reader, o: Obj, view: DataView) => void>;

function message(buf: Uint8Array, fields: Fields, o: Obj = {}): Obj {
  const r = new ProtobufReader(buf);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  while (!r.isAtEnd()) {
    const { fieldNumber, wireType } = r.readTag();
    const f = fields[fieldNumber];
    if (f) f(r, o, view);
    else r.skip(wireType);
  }
  return o;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fixed64 = (r: Reader, v: DataView): string => { const n = v.getBigUint64(r.pos, true); r.pos += 8; return String(n); };
const fixed32 = (r: Reader, v: DataView): number => { const n = v.getUint32(r.pos, true); r.pos += 4; return n; };
const push = (o: Obj, key: string, value: unknown): void => { (o[key] ??= []).push(value); };
const sub = (fields: Fields) => (r: Reader): Obj => message(r.readBytes(), fields);

const ANY: Fields = {
  1: (r, o) => { o.stringValue = r.readString(); },
  2: (r, o) => { o.boolValue = r.readVarint() !== 0; },
  3: (r, o) => { o.intValue = String(r.readVarint()); },
  4: (r, o, v) => { o.doubleValue = v.getFloat64(r.pos, true); r.pos += 8; },
  5: (r, o) => { o.arrayValue = message(r.readBytes(), { 1: (q, a) => push(a, 'values', anyValue(q)) }, { values: [] }); },
  6: (r, o) => { o.kvlistValue = message(r.readBytes(), { 1: (q, a) => push(a, 'values', keyValue(q)) }, { values: [] }); },
  7: (r, o) => { o.bytesValue = Buffer.from(r.readBytes()).toString('base64'); },
};
const anyValue = sub(ANY);
const KV: Fields = { 1: (r, o) => { o.key = r.readString(); }, 2: (r, o) => { o.value = anyValue(r); } };
const keyValue = sub(KV);
const attributes = (key = 'attributes') => (r: Reader, o: Obj): void => push(o, key, keyValue(r));
const count = (key: string) => (r: Reader, o: Obj): void => { o[key] = r.readVarint(); };

const RESOURCE: Fields = { 1: attributes(), 2: count('droppedAttributesCount') };
const SCOPE: Fields = { 1: (r, o) => { o.name = r.readString(); }, 2: (r, o) => { o.version = r.readString(); }, 3: attributes() };

const LINK: Fields = {
  1: (r, o) => { o.traceId = hex(r.readBytes()); }, 2: (r, o) => { o.spanId = hex(r.readBytes()); },
  3: (r, o) => { o.traceState = r.readString(); }, 4: attributes(), 5: count('droppedAttributesCount'),
  6: (r, o, v) => { o.flags = fixed32(r, v); },
};
const STATUS: Fields = { 2: (r, o) => { o.message = r.readString(); }, 3: count('code') };
const SPAN: Fields = {
  1: (r, o) => { o.traceId = hex(r.readBytes()); }, 2: (r, o) => { o.spanId = hex(r.readBytes()); },
  3: (r, o) => { o.traceState = r.readString(); }, 4: (r, o) => { o.parentSpanId = hex(r.readBytes()); },
  5: (r, o) => { o.name = r.readString(); }, 6: count('kind'),
  7: (r, o, v) => { o.startTimeUnixNano = fixed64(r, v); }, 8: (r, o, v) => { o.endTimeUnixNano = fixed64(r, v); },
  9: attributes(), 10: count('droppedAttributesCount'), 12: count('droppedEventsCount'),
  13: (r, o) => push(o, 'links', message(r.readBytes(), LINK, { attributes: [] })), 14: count('droppedLinksCount'),
  15: (r, o) => { o.status = message(r.readBytes(), STATUS); }, 16: (r, o, v) => { o.flags = fixed32(r, v); },
};
const LOG: Fields = {
  1: (r, o, v) => { o.timeUnixNano = fixed64(r, v); }, 11: (r, o, v) => { o.observedTimeUnixNano = fixed64(r, v); },
  2: count('severityNumber'), 3: (r, o) => { o.severityText = r.readString(); }, 5: (r, o) => { o.body = anyValue(r); },
  6: attributes(), 7: count('droppedAttributesCount'), 8: (r, o, v) => { o.flags = fixed32(r, v); },
  9: (r, o) => { o.traceId = hex(r.readBytes()); }, 10: (r, o) => { o.spanId = hex(r.readBytes()); },
  12: (r, o) => { o.eventName = r.readString(); },
};

/** `resource_x` → `scope_x` → `items` of an export request, named as in the JSON encoding. */
function request(buf: Uint8Array, top: string, scoped: string, items: string, item: Fields): Obj {
  const scope: Fields = { 1: (r, o) => { o.scope = message(r.readBytes(), SCOPE); }, 2: (r, o) => push(o, items, message(r.readBytes(), item, { attributes: [] })) };
  const resource: Fields = { 1: (r, o) => { o.resource = message(r.readBytes(), RESOURCE, { attributes: [] }); }, 2: (r, o) => push(o, scoped, message(r.readBytes(), scope, { [items]: [] })) };
  return message(buf, { 1: (r, o) => push(o, top, message(r.readBytes(), resource, { [scoped]: [] })) }, { [top]: [] });
}

/** The JSON-shaped body of a protobuf OTLP request to `path` (`/v1/traces` or `/v1/logs`). */
export function decodeOtlpProtobuf(path: string, buf: Uint8Array): Obj {
  if (path.endsWith('/v1/traces')) return request(buf, 'resourceSpans', 'scopeSpans', 'spans', SPAN);
  if (path.endsWith('/v1/logs')) return request(buf, 'resourceLogs', 'scopeLogs', 'logRecords', LOG);
  throw new Error(`no protobuf decoding for ${path}`);
}
