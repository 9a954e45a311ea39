#!/usr/bin/env bash
# The AWS CLI (Debian's awscli, /usr/bin/aws) copies a file up with `aws s3 cp` and back down again, configured as
# its users configure an S3-compatible endpoint: --endpoint-url, and an AWS config file with path-style addressing
# and 5 MiB multipart threshold and chunk size (`aws configure set default.s3.multipart_chunksize 5MB` writes the
# same). AWS_CA_BUNDLE is read by the CLI itself; verification stays on.
#
# Environment: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_CA_BUNDLE (optional),
# COS_BUCKET; CLIENT_FILE or CLIENT_SIZE, CLIENT_KEY, CLIENT_SSE_C=1 (--sse-c). Debian 12's CLI (2.9) does not read AWS_ENDPOINT_URL, so it
# is passed as --endpoint-url.
set -euo pipefail
RUNNER=awscli
. "$(dirname "$0")/lib.sh"
require_env AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION COS_BUCKET
AWS=/usr/bin/aws
[ -x "$AWS" ] || die "Debian's awscli is not installed ($AWS)"
prepare_file

export AWS_CONFIG_FILE=$WORK/config AWS_SHARED_CREDENTIALS_FILE=$WORK/credentials AWS_PAGER=""
cat > "$AWS_CONFIG_FILE" <<CONFIG
[default]
s3 =
  addressing_style = path
  multipart_threshold = 5MB
  multipart_chunksize = 5MB
CONFIG

sse=()
if [ "${CLIENT_SSE_C:-}" = 1 ]; then
  head -c 32 /dev/urandom > "$WORK/sse-c.key"
  sse=(--sse-c AES256 --sse-c-key "fileb://$WORK/sse-c.key")
fi
aws_s3() { "$AWS" --endpoint-url "$AWS_ENDPOINT_URL" --only-show-errors s3 "$@"; }
aws_s3 cp "${sse[@]}" "$SOURCE" "s3://$COS_BUCKET/$KEY" || { echo "$RUNNER: aws s3 cp (upload) failed" >&2; exit 1; }
aws_s3 cp "${sse[@]}" "s3://$COS_BUCKET/$KEY" "$WORK/downloaded.bin" || { echo "$RUNNER: aws s3 cp (download) failed" >&2; exit 1; }
compare_and_report "$WORK/downloaded.bin"
