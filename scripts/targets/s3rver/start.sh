#!/usr/bin/env bash
# Starts stock s3rver (npm, pinned in package.json) as a user runs it: its own CLI, node_modules/.bin/s3rver, in a
# process of its own, on 127.0.0.1, with its data directory and one bucket; nothing of ours in its process, so a
# request that crashes it ends it, as it would for anyone.
#
#   scripts/targets/s3rver/start.sh STATE_DIR      (STATE_DIR: under /tmp)
#   set -a; . STATE_DIR/env; set +a                # COS_* settings for `cos-conformance run`
#   scripts/targets/stop.sh STATE_DIR              # stops the PID in STATE_DIR/pids, removes STATE_DIR
#
# Run again on the same STATE_DIR, it restarts s3rver: the recorded process is stopped if it is still alive, and a
# new one serves the same port and the same data directory (objects, uploads and parts survive, as they would for
# a user restarting it). That is the command a run's restart setting can name, to bring back a crashed target.
# STATE_DIR holds data/ (s3rver's directory), s3rver.log (its output, one line per request, and the stack of a
# crash), port, pids and env. The last lines on stdout are the COS_* settings (STATE_DIR/env); progress goes to
# stderr. Exit 1 with one line saying what failed (and the log's tail) if it does not come up.
set -euo pipefail

readonly BUCKET=conformance
readonly REGION=us-east-1           # s3rver does not check the region of a SigV4 scope
readonly KEY=S3RVER                 # s3rver's one built-in key pair: S3RVER / S3RVER
readonly TIMEOUT_S=30
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
readonly ROOT
readonly BIN="$ROOT/node_modules/.bin/s3rver"

say() { echo "s3rver/start.sh: $*" >&2; }
fail() { say "$*"; exit 1; }

[ $# -eq 1 ] || { echo "usage: scripts/targets/s3rver/start.sh STATE_DIR" >&2; exit 2; }
STATE="$(realpath -m -- "$1")"
case "$STATE" in
  /tmp/?*|"${TMPDIR:-/tmp}"/?*) ;;
  *) echo "s3rver/start.sh: STATE_DIR must be under /tmp (stop.sh removes it), got $STATE" >&2; exit 2 ;;
esac
[ -x "$BIN" ] || fail "$BIN not found: run npm ci first"
command -v curl >/dev/null || fail "curl is needed to see s3rver answer"
mkdir -p "$STATE/data"
log="$STATE/s3rver.log"
touch "$STATE/pids" "$log"

# ---- a restart: stop what the last start left running ------------------------------------------------------
alive() { kill -0 "$1" 2>/dev/null; }
# The recorded PID of an s3rver that crashed may belong to another process by now: only one whose command line
# names this data directory is ours.
ours() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "--directory $STATE/data "; }
while read -r pid; do
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && ours "$pid" || continue
  say "stopping the s3rver still running (pid $pid) to restart it"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
done < "$STATE/pids"
restart=0
if [ -s "$STATE/port" ]; then
  port="$(cat "$STATE/port")"; restart=1
  [[ "$port" =~ ^[0-9]+$ ]] || fail "$STATE/port holds no port number"
else
  port=0                            # s3rver binds a free port and prints which
fi

# ---- s3rver ------------------------------------------------------------------------------------------------
# Its own session, so no signal meant for the caller's terminal reaches it; without job control the background
# child is no group leader, so setsid execs in place and $! is the PID of s3rver's node process.
offset=$(stat -c %s "$log")
echo "----- $(date -u +%FT%TZ) s3rver/start.sh: starting on port $port -----" >> "$log"
setsid "$BIN" --directory "$STATE/data" --address 127.0.0.1 --port "$port" --configure-bucket "$BUCKET" \
  </dev/null >>"$log" 2>&1 &
pid=$!
echo "$pid" > "$STATE/pids"          # only the live process: an old PID may belong to someone else by now

deadline=$((SECONDS + TIMEOUT_S))
listening=""
until [ -n "$listening" ]; do
  listening="$(tail -c +"$((offset + 1))" "$log" | sed -n 's/^S3rver listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' | head -n 1)"
  [ -n "$listening" ] && break
  if ! alive "$pid" || [ "$SECONDS" -ge "$deadline" ]; then
    tail -c +"$((offset + 1))" "$log" | tail -n 25 >&2
    kill -KILL "$pid" 2>/dev/null || true
    fail "s3rver (pid $pid) did not start listening on 127.0.0.1:$port within ${TIMEOUT_S} s (see its log above)"
  fi
  sleep 0.1
done
[ "$port" = 0 ] || [ "$listening" = "$port" ] || fail "s3rver listens on $listening, not on $port"
port=$listening
echo "$port" > "$STATE/port"
# Serving, and the bucket there (s3rver answers anonymous requests).
code="$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "http://127.0.0.1:$port/$BUCKET?max-keys=0")" || true
[ "$code" = 200 ] || { kill -KILL "$pid" 2>/dev/null || true; fail "s3rver answers GET /$BUCKET with HTTP $code"; }
if [ "$restart" = 1 ]; then say "restarted (pid $pid) on 127.0.0.1:$port"; else say "started (pid $pid) on 127.0.0.1:$port"; fi

cat > "$STATE/env" <<EOF
COS_ENDPOINT=http://127.0.0.1:$port
COS_BUCKET=$BUCKET
COS_REGION=$REGION
COS_SECRET_ID=$KEY
COS_SECRET_KEY=$KEY
COS_PROFILE=s3
COS_SIGNATURE=sigv4
COS_ADDRESSING=path
EOF
cat "$STATE/env"
