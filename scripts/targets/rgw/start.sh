#!/usr/bin/env bash
# Brings up Ceph RGW (Debian bookworm's 16.2.x) on loopback as a target for the suite:
# one monitor, one memstore OSD, radosgw with the beast frontend; no mgr, no systemd.
#
#   scripts/targets/rgw/start.sh STATE_DIR [--https]      (STATE_DIR: empty or absent, under /tmp)
#
# Plain HTTP by default. With --https, radosgw serves HTTPS too (beast ssl_endpoint, a certificate for 127.0.0.1
# and localhost made by openssl under STATE_DIR/tls): STATE_DIR/env then holds the HTTPS settings, with
# COS_CA_FILE naming the certificate to trust, and STATE_DIR/env.http the plain-HTTP settings of the same gateway
# with a bucket of their own, so one cluster serves both runs (scripts/targets.ts does that for rgw + rgw-https).
# Over plain HTTP, RGW refuses SSE requests (rgw_crypt_require_ssl) and the suite cannot judge SSE-C at all, so
# UP-17 and UP-39 get a verdict only over HTTPS.
#
# Every piece of state (ceph.conf, keyring, mon store, OSD, logs, admin sockets, certificate) lives under
# STATE_DIR; every process started is recorded in STATE_DIR/pids, so `scripts/targets/stop.sh STATE_DIR` stops
# exactly those. The last lines on stdout are the COS_* settings, also written to STATE_DIR/env.
# On failure: the tails of the daemon logs and then one line saying what failed go to stderr, what was started is
# stopped (STATE_DIR is removed by stop.sh), and the exit code is 1.
set -euo pipefail

usage="usage: scripts/targets/rgw/start.sh STATE_DIR [--https]"
https=0
state_arg=""
for arg in "$@"; do
  case "$arg" in
    --https) https=1 ;;
    -*) echo "start.sh: unknown option $arg; $usage" >&2; exit 2 ;;
    *) [ -z "$state_arg" ] || { echo "$usage" >&2; exit 2; }; state_arg=$arg ;;
  esac
