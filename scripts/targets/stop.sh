#!/usr/bin/env bash
# Stops a server that a start script of scripts/targets/ brought up: only the processes it recorded in
# STATE_DIR/pids (one PID per line), TERM first, KILL after 10 s, then removes STATE_DIR. Never matches by name.
set -uo pipefail
state="${1:?usage: scripts/targets/stop.sh STATE_DIR}"
pids_file="$state/pids"
if [ -f "$pids_file" ]; then
  mapfile -t pids < <(grep -E '^[0-9]+$' "$pids_file" | tac)
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
fi
case "$state" in
  /tmp/*|"${TMPDIR:-/tmp}"/*) rm -rf -- "$state" ;;
  *) echo "stop.sh: left $state in place (not under a temporary directory)" >&2 ;;
esac
