/**
 * gc-probe — preloaded into a benchmarked mtatrace (`node --expose-gc --require bench/lib/gc-probe.cjs …`) so the
 * harness can ask, from outside, what memory is really retained: on SIGUSR2 it runs a full GC and writes
 *   `gc-probe {"rss":…,"heapTotal":…,"heapUsed":…,"external":…,"arrayBuffers":…}`
 * as one line on stderr. Used only by bench/lib/live.mjs; mtatrace itself knows nothing about it.
 * Limits: needs --expose-gc (else it reports without collecting).
 */
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
  process.stderr.write(`gc-probe ${JSON.stringify(process.memoryUsage())}\n`);
});
