#!/usr/bin/env bash
# s3cmd (Debian's) puts a file in 5 MiB parts (`--multipart-chunk-size-mb=5`, its minimum) and gets it back,
# configured as its users configure an S3-compatible endpoint: a config file with host_base, a host_bucket without
# %(bucket)s (path-style: the endpoint has no bucket DNS names), SigV4 for the region, and over HTTPS the CA file
# with certificate and host name checks on.
#
# Environment: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_CA_BUNDLE (optional),
# COS_BUCKET; CLIENT_FILE or CLIENT_SIZE, CLIENT_KEY.
set -euo pipefail
RUNNER=s3cmd
. "$(dirname "$0")/lib.sh"
require_env AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION COS_BUCKET
command -v s3cmd >/dev/null || die "s3cmd is not installed"
[ "${CLIENT_SSE_C:-}" != 1 ] || die "CLIENT_SSE_C: s3cmd has no option for customer-provided keys"
prepare_file

case $AWS_ENDPOINT_URL in
  https://*) https=True ;;
  http://*) https=False ;;
  *) die "AWS_ENDPOINT_URL is not an http(s) URL: $AWS_ENDPOINT_URL" ;;
esac
host=${AWS_ENDPOINT_URL#*://}
host=${host%%/*}
cat > "$WORK/s3cfg" <<CONFIG
[default]
access_key = $AWS_ACCESS_KEY_ID
secret_key = $AWS_SECRET_ACCESS_KEY
host_base = $host
host_bucket = $host
bucket_location = $AWS_REGION
use_https = $https
ca_certs_file = ${AWS_CA_BUNDLE:-}
check_ssl_certificate = True
check_ssl_hostname = True
signature_v2 = False
CONFIG

s3 () { s3cmd --config "$WORK/s3cfg" --no-progress "$@"; }
s3 put --multipart-chunk-size-mb=5 "$SOURCE" "s3://$COS_BUCKET/$KEY" >/dev/null || { echo "$RUNNER: s3cmd put failed" >&2; exit 1; }
s3 get "s3://$COS_BUCKET/$KEY" "$WORK/downloaded.bin" >/dev/null || { echo "$RUNNER: s3cmd get failed" >&2; exit 1; }
compare_and_report "$WORK/downloaded.bin"
