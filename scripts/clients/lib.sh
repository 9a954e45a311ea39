# Shared by the shell runners of scripts/clients/: the file to upload, the key, and the read-back comparison.
# Sourced, never run. Each runner reads only the environment the client mode hands it (README, "Clients").

die() { echo "$RUNNER: $*" >&2; exit 2; }

require_env() {
  for name in "$@"; do
    [ -n "${!name:-}" ] || die "$name is not set"
  done
}

# CLIENT_FILE if given, otherwise CLIENT_SIZE random bytes (default: three S3 parts of 5 MiB, the last short).
prepare_file() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/client-$RUNNER-XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  if [ -n "${CLIENT_FILE:-}" ]; then
    [ -r "$CLIENT_FILE" ] || die "CLIENT_FILE $CLIENT_FILE cannot be read"
    SOURCE=$CLIENT_FILE
  else
    SOURCE=$WORK/upload.bin
    head -c "${CLIENT_SIZE:-10609216}" /dev/urandom > "$SOURCE"
  fi
  KEY=${CLIENT_KEY:-clients/$RUNNER/$(date +%s)-$$.bin}
  SIZE=$(stat -c %s "$SOURCE")
}

# Compares the downloaded copy with what was uploaded; prints the one result line the client mode reads.
compare_and_report() {
  local copy=$1
  if cmp -s "$SOURCE" "$copy"; then
    echo "{\"runner\":\"$RUNNER\",\"key\":\"$KEY\",\"size\":$SIZE,\"md5\":\"$(md5sum < "$SOURCE" | cut -d' ' -f1)\",\"roundTrip\":true}"
  else
    echo "$RUNNER: the object read back differs from the file uploaded ($(stat -c %s "$copy") bytes read, $SIZE sent)" >&2
    exit 1
  fi
}
