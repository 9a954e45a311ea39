#!/usr/bin/env bash
# Brings up OpenStack Swift 2.30 (Debian bookworm packages) with the s3api middleware on 127.0.0.1, as a
# target for the conformance suite:
#
#   scripts/targets/swift/start.sh STATE_DIR      # STATE_DIR: empty or new, under /tmp
#   set -a; . STATE_DIR/env; set +a               # COS_* settings for `cos-conformance run`
#   scripts/targets/stop.sh STATE_DIR             # stops exactly the PIDs in STATE_DIR/pids, removes STATE_DIR
#
# One account, one container and one object server (one device, rings with one replica) and a proxy with
# tempauth (user test:tester, key testing) behind s3api. Everything the servers read or write lives in
# STATE_DIR: etc/ (swift.conf, *.conf, rings), devices/, logs/ (one log per server, from its stderr), pids,
# env. Nothing in /etc/swift, /srv or /var/run/swift is read or written (see swift_launch.py for how), no
# memcached, no swift-init, no systemd. The last lines on stdout are the contents of STATE_DIR/env; progress
# goes to stderr. Installs the packages first when they are missing (root only).
set -euo pipefail

readonly PACKAGES=(swift swift-proxy swift-account swift-container swift-object)
readonly BUCKET=conformance
readonly REGION=us-east-1          # s3api's `location`; SigV4 requests must be scoped to it
readonly ACCESS_KEY=test:tester    # tempauth's account:user is the S3 access key ...
readonly SECRET_KEY=testing        # ... and the user's password the secret
readonly TIMEOUT_S="${SWIFT_START_TIMEOUT:-90}"   # servers, proxy and bucket; the install is not counted
# Debian's interpreter, not whatever python3 is first on PATH (pyenv here): the swift modules live in its
# dist-packages, and every /usr/bin/swift-* script names it in its #! line.
readonly PY=/usr/bin/python3
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly HERE
readonly STOP="$HERE/../stop.sh"
readonly LAUNCH="$HERE/swift_launch.py"

say() { echo "swift/start.sh: $*" >&2; }

[ $# -eq 1 ] || { echo "usage: scripts/targets/swift/start.sh STATE_DIR" >&2; exit 2; }
STATE="$(realpath -m -- "$1")"
case "$STATE" in
  /tmp/?*|"${TMPDIR:-/tmp}"/?*) ;;
  *) echo "swift/start.sh: STATE_DIR must be under /tmp (stop.sh removes it), got $STATE" >&2; exit 2 ;;
esac
if [ -e "$STATE" ] && [ -n "$(ls -A -- "$STATE" 2>/dev/null)" ]; then
  echo "swift/start.sh: STATE_DIR $STATE is not empty (another Swift may live there; stop it with stop.sh)" >&2
  exit 2
fi
mkdir -p "$STATE"/{etc,devices/d1,logs,run}
: > "$STATE/pids"

