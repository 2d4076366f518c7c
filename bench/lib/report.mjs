/**
 * report — turns the benchmark's measurements into the markdown printed on stdout and kept in
 * bench/out/latest.md: one throughput table (same file, same run, ratios to pflogsumm) and a list of the
 * other figures with their targets from issue 8.
 *
 *   | mtatrace --output json | 500 000 | 61 200 | 81 000 | 7 050 | 8.17 | 6.2 | 185 | 2.1× | 1.9× |
 *
 * Limits: ratios use pflogsumm on the RFC 3339 file when it ran, else on the RFC 3164 file.
 */

const num = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }).replace(/,/g, ' ') : '–');
const mib = (kb) => num(kb / 1024, 0);
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${num(a / b, 2)}×` : '–');

/** @param {{machine: object, workload: object, rows: object[], extra: object}} r */
export function markdown(r) {
  const base = r.rows.find((x) => x.baseline === 'rfc3339' && x.code === 0) ?? r.rows.find((x) => x.baseline && x.code === 0);
  const out = [];
  out.push(`## mtatrace benchmark — ${r.when}`, '');
  out.push(`Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${num(r.machine.memGiB, 1)} GiB RAM, ${r.machine.os}, Node ${r.machine.node}` +
    `${r.machine.pflogsumm ? `, pflogsumm ${r.machine.pflogsumm}` : ''}. Load average before/after: ${r.machine.loadBefore} / ${r.machine.loadAfter}.`);
  out.push(`Workload: \`node bench/generate.mjs ${r.workload.args}\` — ${num(r.workload.lines)} lines, ${num(r.workload.queueIds)} queue ids ` +
    `(messages incl. filter re-injections and NDRs), ${num(r.workload.spanSeconds / 3600, 1)} h of log time on ${r.workload.hosts} hosts.`);
  out.push('', 'lines/s and msgs/s are per wall-clock second; "CPU" columns divide by user+sys seconds of the process (fairer when the box is shared).', '');
  out.push('| run | lines/s | lines/CPU-s | msgs/s | wall s | CPU s | peak RSS MiB | × pflogsumm (wall) | × pflogsumm (CPU) | note |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const x of r.rows) {
    if (x.code !== 0) { out.push(`| ${x.name} | failed (exit ${x.code}) | | | | | | | | ${x.note ?? ''} |`); continue; }
    const lps = x.lines / x.wallS;
    const lpc = x.lines / x.cpuS;
    out.push(`| ${x.name} | ${num(lps)} | ${num(lpc)} | ${num(x.messages / x.wallS)} | ${num(x.wallS, 2)} | ${num(x.cpuS, 2)} | ${mib(x.maxRssKb)} | ` +
      `${x === base ? 'baseline' : base ? ratio(lps, base.lines / base.wallS) : '–'} | ${x === base ? 'baseline' : base ? ratio(lpc, base.lines / base.cpuS) : '–'} | ${x.note ?? ''} |`);
  }
  out.push('', '| figure | measured | target (issue 8) |', '|---|---|---|');
  for (const [k, v, t] of r.extra) out.push(`| ${k} | ${v} | ${t} |`);
  if (r.profile) {
    out.push('', `### Where the time goes (\`node --cpu-prof\`, ${r.profile.what}; ${num(r.profile.totalMs)} ms sampled)`, '');
    out.push('| self % | self ms | function | file:line |', '|---:|---:|---|---|');
    for (const f of r.profile.functions) out.push(`| ${num(f.pct, 1)} | ${num(f.selfMs)} | \`${f.name}\` | ${f.where} |`);
    out.push('', '| self % | file |', '|---:|---|');
    for (const f of r.profile.files) out.push(`| ${num(f.pct, 1)} | ${f.file} |`);
  }
  if (r.notes.length) out.push('', ...r.notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}

export { num, mib, ratio };
