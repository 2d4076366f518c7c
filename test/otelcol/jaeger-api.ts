/**
 * jaeger-api — reads traces back from Jaeger's HTTP query API (`/api/traces/{id}`, `/api/traces?service=…&tags=…`,
 * the API Jaeger's own UI uses) and answers the questions the tests ask of a trace: its roots, a span's parent
 * (`CHILD_OF` reference), its links (`FOLLOWS_FROM`), tags and resource (process) tags, times in microseconds.
 *
 *   GET /api/traces?service=postfix&tags={"mta.queue_id":"2C3D4E5F6A"}&start=…&end=…  → { data: [JTrace] }
 *
 * `delayPhases()` is the one place that knows how the `delays=` phases of an attempt appear: today as child spans
 * (mta.queue.wait, mta.connect, mta.transmit); issue 17 may turn them into span events (Jaeger "logs") — it reads
 * both, so the assertions on phases need no change. Limits: the legacy JSON trace ids drop leading zeros
 * (compared through `sameId`).
 */
export interface JTag { key: string; type: string; value: unknown }
export interface JRef { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }
export interface JSpan {
  traceID: string; spanID: string; operationName: string; references: JRef[]; startTime: number; duration: number;
  tags: JTag[]; logs: { timestamp: number; fields: JTag[] }[]; processID: string;
}
export interface JTrace { traceID: string; spans: JSpan[]; processes: Record<string, { serviceName: string; tags: JTag[] }> }

export const sameId = (a: string, b: string): boolean => a.replace(/^0+/, '') === b.replace(/^0+/, '');
export const tag = (s: JSpan, key: string): unknown => s.tags.find((t) => t.key === key)?.value;
export const tags = (s: JSpan): Record<string, unknown> => Object.fromEntries(s.tags.map((t) => [t.key, t.value]));
export const resource = (t: JTrace, s: JSpan): Record<string, unknown> =>
  Object.fromEntries([['service.name', t.processes[s.processID]?.serviceName], ...(t.processes[s.processID]?.tags ?? []).map((x) => [x.key, x.value])]);
export const parentOf = (s: JSpan): string | undefined => s.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
export const linksOf = (s: JSpan): JRef[] => s.references.filter((r) => r.refType === 'FOLLOWS_FROM');
export const endOf = (s: JSpan): number => s.startTime + s.duration;
export const roots = (t: JTrace): JSpan[] => t.spans.filter((s) => s.operationName === 'mta.message');
/** Microseconds since the epoch of an RFC 3339 time with microseconds, as the fixtures write them. */
export const usOf = (iso: string): number => {
  const m = /\.(\d{6})/.exec(iso);
  return Date.parse(iso.replace(/\.\d+/, '')) * 1000 + Number(m?.[1] ?? 0);
};

async function get(url: string): Promise<JTrace[]> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: JTrace[] | null }).data ?? [];
}

/** One trace by id (`/api/traces/{id}`). */
export async function traceById(query: string, id: string): Promise<JTrace> {
  const [t] = await get(`${query}/api/traces/${id}`);
  if (!t) throw new Error(`trace ${id} not found`);
  return t;
}

/** Search by tags (all must match on one span) within [fromUs, toUs]. */
export async function search(query: string, tagsWanted: Record<string, string>, fromUs: number, toUs: number, service = 'postfix'): Promise<JTrace[]> {
  const q = new URLSearchParams({ service, tags: JSON.stringify(tagsWanted), start: String(fromUs), end: String(toUs), limit: '1000' });
  return get(`${query}/api/traces?${q}`);
}

export interface Phase { name: string; startUs: number; endUs?: number }
const PHASES = ['mta.queue.wait', 'mta.connect', 'mta.transmit'];

/** The `delays=` phases of one attempt, as child spans or as span events (see the header). */
export function delayPhases(t: JTrace, attempt: JSpan): Phase[] {
  const children = t.spans.filter((s) => parentOf(s) === attempt.spanID && PHASES.includes(s.operationName))
    .map((s) => ({ name: s.operationName, startUs: s.startTime, endUs: endOf(s) }));
  const events = attempt.logs.map((l) => ({ name: String(l.fields.find((f) => f.key === 'event')?.value), startUs: l.timestamp }))
    .filter((e) => PHASES.includes(e.name));
  return [...children, ...events].sort((a, b) => a.startUs - b.startUs);
}
