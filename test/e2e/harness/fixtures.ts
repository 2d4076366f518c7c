/**
 * fixtures — copies a capture into test/fixtures/real/ (run the e2e suite with MTATRACE_E2E_FIXTURES=1):
 *   postfix-rsyslog-rfc3164.log   rsyslogd RSYSLOG_TraditionalFileFormat, short queue IDs, host mx1
 *   postfix-rsyslog-rfc3339.log   rsyslogd RSYSLOG_FileFormat, same lines
 *   postfix-omprog.ndjson         what the shipped omprog action handed its program, same lines
 *   postfix-maillog-long-ids.log  Postfix maillog_file (postlogd), enable_long_queue_ids, host mx2
 *   scenarios.json                the expected fate of every tagged message (from scenarios.ts)
 *
 * Limits: overwrites the previous files; the captured logs contain this machine's PIDs and times only.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import type { Capture } from './capture.js';

export const FIXTURE_DIR = new URL('../../fixtures/real/', import.meta.url).pathname;

export function saveFixtures(cap: Capture): void {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  writeFileSync(`${FIXTURE_DIR}postfix-rsyslog-rfc3164.log`, cap.rfc3164);
  writeFileSync(`${FIXTURE_DIR}postfix-rsyslog-rfc3339.log`, cap.rfc3339);
  writeFileSync(`${FIXTURE_DIR}postfix-omprog.ndjson`, cap.omprog);
  writeFileSync(`${FIXTURE_DIR}postfix-maillog-long-ids.log`, cap.maillog);
  writeFileSync(`${FIXTURE_DIR}scenarios.json`, `${JSON.stringify(cap.scenarios, null, 2)}\n`);
}