done
[ -n "$state_arg" ] || { echo "$usage" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stop_sh="$here/../stop.sh"

# Fixed test credentials: the target is on loopback and lives only as long as STATE_DIR.
bucket=conformance
# The HTTPS run's own bucket, so that nothing a plain-HTTP run on the same gateway left behind is in its way.
https_bucket=conformance-https
access_key=RGWCONFORMANCEKEY000
secret_key=rgwconformancesecret0000000000000000000
uid=conformance
# RGW does not compare the region of a SigV4 credential scope with its zonegroup (its default zonegroup is
# called "default"); it only uses it to derive the signing key (us-east-1, default and a made-up region were all
# accepted by 16.2.15). us-east-1 is what S3 clients assume.
region=us-east-1
timeout_s=120               # bound on the whole start-up after the packages are installed
packages=(ceph-mon ceph-osd radosgw ceph-common)

log() { echo "start.sh: $*" >&2; }

# ---- state directory --------------------------------------------------------------------------------------
case "$state_arg" in
  /tmp/*) ;;
  *) echo "start.sh: STATE_DIR must be under /tmp (stop.sh removes it), got: $state_arg" >&2; exit 2 ;;
esac
if [ -e "$state_arg" ] && [ -n "$(ls -A "$state_arg")" ]; then
  echo "start.sh: STATE_DIR $state_arg is not empty" >&2; exit 2
fi
mkdir -p "$state_arg"
state="$(cd "$state_arg" && pwd)"   # absolute: ceph daemons resolve paths from their own cwd
conf="$state/ceph.conf"
keyring="$state/keyring"
logdir="$state/log"
rundir="$state/run"
pids="$state/pids"
mkdir -p "$logdir" "$rundir" "$state/mon.a" "$state/osd.0" "$state/rgw" "$state/crash"
: > "$pids"

# ---- failure path ------------------------------------------------------------------------------------------
# Any failure (die, or a command failing under set -e) prints the log tails, stops what was started and ends
# with one line saying what went wrong.
failed_msg=""
die() { failed_msg="$*"; exit 1; }
on_exit() {
  local rc=$?
  [ "$rc" = 0 ] && return
  [ -n "$failed_msg" ] || failed_msg="failed (exit $rc) at line ${err_line:-?}: ${err_cmd:-?}"
  for f in "$logdir"/*; do
    [ -s "$f" ] || continue
    echo "----- tail of ${f#"$state"/} -----" >&2
    tail -n 25 "$f" >&2
  done
  "$stop_sh" "$state" >&2 || true
  echo "start.sh: $failed_msg" >&2
  exit "$rc"
}
trap 'err_line=$LINENO; err_cmd=$BASH_COMMAND' ERR
trap on_exit EXIT
trap 'die "interrupted"' INT TERM

# ---- packages ----------------------------------------------------------------------------------------------
[ "$https" = 0 ] || packages+=(openssl)   # makes the certificate
have_all() {
  local p
  for p in "${packages[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || return 1
  done
}
# Another apt-get may hold the dpkg lock (the other targets install their packages too): wait for it.
apt_() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
if ! have_all; then
  t0=$SECONDS
  log "installing ${packages[*]} (Debian packages) ..."
  # Refresh the package lists only when they do not know the packages (a fresh image has none).
  if ! apt-cache policy radosgw 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_ update -qq
  fi
  install() { DEBIAN_FRONTEND=noninteractive apt_ install -y -qq --no-install-recommends "${packages[@]}"; }
  # Stale lists (a mirror that moved on) make the install 404: refresh once and retry.
  install >"$logdir/apt.log" 2>&1 || { apt_ update -qq && install >>"$logdir/apt.log" 2>&1; } \
    || die "apt-get install ${packages[*]} failed (see $logdir/apt.log above)"
  log "packages installed in $((SECONDS - t0)) s"
fi

# ---- start-up clock starts here ----------------------------------------------------------------------------
start_ns=$(date +%s%N)
deadline=$((SECONDS + timeout_s))
elapsed() { echo "$(( ($(date +%s%N) - start_ns) / 1000000 )) ms"; }
left() { echo $((deadline - SECONDS)); }

# Debian's python3 (ceph-common depends on it; the ceph CLI is Python), not whatever python3 is first in PATH.
py=/usr/bin/python3
free_port() {
  "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
mon_port=$(free_port)
rgw_port=$(free_port)
[ "$mon_port" != "$rgw_port" ] || rgw_port=$(free_port)
frontends="beast endpoint=127.0.0.1:$rgw_port"
if [ "$https" = 1 ]; then
  tls_port=$(free_port)
  while [ "$tls_port" = "$mon_port" ] || [ "$tls_port" = "$rgw_port" ]; do tls_port=$(free_port); done
  # A self-signed certificate for the names the suite connects to; the suite trusts it through COS_CA_FILE.
  mkdir -p "$state/tls"
  cert="$state/tls/cert.pem"
  timeout 20 openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$state/tls/key.pem" -out "$cert" -days 7 -subj '/CN=cos-conformance rgw' \
    -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' >"$logdir/openssl.out" 2>&1 \
    || die "openssl could not make the certificate (see $logdir/openssl.out above)"
  frontends+=" ssl_endpoint=127.0.0.1:$tls_port ssl_certificate=$cert ssl_private_key=$state/tls/key.pem"
fi
fsid=$("$py" -c 'import uuid; print(uuid.uuid4())')
osd_uuid=$("$py" -c 'import uuid; print(uuid.uuid4())')

# ---- ceph.conf ---------------------------------------------------------------------------------------------
# Every path Ceph would otherwise take from /etc/ceph, /var/lib/ceph, /var/run/ceph or /var/log/ceph is set
# here; every command below gets -c "$conf".
cat > "$conf" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
# msgr2 only: one port for the mon, nothing on 0.0.0.0
ms bind msgr1 = false
ms bind ipv6 = false
public addr = 127.0.0.1
cluster addr = 127.0.0.1
keyring = $keyring
run dir = $rundir
crash dir = $state/crash
log file = $logdir/\$cluster-\$name.log
# clients (ceph, radosgw-admin) would otherwise share one admin socket name; they need none
admin socket =
# single-OSD cluster: replicas of 1, CRUSH choosing OSDs rather than hosts
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
# RGW creates ~7 pools by itself; with no mgr there is no autoscaler, so keep pg counts small and the limit
# high enough (pools x pg_num x size must stay under mon_max_pg_per_osd x OSDs)
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
rgw rados pool pg num min = 8
mon allow pool delete = true
# RGW creates its pools one by one and waits for each new OSD map; the monitor's default of batching changes for
# 1 s (paxos propose interval) makes that ~2 s per pool, i.e. most of the start-up time
paxos propose interval = 0.1
auth cluster required = cephx
auth service required = cephx
auth client required = cephx

[mon]
mon data = $state/mon.\$id
admin socket = $rundir/\$cluster-\$name.asok
pid file = $rundir/\$cluster-\$name.pid
# the cluster and audit logs would otherwise go to /var/log/ceph
mon cluster log file = default=$logdir/\$cluster.\$channel.log cluster=$logdir/\$cluster.log
# the free-space warnings of the mon store are noise for a throwaway cluster in /tmp
mon data avail warn = 2
mon data avail crit = 1

[osd]
osd data = $state/osd.\$id
osd objectstore = memstore
memstore device bytes = 4294967296
admin socket = $rundir/\$cluster-\$name.asok
pid file = $rundir/\$cluster-\$name.pid
# on TERM the OSD tells the mon it is going down and waits up to 5 s for an answer; stop.sh stops the mon at the
# same moment, so that wait would always run out (and stop.sh KILLs after 10 s)
osd mon shutdown timeout = 0.5
# the default op queue (5 shards) is sized for a real disk; this machine has 2 cores
osd op num shards = 2
osd op num threads per shard = 2

[client.rgw.conformance]
rgw data = $state/rgw
rgw frontends = $frontends
admin socket = $rundir/\$cluster-\$name.asok
# the default of 512 request threads is for production; the suite runs a few requests at a time
rgw thread pool size = 64
EOF

# ---- keys --------------------------------------------------------------------------------------------------
# One keyring for the whole cluster; ceph-mon --mkfs imports every key in it into the auth database.
ceph-authtool -C "$keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$keyring" --gen-key -n client.admin \
  --cap mon 'allow *' --cap osd 'allow *' --cap mds 'allow *' --cap mgr 'allow *' >/dev/null
ceph-authtool "$keyring" --gen-key -n osd.0 \
  --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *' >/dev/null
ceph-authtool "$keyring" --gen-key -n client.rgw.conformance \
  --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null

# Cluster clients, bounded in time so that a missing mon cannot hang the script.
ceph_() { timeout 30 ceph -c "$conf" --connect-timeout 15 "$@"; }
rgwadmin() { timeout 60 radosgw-admin -c "$conf" -n client.admin "$@"; }

# Run one daemon in the foreground of its own session (so it outlives this script and no terminal signal
# reaches it), output to a log, PID recorded. In a script without job control the background child is not a
# group leader, so setsid execs in place and $! is the daemon's own PID. spawn NAME CMD...; sets $spawned.
spawn() {
  local name=$1; shift
  setsid "$@" </dev/null >"$logdir/$name.out" 2>&1 &
  spawned=$!
  echo "$spawned" >> "$pids"
}
alive() { kill -0 "$1" 2>/dev/null; }

# wait_for WHAT PID CMD...: poll CMD until it succeeds, the daemon PID dies or the deadline passes.
wait_for() {
  local what=$1 pid=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    alive "$pid" || die "$what: the daemon (pid $pid) exited during start-up"
    [ "$(left)" -gt 0 ] || die "$what did not come up within ${timeout_s} s"
    sleep 0.2
  done
}

# ---- monitor -----------------------------------------------------------------------------------------------
monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$state/monmap" >/dev/null
timeout 60 ceph-mon -c "$conf" --cluster ceph -i a --mkfs --monmap "$state/monmap" --keyring "$keyring" \
  >"$logdir/mon.a.mkfs.out" 2>&1 || die "ceph-mon --mkfs failed"
spawn mon.a ceph-mon -f -c "$conf" --cluster ceph -i a \
  --run-dir "$rundir" --admin-socket "$rundir/ceph-mon.a.asok"
mon_pid=$spawned
wait_for "the monitor" "$mon_pid" ceph_ mon stat
log "mon up on 127.0.0.1:$mon_port ($(elapsed))"

# ---- OSD ---------------------------------------------------------------------------------------------------
osd_id=$(ceph_ osd new "$osd_uuid")
[ "$osd_id" = 0 ] || die "expected osd id 0, the monitor allocated '$osd_id'"
timeout 60 ceph-osd -c "$conf" --cluster ceph -i 0 --mkfs --osd-uuid "$osd_uuid" \
  >"$logdir/osd.0.mkfs.out" 2>&1 || die "ceph-osd --mkfs failed"
spawn osd.0 ceph-osd -f -c "$conf" --cluster ceph -i 0 \
  --run-dir "$rundir" --admin-socket "$rundir/ceph-osd.0.asok"
osd_pid=$spawned
osd_up() { ceph_ osd dump -f json | "$py" -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if any(o["up"] and o["in"] for o in d["osds"]) else 1)'; }
wait_for "the OSD" "$osd_pid" osd_up
log "osd.0 up and in ($(elapsed))"

# ---- radosgw -----------------------------------------------------------------------------------------------
# RGW creates its zone, zonegroup and pools on first start, and opens its port only once it can write them
# (i.e. once the OSD serves the new PGs), so "answers HTTP" means "usable".
spawn rgw radosgw -f -c "$conf" --cluster ceph -n client.rgw.conformance \
  --run-dir "$rundir" --admin-socket "$rundir/ceph-client.rgw.conformance.asok"
rgw_pid=$spawned
rgw_answers() { curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://127.0.0.1:$rgw_port/" | grep -q '^[1-5]'; }
wait_for "radosgw on 127.0.0.1:$rgw_port" "$rgw_pid" rgw_answers
log "radosgw answers HTTP on 127.0.0.1:$rgw_port ($(elapsed))"
if [ "$https" = 1 ]; then
  # Both frontends open together; this also proves the certificate is valid for 127.0.0.1.
  rgw_answers_tls() { curl -s -o /dev/null --max-time 2 --cacert "$cert" -w '%{http_code}' "https://127.0.0.1:$tls_port/" | grep -q '^[1-5]'; }
  wait_for "radosgw HTTPS on 127.0.0.1:$tls_port" "$rgw_pid" rgw_answers_tls
  log "radosgw answers HTTPS on 127.0.0.1:$tls_port ($(elapsed))"
fi

# ---- user and bucket ---------------------------------------------------------------------------------------
rgwadmin user create --uid "$uid" --display-name "cos-conformance" \
  --access-key "$access_key" --secret-key "$secret_key" >"$logdir/user-create.out" 2>&1 \
  || die "radosgw-admin user create failed"

# s3 METHOD URL [curl args...]: one SigV4-signed request without a body; prints the HTTP status, body in
# s3-last.out. curl 7.88 signs the payload hash but does not send x-amz-content-sha256, which RGW needs to check
# the signature (SignatureDoesNotMatch without it); when the header is given, curl signs it too.
# (curl 7.88 also signs a bare "?uploads" wrongly: write "?uploads=" if you extend this.)
empty_sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
s3() {
  local method=$1 url=$2; shift 2
  curl -s -o "$logdir/s3-last.out" --max-time 10 -w '%{http_code}' -X "$method" \
    -H "x-amz-content-sha256: $empty_sha256" \
    --aws-sigv4 "aws:amz:$region:s3" --user "$access_key:$secret_key" "$@" "$url"
}
# make_bucket BASE_URL BUCKET [curl args...]
make_bucket() {
  local base=$1 name=$2 code; shift 2
  code=$(s3 PUT "$base/$name" "$@") || true
  [ "$code" = 200 ] || die "creating bucket $name at $base: HTTP $code $(head -c 300 "$logdir/s3-last.out")"
  code=$(s3 HEAD "$base/$name" -I "$@") || true
  [ "$code" = 200 ] || die "bucket $name does not exist after PUT: HEAD $base/$name answered HTTP $code"
}
make_bucket "http://127.0.0.1:$rgw_port" "$bucket"
[ "$https" = 0 ] || make_bucket "https://127.0.0.1:$tls_port" "$https_bucket" --cacert "$cert"
log "user $uid and bucket(s) ready; start-up took $(elapsed)"

# ---- settings for the suite --------------------------------------------------------------------------------
# settings ENDPOINT BUCKET [EXTRA_LINE]
settings() {
  cat <<EOF
COS_ENDPOINT=$1
COS_BUCKET=$2
COS_REGION=$region
COS_SECRET_ID=$access_key
COS_SECRET_KEY=$secret_key
COS_PROFILE=s3
COS_SIGNATURE=sigv4
COS_ADDRESSING=path
EOF
  [ -z "${3:-}" ] || echo "$3"
}
if [ "$https" = 1 ]; then
  settings "http://127.0.0.1:$rgw_port" "$bucket" > "$state/env.http"
  settings "https://127.0.0.1:$tls_port" "$https_bucket" "COS_CA_FILE=$cert" > "$state/env"
else
  settings "http://127.0.0.1:$rgw_port" "$bucket" > "$state/env"
fi
cat "$state/env"
