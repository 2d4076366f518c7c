#!/bin/sh
# install-e2e.sh — installs what the real-Postfix end-to-end suite (test/e2e) needs on Debian/Ubuntu, as root.
# Called by .ci/run. Postfix is installed unconfigured ("No configuration"): the suite writes its own private
# instance. Services are kept from starting during the install (policy-rc.d), because the suite starts its own
# rsyslogd on /dev/log and must find it free.
set -eu

if [ "$(id -u)" != 0 ]; then
  echo "install-e2e.sh: must run as root" >&2
  exit 1
fi

PACKAGES="postfix postfix-pcre rsyslog pflogsumm"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=yes
  fi
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
  [ -n "$created_policy" ] && rm -f /usr/sbin/policy-rc.d
fi

for b in postfix postconf postqueue postsuper sendmail smtp-sink rsyslogd; do
  command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || { echo "install-e2e.sh: $b missing after install" >&2; exit 1; }
done
if [ -e /dev/log ]; then
  echo "install-e2e.sh: warning: /dev/log exists (a syslog daemon is running); the e2e suite needs it free" >&2
fi
echo "install-e2e.sh: postfix $(postconf -d -h mail_version 2>/dev/null || echo '?'), $(rsyslogd -v | head -1)"
