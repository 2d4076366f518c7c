#!/usr/bin/env node
/**
 * floor-reader — the live-CPU floor: Node reading stdin through mtatrace's own line splitter (split2, from
 * dist/input/lines.js) and doing nothing with the lines. Paced at the same rate as mtatrace, its CPU is what
 * any Node tool that reads lines this way spends before it parses anything; run.mjs reports it beside mtatrace's.
 *
 *   node bench/generate.mjs --lines 100000 | node bench/floor-reader.mjs   → "floor-reader: 100000 lines" on stderr
 *
 * Limits: measures the runtime and split2 only; mtatrace also copies each line and parses it.
 */
const { splitLines } = await import(new URL('../dist/input/lines.js', import.meta.url));
let n = 0;
process.stdin
  .pipe(splitLines({ maxLineBytes: 65536, onDrop: () => { n++; } }))
  .on('data', () => { n++; })
  .on('end', () => process.stderr.write(`floor-reader: ${n} lines\n`));
