#!/usr/bin/env node
/**
 * heap-census — what the JS heap holds while messages are in flight: feeds FILE to mtatrace's pipeline (from
 * dist/) through a stdin that stays open, forces a GC, takes a heap snapshot and ranks what is retained, by
 * node type and by string shape (digits → N, queue ids → QID), so a fix to per-message memory can be checked.
 *
 *   node bench/generate.mjs --inflight 10000 > /tmp/if10k.log
 *   node --expose-gc bench/heap-census.mjs /tmp/if10k.log
 *   →  heapUsed 33.5 MiB … 2.01 MiB 6667 " N-N-NTN:N:N.N+N:N mxN postfix/smtp[N]: "   (whole lines kept alive)
 *
 * Limits: the snapshot is parsed in memory (keep FILE to ~10 000 messages); uses internal dist/ modules.
 */

import { PassThrough, Writable } from 'node:stream';
import { readFileSync, rmSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const file = process.argv[2];
if (!file || typeof global.gc !== 'function') {
  process.stderr.write('usage: node --expose-gc bench/heap-census.mjs FILE\n');
  process.exit(2);
}
const dist = new URL('../dist/', import.meta.url);
const { run } = await import(new URL('pipeline.js', dist));
const { parseArgs } = await import(new URL('config.js', dist));
const stdin = new PassThrough();
const io = { stdin, stdout: new Writable({ write(c, e, cb) { cb(); } }), stderr: process.stderr, env: {} };
global.gc();
const before = process.memoryUsage().heapUsed;
void run(parseArgs(['--output', 'json', '--max-inflight', '10000000']), io);
const bytes = readFileSync(file);
for (let o = 0; o < bytes.length; o += 65536) stdin.write(bytes.subarray(o, o + 65536)); // chunks as a file stream reads them
await new Promise((r) => setTimeout(r, Number(process.env.CENSUS_WAIT_MS ?? 5000)));
global.gc();
const after = process.memoryUsage().heapUsed;
console.log(`heapUsed ${(before / 2 ** 20).toFixed(1)} MiB before, ${(after / 2 ** 20).toFixed(1)} MiB with the file's messages in flight`);

const path = writeHeapSnapshot(join(tmpdir(), `mtatrace-census-${process.pid}.heapsnapshot`));
const snap = JSON.parse(readFileSync(path, 'utf8'));
rmSync(path);
const meta = snap.snapshot.meta;
const nf = meta.node_fields.length;
const types = meta.node_types[0];
const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => meta.node_fields.indexOf(f));
const byType = new Map();
const byShape = new Map();
const add = (m, k, size) => { const a = m.get(k) ?? [0, 0]; a[0]++; a[1] += size; m.set(k, a); };
for (let i = 0; i < snap.nodes.length; i += nf) {
  const type = types[snap.nodes[i + iType]];
  const name = snap.strings[snap.nodes[i + iName]];
  const size = snap.nodes[i + iSize];
  add(byType, type === 'object' || type === 'closure' ? `${type}:${name}` : type, size);
  if (type === 'string') add(byShape, name.replace(/[0-9A-F]{10,11}/g, 'QID').replace(/\d+/g, 'N').slice(0, 48), size);
}
const show = (title, m) => {
  console.log(`\n${title}\n    MiB   count  what`);
  for (const [k, [c, s]] of [...m].sort((a, b) => b[1][1] - a[1][1]).slice(0, 15)) console.log(`${(s / 2 ** 20).toFixed(2).padStart(7)} ${String(c).padStart(7)}  ${JSON.stringify(k)}`);
};
show('by node type', byType);
show('strings by shape', byShape);
process.exit(0);
