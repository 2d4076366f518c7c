/**
 * profile — reads a V8 `.cpuprofile` (from `node --cpu-prof`) and ranks where the time went: self time per
 * function (name, file:line) and per file, as percentages of the sampled time.
 *
 *   summarize(readFileSync('bench/out/prof/CPU.2026….cpuprofile', 'utf8'), 15)
 *   → { totalMs: 10432, functions: [{ name: 'parseRecord', where: 'dist/parse/index.js:41', selfMs: 812, pct: 7.8 }, …], files: […] }
 *
 * Limits: self time only (no inclusive totals); `(garbage collector)`, `(program)` and `(idle)` are kept as rows.
 */

export function summarize(text, top = 15, root = process.cwd()) {
  const prof = JSON.parse(text);
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = prof.timeDeltas ?? [];
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i];
    self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  const fns = new Map();
  const files = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const cf = byId.get(id).callFrame;
    const file = (cf.url || '').replace(/^file:\/\//, '').replace(root + '/', '') || '(native)';
    const name = cf.functionName || '(anonymous)';
    const key = `${name}|${file}:${cf.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    files.set(file, (files.get(file) ?? 0) + us);
    total += us;
  }
  const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: Math.round(total / 1000),
    functions: rank(fns).map(([k, us]) => {
      const [name, where] = k.split('|');
      return { name, where, selfMs: Math.round(us / 1000), pct: Math.round((us / total) * 1000) / 10 };
    }),
    files: rank(files).map(([file, us]) => ({ file, selfMs: Math.round(us / 1000), pct: Math.round((us / total) * 1000) / 10 })),
  };
}
