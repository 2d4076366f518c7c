/**
 * omprog-capture — stands in for mtatrace under rsyslog's omprog while `--omprog` does not exist yet:
 * speaks the confirmMessages protocol (`OK` at start and after each line) and appends every line to the file
 * named by its first argument, so the test keeps exactly what omprog delivered, e.g.
 *   {"timereported":"2026-11-27T17:39:42.370936+00:00","hostname":"mx1","syslogtag":"postfix/qmgr[6564]:","msg":" 4jbgf62L4FzJ9QN: removed"}
 * Limits: no keep-alives; exits on EOF or SIGTERM after flushing its file.
 */
import { appendFileSync } from 'node:fs';

const out = process.argv[2];
let buf = '';
process.stdout.write('OK\n');
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buf += chunk;
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    appendFileSync(out, buf.slice(0, i + 1));
    buf = buf.slice(i + 1);
    process.stdout.write('OK\n');
  }
});
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
