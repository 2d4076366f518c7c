/**
 * dsn-codes — the fallback: RFC 3463 enhanced status code (class.subject.detail) → cause, used only when no
 * text rule matched. `dsn=5.2.2, status=bounced (host … said: 552 5.2.2 ok bye)` → `mailbox_full` via `X.2.2`.
 *
 * The table follows RFC 3463 and the IANA "SMTP Enhanced Status Codes" registry (RFC 5248). Entries are by subject.detail (`X.2.2`) and
 * then by subject alone (`X.2`); the class (4 or 5) never changes the cause, only `transient`.
 * Codes whose registry meaning is a success (X.1.5, X.3.6, X.6.4) and X.0.0 give `unknown`: on a failure line
 * they explain nothing.
 *
 * Limits: providers reuse registry numbers with their own meanings (Microsoft 5.7.606, Gmail 4.7.28); those are
 * handled by text rules before this table is consulted.
 */
import type { CauseId } from './causes.js';

/** Subject.detail → cause; the key is written without the class (`2.2` for X.2.2). */
const DSN_DETAIL: Readonly<Record<string, CauseId>> = {
  '1.0': 'invalid_recipient', '1.1': 'invalid_recipient', '1.2': 'invalid_recipient', '1.3': 'invalid_recipient',
  '1.4': 'invalid_recipient', '1.6': 'invalid_recipient', '1.7': 'sender_auth_failure', '1.8': 'sender_auth_failure',
  '1.10': 'invalid_recipient',
  '2.1': 'invalid_recipient', '2.2': 'mailbox_full', '2.3': 'message_too_large', '2.4': 'remote_config_error',
  '3.0': 'remote_unavailable', '3.1': 'remote_unavailable', '3.2': 'remote_unavailable', '3.3': 'remote_config_error',
  '3.4': 'message_too_large', '3.5': 'remote_config_error',
  '4.0': 'network_blocked', '4.1': 'network_blocked', '4.2': 'connection_lost', '4.3': 'dns_failure', '4.4': 'dns_failure',
  '4.5': 'rate_limited', '4.6': 'remote_config_error', '4.7': 'expired',
  '5.1': 'remote_config_error', '5.2': 'remote_config_error', '5.3': 'rate_limited', '5.4': 'remote_config_error',
  '5.5': 'remote_config_error', '5.6': 'local_config_error',
  '6.0': 'content_rejected', '6.1': 'content_rejected', '6.2': 'content_rejected', '6.3': 'content_rejected',
  '6.5': 'content_rejected', '6.6': 'content_rejected', '6.7': 'content_rejected', '6.8': 'remote_config_error',
  '6.9': 'content_rejected', '6.10': 'remote_config_error',
  '7.0': 'policy_blocked', '7.1': 'policy_blocked', '7.2': 'policy_blocked', '7.3': 'tls_failure', '7.4': 'tls_failure',
  '7.5': 'tls_failure', '7.6': 'tls_failure', '7.7': 'content_rejected', '7.8': 'local_config_error',
  '7.9': 'local_config_error', '7.10': 'tls_failure', '7.11': 'tls_failure', '7.12': 'local_config_error',
  '7.13': 'invalid_recipient', '7.14': 'local_config_error', '7.15': 'rate_limited', '7.16': 'message_too_large',
  '7.17': 'invalid_recipient', '7.18': 'invalid_recipient', '7.20': 'sender_auth_failure', '7.21': 'sender_auth_failure',
  '7.22': 'sender_auth_failure', '7.23': 'sender_auth_failure', '7.24': 'sender_auth_failure', '7.25': 'sender_auth_failure',
  '7.26': 'sender_auth_failure', '7.27': 'sender_auth_failure', '7.28': 'rate_limited', '7.29': 'sender_auth_failure',
  '7.30': 'tls_failure',
};

/** Subject alone → cause, for details the registry does not list (or that providers invented). */
const DSN_SUBJECT: Readonly<Record<string, CauseId>> = {
  '1': 'invalid_recipient', '2': 'invalid_recipient', '3': 'remote_unavailable', '4': 'network_blocked',
  '5': 'remote_config_error', '6': 'content_rejected', '7': 'policy_blocked',
};

const DSN_RE = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/** The fallback verdict for an enhanced code: the cause and the table key that decided, or undefined. */
export function lookupDsn(dsn: string): { cause: CauseId; key: string } | undefined {
  const m = DSN_RE.exec(dsn);
  if (!m || m[1] === '2') return undefined;
  const detail = `${m[2]}.${m[3]}`;
  const byDetail = DSN_DETAIL[detail];
  if (byDetail) return { cause: byDetail, key: `X.${detail}` };
  if (m[3] === '0' && (m[2] === '0' || m[2] === '2' || m[2] === '5')) return undefined;
  const bySubject = DSN_SUBJECT[m[2]];
  return bySubject ? { cause: bySubject, key: `X.${m[2]}` } : undefined;
}
