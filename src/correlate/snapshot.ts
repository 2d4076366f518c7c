/**
 * snapshot — the tracker's state as plain JSON and back, checked field by field (no I/O; src/sinks/state-file.ts
 * writes and reads the file).
 *
 *   {"format":"mtatrace-state","version":1,"tracker":{"lifecycles":[{"host":"mx1","queueId":"4B7C21A0F3",
 *    "state":"deferred","recipients":[{"to":"bob@example.net","attempts":2,…}],"seen":[4817263902114],…}],…},"extra":{}}
 * Lifecycles are plain data (arrays, strings, numbers) and go as they are. `pending` carries raw input
 * lines still waiting in the reorder buffer; `extra` carries other modules' state by name (queues, alerts).
 *
 * Limits: a file from another program, another format version, or with any malformed field is refused as a
 * whole (SnapshotError with the path of the first bad field); the caller starts empty.
 */
import type { CheckState, Hop, Lifecycle, Notice, Recipient, State } from './lifecycle.js';
import type { Watermark } from './replay.js';
import type { Ended } from './hops.js';
import { CHECK_RESULTS, type Check, type Store } from '../parse/check-events.js';

const FORMAT = 'mtatrace-state';
export const VERSION = 2; // 2: line signatures are numbers

export interface Snapshot {
  tracker: TrackerState;
  pending: string[];
  extra: Record<string, unknown>;
}

