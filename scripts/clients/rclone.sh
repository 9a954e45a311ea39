#!/usr/bin/env bash
# rclone (Debian's) copies a file up with `rclone copyto` and back down, to an S3 remote configured from the
# environment as its users do (RCLONE_CONFIG_<NAME>_*: type s3, provider Other, the endpoint, the keys, the region,
# path-style) with 5 MiB chunks and a 5 MiB upload cutoff, so the file goes up in parts. Over HTTPS --ca-cert
# trusts AWS_CA_BUNDLE, verification on. By default rclone makes sure of the bucket first (CreateBucket, taking 409
# BucketAlreadyOwnedByYou or BucketAlreadyExists as success), as its users leave it.
#
# Environment: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_CA_BUNDLE (optional),
# COS_BUCKET; CLIENT_FILE or CLIENT_SIZE, CLIENT_KEY, CLIENT_SSE_C=1 (sse_customer_key, 32 characters).
set -euo pipefail
RUNNER=rclone
. "$(dirname "$0")/lib.sh"
require_env AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION COS_BUCKET
command -v rclone >/dev/null || die "rclone is not installed"
prepare_file

export RCLONE_CONFIG=$WORK/rclone.conf
: > "$RCLONE_CONFIG"
export RCLONE_CONFIG_TARGET_TYPE=s3
export RCLONE_CONFIG_TARGET_PROVIDER=Other
export RCLONE_CONFIG_TARGET_ENDPOINT=$AWS_ENDPOINT_URL
export RCLONE_CONFIG_TARGET_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID
export RCLONE_CONFIG_TARGET_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY
export RCLONE_CONFIG_TARGET_REGION=$AWS_REGION
export RCLONE_CONFIG_TARGET_FORCE_PATH_STYLE=true
export RCLONE_CONFIG_TARGET_CHUNK_SIZE=5Mi
export RCLONE_CONFIG_TARGET_UPLOAD_CUTOFF=5Mi
# rclone's own option trusts the CA. AWS_CA_BUNDLE must not reach it as well: the aws-sdk-go v1 session inside
# rclone 1.60 (v1.44.70, aws/session/session.go:598 and :641) loads it into the HTTP client's transport, fails on
# rclone's own transport type, and rclone stops with LoadCustomCABundleError before sending anything.
if [ "${CLIENT_SSE_C:-}" = 1 ]; then
  export RCLONE_CONFIG_TARGET_SSE_CUSTOMER_ALGORITHM=AES256
  RCLONE_CONFIG_TARGET_SSE_CUSTOMER_KEY=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
  export RCLONE_CONFIG_TARGET_SSE_CUSTOMER_KEY
fi
ca=()
if [ -n "${AWS_CA_BUNDLE:-}" ]; then
  ca=(--ca-cert "$AWS_CA_BUNDLE")
  unset AWS_CA_BUNDLE
fi

rc () { rclone "${ca[@]}" "$@"; }
rc copyto "$SOURCE" "target:$COS_BUCKET/$KEY" || { echo "$RUNNER: rclone copyto (upload) failed" >&2; exit 1; }
rc copyto "target:$COS_BUCKET/$KEY" "$WORK/downloaded.bin" || { echo "$RUNNER: rclone copyto (download) failed" >&2; exit 1; }
compare_and_report "$WORK/downloaded.bin"