# On any failure (fail, a failing command under set -e, Ctrl-C): stop what we started, then print the tail of
# every log (read before stop.sh deletes STATE_DIR with them) and, last, one line saying what went wrong.
up=0 cleaning=0 err_line="" policy_ours=0 policy_saved=""
cleanup() {
  local rc=$? reason="${1:-}" log tails=""
  [ "$up" = 0 ] && [ "$cleaning" = 0 ] || return 0
  cleaning=1
  [ "$rc" != 0 ] || rc=1
  trap '' PIPE   # a closed stderr (start.sh ... | head) must not stop us before the servers are stopped
  restore_policy
  for log in "$STATE"/logs/*.log; do
    [ -s "$log" ] && tails+="----- tail of ${log#"$STATE"/} -----"$'\n'"$(tail -n 25 -- "$log")"$'\n'
  done
  "$STOP" "$STATE" >/dev/null 2>&1 || true
  { printf '%s' "$tails"
    echo "swift/start.sh: ${reason:-failed at line ${err_line:-?} (exit status $rc)}; stopped what it had started"
  } >&2 2>/dev/null || true
  exit "$rc"
}
fail() { cleanup "$*"; }
set -E                                # the ERR trap also in functions, to name the failing line
trap 'err_line=$LINENO' ERR
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

# ---------------------------------------------------------------------------------------------------------
# Packages. Their maintainer scripts enable and try to start swift-* (and rsyslog) services; a policy-rc.d
# that answers 101 makes invoke-rc.d and deb-systemd-invoke skip every start. If the machine has none (or
# one that would allow starts), ours stands in for the length of the install and the original comes back.
# ---------------------------------------------------------------------------------------------------------
installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

# True if policy-rc.d exists and forbids starting a service (exit 101).
policy_denies() {
  local rc=0
  [ -x /usr/sbin/policy-rc.d ] || return 1
  /usr/sbin/policy-rc.d swift-proxy start >/dev/null 2>&1 || rc=$?
  [ "$rc" = 101 ]
}
has_candidate() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'; }

# Puts back the machine's own policy-rc.d (or none), also when the install is interrupted.
restore_policy() {
  [ "$policy_ours" = 1 ] || return 0
  rm -f /usr/sbin/policy-rc.d
  if [ -n "$policy_saved" ]; then mv -- "$policy_saved" /usr/sbin/policy-rc.d; fi
  policy_ours=0
}

install_packages() {
  local rc=0 p
  [ "$(id -u)" = 0 ] || fail "packages missing (${missing[*]}); run once as root to install them"
  if ! policy_denies; then
    # A copy, not a move: whenever we are interrupted, restore_policy has what it needs.
    if [ -e /usr/sbin/policy-rc.d ]; then
      policy_saved="$STATE/run/policy-rc.d.saved"
      cp -p -- /usr/sbin/policy-rc.d "$policy_saved"
    fi
    policy_ours=1
    printf '#!/bin/sh\n# scripts/targets/swift/start.sh: no service starts during its apt-get install\nexit 101\n' \
      > "$STATE/run/policy-rc.d"
    chmod 755 "$STATE/run/policy-rc.d"
    mv -f -- "$STATE/run/policy-rc.d" /usr/sbin/policy-rc.d
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Another apt-get may be running (other targets install their packages too): wait for its lock.
  local apt=(apt-get -o DPkg::Lock::Timeout=300)
  local apt_install=("${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}")
  # `apt-get update` only when needed: a package without a candidate (no lists, or lists without it), or an
  # install that failed, e.g. because the lists name a version the mirror no longer has.
  for p in "${missing[@]}"; do
    has_candidate "$p" || { "${apt[@]}" update -qq >>"$STATE/logs/apt.log" 2>&1 || rc=$?; break; }
  done
  if [ "$rc" = 0 ] && ! "${apt_install[@]}" >>"$STATE/logs/apt.log" 2>&1; then
    rc=0
    { "${apt[@]}" update -qq && "${apt_install[@]}"; } >>"$STATE/logs/apt.log" 2>&1 || rc=$?
  fi
  restore_policy
  [ "$rc" = 0 ] || fail "apt-get install ${missing[*]} failed (exit $rc); see the apt.log tail above"
}

missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (log: $STATE/logs/apt.log)"
  t0=$SECONDS
  install_packages
  say "installed in $((SECONDS - t0)) s"
fi
if ! { [ -x "$PY" ] && "$PY" -c 'import swift' 2>/dev/null; }; then
  fail "$PY cannot import swift (python3-swift broken?)"
fi
# Bookworm has 2.30.1-0+deb12uN (main, or a newer N from bookworm-security when its lists are present);
# swift_launch.py patches two names inside Swift 2.30, which another release may not have.
SWIFT_VERSION="$(dpkg-query -W -f='${Version}' swift-proxy)"
case "$SWIFT_VERSION" in
  2.30.1-*) ;;
  *) say "warning: swift-proxy is $SWIFT_VERSION, not 2.30.1; swift_launch.py was written against 2.30.1" ;;
esac

deadline=$((SECONDS + TIMEOUT_S))

# ---------------------------------------------------------------------------------------------------------
# Checks and ports.
# ---------------------------------------------------------------------------------------------------------
# The object server keeps metadata in user xattrs; without them every PUT fails with 507 or 500.
"$PY" -c 'import os, sys; os.setxattr(sys.argv[1], "user.swift.probe", b"1"); os.removexattr(sys.argv[1], "user.swift.probe")' \
  "$STATE/devices/d1" 2>/dev/null || fail "the filesystem of $STATE has no user xattrs (Swift needs them)"

# Four free loopback ports, held open together so they differ; there is a short race between closing them
# here and the servers binding them, which a failed start reports (bind error in the server's log).
read -r ACCOUNT_PORT CONTAINER_PORT OBJECT_PORT PROXY_PORT < <("$PY" -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()')

# ---------------------------------------------------------------------------------------------------------
# Configuration, all in STATE/etc.
# ---------------------------------------------------------------------------------------------------------
ETC="$STATE/etc"
cat > "$ETC/swift.conf" <<EOF
[swift-hash]
swift_hash_path_suffix = $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
swift_hash_path_prefix = $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')

[storage-policy:0]
name = Policy-0
default = yes
EOF

# [DEFAULT] shared by every server. workers = 0: each server runs in one process that does not fork, so the
# PID we record is the whole server (with workers > 0 the parent's SIGTERM handler also signals its whole
# process group). user: with workers = 0 Swift never switches user; named anyway so it never becomes `swift`.
server_defaults() {
  cat <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $2
workers = 0
user = $(id -un)
swift_dir = $ETC
devices = $STATE/devices
mount_check = false
log_name = $1
log_level = INFO
EOF
}

# The storage servers differ only in their name, port and egg.
for kind in account:"$ACCOUNT_PORT" container:"$CONTAINER_PORT" object:"$OBJECT_PORT"; do
  { server_defaults "${kind%%:*}-server" "${kind#*:}"; cat <<EOF

[pipeline:main]
pipeline = ${kind%%:*}-server

[app:${kind%%:*}-server]
use = egg:swift#${kind%%:*}
EOF
  } > "$ETC/${kind%%:*}-server.conf"
done

# The pipeline of the s3api documentation (proxy-server.conf-sample), s3api right before tempauth and slo
# after them (s3api needs SLO for multipart uploads). `cache` is the in-process cache of swift_launch.py:
# tempauth needs a cache object and memcached would be one more package and process.
cat > "$ETC/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $PROXY_PORT
workers = 0
user = $(id -un)
swift_dir = $ETC
log_name = proxy-server
log_level = INFO

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl ratelimit s3api tempauth copy container-quotas account-quotas slo dlo versioned_writes proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
# The first S3 request of test:tester creates its Swift account AUTH_test.
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
# Explicit, because the region is part of every SigV4 credential scope (COS_REGION below).
location = $REGION
# S3's limit of 10000 parts, as the s3api docs say to configure it for S3 parity (Swift's default is 1000,
# which would stop every check that uploads part 1001 or above); SLO must then accept manifests of 10000
# segments (below). min_segment_size is left at its default, S3's 5 MiB, as is max_parts_listing (1000).
max_upload_part_num = 10000

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = $SECRET_KEY .admin

[filter:cache]
paste.filter_factory = swift_launch:cache_filter_factory

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:bulk]
use = egg:swift#bulk

[filter:tempurl]
use = egg:swift#tempurl

[filter:ratelimit]
use = egg:swift#ratelimit

[filter:copy]
use = egg:swift#copy

[filter:container-quotas]
use = egg:swift#container_quotas

[filter:account-quotas]
use = egg:swift#account_quotas

[filter:slo]
use = egg:swift#slo
max_manifest_segments = 10000

[filter:dlo]
use = egg:swift#dlo

[filter:versioned_writes]
use = egg:swift#versioned_writes
EOF

# Rings: 2^10 partitions, one replica, one device per ring. Through swift_launch.py too, so that not even
# the ring builder reads /etc/swift/swift.conf. The three rings are built in parallel (each swift-ring-builder
# call spends ~0.3 s importing Swift; in sequence the nine calls were half of the start-up time).
declare -A ring_builders=()
for ring in account:"$ACCOUNT_PORT" container:"$CONTAINER_PORT" object:"$OBJECT_PORT"; do
  name="${ring%%:*}" builder="$ETC/${ring%%:*}.builder"
  {
    "$PY" "$LAUNCH" "$ETC" /usr/bin/swift-ring-builder "$builder" create 10 1 1 &&
    "$PY" "$LAUNCH" "$ETC" /usr/bin/swift-ring-builder "$builder" add "r1z1-127.0.0.1:${ring#*:}/d1" 1 &&
    "$PY" "$LAUNCH" "$ETC" /usr/bin/swift-ring-builder "$builder" rebalance
  } >"$STATE/logs/ring-$name.log" 2>&1 &
  ring_builders[$!]=$name
done
for pid in "${!ring_builders[@]}"; do
  wait "$pid" || fail "swift-ring-builder failed for the ${ring_builders[$pid]} ring; see ring-${ring_builders[$pid]}.log above"
done

# ---------------------------------------------------------------------------------------------------------
# Servers: each in the background, stdin from /dev/null, stdout and stderr to its log (-v: Swift logs to
# stderr too), its PID recorded before the next one starts so a failure later still stops it.
# ---------------------------------------------------------------------------------------------------------
declare -A server_of=()   # PID -> server name, for messages
start_server() {  # NAME
  "$PY" "$LAUNCH" "$ETC" "/usr/bin/swift-$1" "$ETC/$1.conf" -v </dev/null >>"$STATE/logs/$1.log" 2>&1 &
  echo $! >> "$STATE/pids"
  server_of[$!]=$1
}
for server in account-server container-server object-server proxy-server; do start_server "$server"; done

# Any HTTP status means the server is listening (the storage servers answer 400 to a path they do not
# serve). A server that exited is reported at once instead of at the deadline.
wait_http() {  # NAME URL
  local code pid
  while :; do
    code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$2" 2>/dev/null || true)"
    [ -n "$code" ] && [ "$code" != 000 ] && return 0
    for pid in "${!server_of[@]}"; do
      kill -0 "$pid" 2>/dev/null || fail "${server_of[$pid]} (PID $pid) exited during start-up; see its log above"
    done
    [ "$SECONDS" -lt "$deadline" ] || fail "$1 did not answer on $2 within ${TIMEOUT_S} s"
    sleep 0.2
  done
}
wait_http account-server "http://127.0.0.1:$ACCOUNT_PORT/"
wait_http container-server "http://127.0.0.1:$CONTAINER_PORT/"
wait_http object-server "http://127.0.0.1:$OBJECT_PORT/"
wait_http proxy-server "http://127.0.0.1:$PROXY_PORT/healthcheck"
[ "$(curl -s -m 5 "http://127.0.0.1:$PROXY_PORT/healthcheck")" = OK ] || fail "proxy /healthcheck did not say OK"

# ---------------------------------------------------------------------------------------------------------
# The bucket: a SigV4-signed S3 PUT, then HEAD and GET (ListObjects) must answer 200. Signed in Python, not
# with curl --aws-sigv4: curl splits --user at the first colon, and the access key is test:tester (a URL
# user test%3Atester works, but needs care with quoting and an x-amz-content-sha256 header of our own).
# Prints the status; an error answer's body goes to logs/s3.log (shown if the start fails).
# ---------------------------------------------------------------------------------------------------------
s3() {  # METHOD PATH
  "$PY" - "$1" "http://127.0.0.1:$PROXY_PORT$2" "$ACCESS_KEY" "$SECRET_KEY" "$REGION" 2>>"$STATE/logs/s3.log" <<'PY'
import datetime, hashlib, hmac, http.client, sys, urllib.parse
method, url, access, secret, region = sys.argv[1:]
u = urllib.parse.urlsplit(url)
now = datetime.datetime.now(datetime.timezone.utc)
amz_date, day = now.strftime('%Y%m%dT%H%M%SZ'), now.strftime('%Y%m%d')
payload = hashlib.sha256(b'').hexdigest()
headers = {'host': u.netloc, 'x-amz-content-sha256': payload, 'x-amz-date': amz_date}
signed = ';'.join(sorted(headers))
canonical = '\n'.join([method, u.path or '/', u.query, *(f'{k}:{headers[k]}' for k in sorted(headers)), '',
                       signed, payload])
scope = f'{day}/{region}/s3/aws4_request'
to_sign = '\n'.join(['AWS4-HMAC-SHA256', amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
key = ('AWS4' + secret).encode()
for part in (day, region, 's3', 'aws4_request'):
    key = hmac.new(key, part.encode(), hashlib.sha256).digest()
signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
headers['authorization'] = (f'AWS4-HMAC-SHA256 Credential={access}/{scope}, SignedHeaders={signed}, '
                            f'Signature={signature}')
headers['content-length'] = '0'
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
conn.request(method, u.path + ('?' + u.query if u.query else ''), headers=headers)
resp = conn.getresponse()
body = resp.read()
if resp.status >= 300:
    sys.stderr.write(f'{method} {url}: {resp.status}\n{body.decode(errors="replace")}\n')
print(resp.status)
PY
}
status="$(s3 PUT "/$BUCKET")" || status=000
# 200 on creation; 409 BucketAlreadyExists cannot happen in a fresh STATE_DIR but is not a failure either.
case "$status" in 200|409) ;; *) fail "S3 PUT /$BUCKET answered $status, not 200; see s3.log above" ;; esac
[ "$(s3 HEAD "/$BUCKET" || echo 000)" = 200 ] || fail "S3 HEAD /$BUCKET did not answer 200 after creating it"
[ "$(s3 GET "/$BUCKET" || echo 000)" = 200 ] || fail "S3 GET /$BUCKET (ListObjects) did not answer 200"
[ "$SECONDS" -lt "$deadline" ] || fail "Swift took longer than ${TIMEOUT_S} s to come up"

cat > "$STATE/env" <<EOF
COS_ENDPOINT=http://127.0.0.1:$PROXY_PORT
COS_BUCKET=$BUCKET
COS_REGION=$REGION
COS_SECRET_ID=$ACCESS_KEY
COS_SECRET_KEY=$SECRET_KEY
COS_PROFILE=s3
COS_SIGNATURE=sigv4
COS_ADDRESSING=path
EOF
up=1
trap - ERR INT TERM EXIT
say "Swift $SWIFT_VERSION up: proxy 127.0.0.1:$PROXY_PORT, PIDs $(paste -sd' ' "$STATE/pids"), logs in $STATE/logs"
cat "$STATE/env"