/** Everything a tracker holds between lines, for checkpoints (serialised here). */
export interface TrackerState {
  lifecycles: Lifecycle[];
  connects: [string, number][];
  hops: [string, Hop][];
  notices: [string, Notice][];
  watermarks: Watermark[];
  nowUs: number;
  /** checks.ts: policy verdicts waiting for their session, and ended lifecycles by Message-ID (absent in older files). */
  checks?: { sessions: Check[]; ended: [string, Ended][] };
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

const STATES: ReadonlySet<string> = new Set<State>(['new', 'received', 'active', 'deferred', 'hold', 'expired', 'removed', 'deleted', 'rejected', 'discarded', 'requeued']);

export function toJSON(s: Snapshot, writtenAt = new Date()): unknown {
  return {
    format: FORMAT, version: VERSION, writtenAt: writtenAt.toISOString(),
    tracker: s.tracker,
    pending: s.pending, extra: s.extra,
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, what: string): never {
  throw new SnapshotError(`${path}: ${what}`);
}
function obj(v: unknown, path: string): Obj {
  return isObj(v) ? v : fail(path, 'expected an object');
}
function arr(v: unknown, path: string): unknown[] {
  return Array.isArray(v) ? v : fail(path, 'expected an array');
}
function str(v: unknown, path: string): string {
  return typeof v === 'string' ? v : fail(path, 'expected a string');
}
function num(v: unknown, path: string): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fail(path, 'expected a number');
}
function optStr(v: unknown, path: string): string | undefined {
  return v === undefined || v === null ? undefined : str(v, path);
}
function optNum(v: unknown, path: string): number | undefined {
  return v === undefined || v === null ? undefined : num(v, path);
}
function bool(v: unknown, path: string): boolean {
  return typeof v === 'boolean' ? v : fail(path, 'expected true or false');
}
function pair<T>(v: unknown, path: string, second: (x: unknown, p: string) => T): [string, T] {
  const a = arr(v, path);
  if (a.length !== 2) fail(path, 'expected a [key, value] pair');
  return [str(a[0], `${path}[0]`), second(a[1], `${path}[1]`)];
}

function hop(v: unknown, p: string): NonNullable<Lifecycle['hop']> {
  const o = obj(v, p);
  const kind = str(o.kind, `${p}.kind`);
  if (kind !== 'filter' && kind !== 'requeue') fail(`${p}.kind`, `unknown hop kind '${kind}'`);
  return { kind, prevQueueId: str(o.prevQueueId, `${p}.prevQueueId`), traceKey: str(o.traceKey, `${p}.traceKey`), parentSpanKey: optStr(o.parentSpanKey, `${p}.parentSpanKey`) };
}

function notice(v: unknown, p: string): NonNullable<Lifecycle['notice']> {
  const o = obj(v, p);
  return { type: str(o.type, `${p}.type`), origQueueId: str(o.origQueueId, `${p}.origQueueId`), origTraceKey: str(o.origTraceKey, `${p}.origTraceKey`), origSpanKey: str(o.origSpanKey, `${p}.origSpanKey`) };
}

function recipient(v: unknown, p: string): Recipient {
  const o = obj(v, p);
  const r: Recipient = { ...(o as unknown as Recipient), to: str(o.to, `${p}.to`), attempts: num(o.attempts, `${p}.attempts`) };
  for (const k of ['origTo', 'status', 'dsn', 'reply', 'cause', 'causeRule', 'final'] as const) optStr(o[k], `${p}.${k}`);
  return r;
}

function lifecycle(v: unknown, p: string): Lifecycle {
  const o = obj(v, p);
  const state = str(o.state, `${p}.state`);
  if (!STATES.has(state)) fail(`${p}.state`, `unknown state '${state}'`);
  const recipients = arr(o.recipients, `${p}.recipients`).map((r, i) => recipient(r, `${p}.recipients[${i}]`));
  const client = o.client === undefined || o.client === null ? undefined : obj(o.client, `${p}.client`);
  if (client) str(client.name, `${p}.client.name`);
  const origin = optStr(o.origin, `${p}.origin`);
  if (origin !== undefined && origin !== 'smtpd' && origin !== 'pickup') fail(`${p}.origin`, `unknown origin '${origin}'`);
  return {
    host: str(o.host, `${p}.host`), queueId: str(o.queueId, `${p}.queueId`), state: state as State,
    firstUs: num(o.firstUs, `${p}.firstUs`), lastUs: num(o.lastUs, `${p}.lastUs`),
    receiveStartUs: optNum(o.receiveStartUs, `${p}.receiveStartUs`), queuedUs: optNum(o.queuedUs, `${p}.queuedUs`),
    origin: origin as Lifecycle['origin'], client: client as Lifecycle['client'],
    messageId: optStr(o.messageId, `${p}.messageId`), sender: optStr(o.sender, `${p}.sender`),
    size: optNum(o.size, `${p}.size`), nrcpt: optNum(o.nrcpt, `${p}.nrcpt`), recipients,
    traceKey: str(o.traceKey, `${p}.traceKey`), traceFixed: bool(o.traceFixed, `${p}.traceFixed`),
    hop: o.hop === undefined ? undefined : hop(o.hop, `${p}.hop`),
    notice: o.notice === undefined ? undefined : notice(o.notice, `${p}.notice`),
    complete: bool(o.complete, `${p}.complete`), receivedEmitted: bool(o.receivedEmitted, `${p}.receivedEmitted`),
    failed: bool(o.failed, `${p}.failed`),
    checks: o.checks === undefined || o.checks === null ? undefined : checkState(o.checks, `${p}.checks`),
    seen: arr(o.seen, `${p}.seen`).map((s, i) => num(s, `${p}.seen[${i}]`)),
  };
}

/** A verdict as the parser made it (parse/check-events.ts); its kind and result must be of the closed sets. */
function check(v: unknown, p: string): Check {
  const o = obj(v, p);
  if (o.kind !== 'check') fail(`${p}.kind`, 'expected \'check\'');
  const kind = str(o.check, `${p}.check`);
  const results = (CHECK_RESULTS as Record<string, readonly string[]>)[kind];
  if (!results) fail(`${p}.check`, `unknown check kind '${kind}'`);
  const result = str(o.result, `${p}.result`);
  if (!results.includes(result)) fail(`${p}.result`, `unknown ${kind} result '${result}'`);
  num(o.timeUs, `${p}.timeUs`);
  for (const k of ['host', 'program', 'syslogName', 'text'] as const) str(o[k], `${p}.${k}`);
  for (const k of ['queueId', 'direction', 'domain', 'selector', 'action', 'messageId', 'queuedAs', 'clientAddress', 'sender', 'reason'] as const) optStr(o[k], `${p}.${k}`);
  for (const k of ['pid', 'score', 'durationMs'] as const) optNum(o[k], `${p}.${k}`);
  if (o.recipients !== undefined) arr(o.recipients, `${p}.recipients`).forEach((r, i) => str(r, `${p}.recipients[${i}]`));
  return o as unknown as Check;
}

function store(v: unknown, p: string): Store {
  const o = obj(v, p);
  if (o.kind !== 'store') fail(`${p}.kind`, 'expected \'store\'');
  const outcome = str(o.outcome, `${p}.outcome`);
  if (!['saved', 'discarded', 'forwarded', 'failed'].includes(outcome)) fail(`${p}.outcome`, `unknown store outcome '${outcome}'`);
  num(o.timeUs, `${p}.timeUs`);
  for (const k of ['host', 'program', 'syslogName', 'text', 'user', 'messageId', 'via'] as const) str(o[k], `${p}.${k}`);
  for (const k of ['folder', 'reason'] as const) optStr(o[k], `${p}.${k}`);
  optNum(o.pid, `${p}.pid`);
  return o as unknown as Store;
}

function checkState(v: unknown, p: string): CheckState {
  const o = obj(v, p);
  const note = o.note === undefined || o.note === null ? undefined : obj(o.note, `${p}.note`);
  return {
    waiting: o.waiting === undefined || o.waiting === null ? undefined : arr(o.waiting, `${p}.waiting`).map((x, i) => check(x, `${p}.waiting[${i}]`)),
    note: note ? { selector: str(note.selector, `${p}.note.selector`), domain: str(note.domain, `${p}.note.domain`) } : undefined,
    signed: bool(o.signed, `${p}.signed`),
    failed: o.failed === undefined || o.failed === null ? undefined : arr(o.failed, `${p}.failed`).map((x, i) => check(x, `${p}.failed[${i}]`)),
    stores: o.stores === undefined || o.stores === null ? undefined : arr(o.stores, `${p}.stores`).map((x, i) => store(x, `${p}.stores[${i}]`)),
  };
}

function ended(v: unknown, p: string): Ended {
  const o = obj(v, p);
  return { host: str(o.host, `${p}.host`), queueId: str(o.queueId, `${p}.queueId`), firstUs: num(o.firstUs, `${p}.firstUs`), traceKey: str(o.traceKey, `${p}.traceKey`) };
}

/** Parsed JSON → Snapshot; throws SnapshotError naming the first field that is wrong. */
export function fromJSON(v: unknown): Snapshot {
  const root = obj(v, 'state');
  if (root.format !== FORMAT) fail('state.format', `not an mtatrace state file (expected format '${FORMAT}')`);
  if (root.version !== VERSION) fail('state.version', `format version ${String(root.version)} is not supported (this mtatrace reads version ${VERSION})`);
  const t = obj(root.tracker, 'state.tracker');
  const tracker: TrackerState = {
    lifecycles: arr(t.lifecycles, 'tracker.lifecycles').map((x, i) => lifecycle(x, `tracker.lifecycles[${i}]`)),
    connects: arr(t.connects, 'tracker.connects').map((x, i) => pair(x, `tracker.connects[${i}]`, num)),
    hops: arr(t.hops, 'tracker.hops').map((x, i) => pair(x, `tracker.hops[${i}]`, hop)),
    notices: arr(t.notices, 'tracker.notices').map((x, i) => pair(x, `tracker.notices[${i}]`, notice)),
    watermarks: arr(t.watermarks, 'tracker.watermarks').map((x, i) => {
      const w = obj(x, `tracker.watermarks[${i}]`);
      return { host: str(w.host, `tracker.watermarks[${i}].host`), us: num(w.us, `tracker.watermarks[${i}].us`), sigs: arr(w.sigs, `tracker.watermarks[${i}].sigs`).map((s, j) => num(s, `tracker.watermarks[${i}].sigs[${j}]`)) };
    }),
    nowUs: num(t.nowUs, 'tracker.nowUs'),
  };
  if (t.checks !== undefined) {
    const c = obj(t.checks, 'tracker.checks');
    tracker.checks = {
      sessions: arr(c.sessions, 'tracker.checks.sessions').map((x, i) => check(x, `tracker.checks.sessions[${i}]`)),
      ended: arr(c.ended, 'tracker.checks.ended').map((x, i) => pair(x, `tracker.checks.ended[${i}]`, ended)),
    };
  }
  const pending = arr(root.pending ?? [], 'state.pending').map((x, i) => str(x, `state.pending[${i}]`));
  const extra = root.extra === undefined ? {} : obj(root.extra, 'state.extra');
  return { tracker, pending, extra };
}
