/**
 * model — the neutral shape of what leaves mtatrace: spans and events with flat, already-named attributes.
 *
 * otel/spans.ts and otel/message-events.ts build these from correlator signals; the sinks (src/sinks/) write them as
 * OTLP, NDJSON or text. Times are microseconds since the epoch, as everywhere in mtatrace.
 */
export type AttrValue = string | number | boolean;
export type Attrs = Record<string, AttrValue | undefined>;

/** An event inside a span (OTLP span event): a verdict given during the span's phase. */
export interface SpanEventOut { name: string; timeUs: number; attrs: Attrs }

export interface SpanOut {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 'internal' | 'server' | 'client';
  startUs: number;
  endUs: number;
  error?: string;
  host: string;
  attrs: Attrs;
  links: { traceId: string; spanId: string; attrs: Attrs }[];
  events?: SpanEventOut[];
}

export type Severity = 'INFO' | 'WARN' | 'ERROR';

export interface EventOut {
  name: string;
  timeUs: number;
  host: string;
  traceId?: string;
  spanId?: string;
  severity: Severity;
  /** The Postfix text the event came from. */
  body: string;
  attrs: Attrs;
}
