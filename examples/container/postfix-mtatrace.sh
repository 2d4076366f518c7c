#!/bin/sh
# postfix-mtatrace.sh — container entrypoint: `postfix start-fg | mtatrace`, with a clean shutdown.
#
# Postfix writes its log to stdout (maillog_file=/dev/stdout, written by postlogd), one line per record:
#   Nov 27 16:23:01 mx1 postfix/smtp[1234]: 4B7C21A0F3: to=<bob@example.net>, relay=…, status=sent (250 …)
# Those stamps carry no year and no zone: set TZ to the zone Postfix logs in (UTC in this image).
# On SIGTERM (docker stop) Postfix is stopped first; mtatrace then reads the rest of the pipe to EOF, flushes
# its exports and saves its state, so nothing written before the stop is lost.
# Environment: OTEL_EXPORTER_OTLP_ENDPOINT (required to export), MTATRACE_HOSTNAME (Postfix myhostname),
# MTATRACE_ARGS (extra mtatrace options). Give `docker stop` enough time: --time 30.
set -eu

if [ -n "${MTATRACE_HOSTNAME:-}" ]; then postconf -e "myhostname=${MTATRACE_HOSTNAME}"; fi
# The image may run with a fresh /var/spool/postfix volume.
postfix check >&2 || postfix set-permissions >&2

trap 'postfix stop >&2' TERM INT
# shellcheck disable=SC2086 # MTATRACE_ARGS is a list of options on purpose
postfix start-fg | mtatrace --state-file /var/lib/mtatrace/state.json ${MTATRACE_ARGS:-} &
pipeline=$!
# wait returns early when a trapped signal arrives; then wait again for mtatrace to finish the pipe.
status=0
wait "$pipeline" || status=$?
if [ "$status" -gt 128 ]; then status=0; wait "$pipeline" || status=$?; fi
exit "$status"
