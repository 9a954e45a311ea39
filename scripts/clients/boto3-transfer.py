#!/usr/bin/python3
"""boto3 (Debian's python3-boto3, hence /usr/bin/python3) uploads a file with upload_file and a TransferConfig of
5 MiB parts, the way its users configure an S3-compatible endpoint: endpoint_url, path-style addressing (the
endpoint has no bucket DNS names), the CA bundle of AWS_CA_BUNDLE (botocore reads it itself; verification on).
Then download_file with the same TransferConfig (ranged GETs of 5 MiB), compared byte for byte.

Environment: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_CA_BUNDLE (optional),
COS_BUCKET; CLIENT_FILE or CLIENT_SIZE, CLIENT_KEY, CLIENT_SSE_C=1 (a customer key on every call).
Old botocore releases do not read AWS_ENDPOINT_URL (Debian 12 ships 1.29), so it is passed as endpoint_url.
"""
import filecmp
import hashlib
import json
import os
import sys
import tempfile
import time

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

RUNNER = 'boto3-transfer'
MiB = 1024 * 1024


def die(message, code=2):
    sys.stderr.write(f'{RUNNER}: {message}\n')
    sys.exit(code)


for name in ('AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'COS_BUCKET'):
    if not os.environ.get(name):
        die(f'{name} is not set')

bucket = os.environ['COS_BUCKET']
s3 = boto3.client(
    's3',
    endpoint_url=os.environ['AWS_ENDPOINT_URL'],
    config=Config(s3={'addressing_style': 'path'}),
)
transfer = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB, max_concurrency=4)

with tempfile.TemporaryDirectory(prefix=f'client-{RUNNER}-') as work:
    source = os.environ.get('CLIENT_FILE') or os.path.join(work, 'upload.bin')
    if not os.environ.get('CLIENT_FILE'):
        with open(source, 'wb') as out:
            out.write(os.urandom(int(os.environ.get('CLIENT_SIZE') or 10 * MiB + 123_456)))
    key = os.environ.get('CLIENT_KEY') or f'clients/{RUNNER}/{int(time.time() * 1000)}-{os.getpid()}.bin'
    extra = {}
    if os.environ.get('CLIENT_SSE_C') == '1':
        # The key as bytes: botocore base64-encodes it and adds its MD5 itself.
        extra = {'SSECustomerAlgorithm': 'AES256', 'SSECustomerKey': os.urandom(32)}
    copy = os.path.join(work, 'downloaded.bin')
    try:
        s3.upload_file(source, bucket, key, ExtraArgs=extra, Config=transfer)
        s3.download_file(bucket, key, copy, ExtraArgs=extra, Config=transfer)
    except Exception as error:  # the client's own error, reported in one line
        sys.stderr.write(f'{RUNNER}: upload failed: {type(error).__name__}: {error}\n')
        sys.exit(1)
    if not filecmp.cmp(source, copy, shallow=False):
        die(f'the object read back differs from the file uploaded ({os.path.getsize(copy)} bytes read, {os.path.getsize(source)} sent)', 1)
    with open(source, 'rb') as f:
        digest = hashlib.md5(f.read()).hexdigest()
    print(json.dumps({'runner': RUNNER, 'key': key, 'size': os.path.getsize(source), 'md5': digest, 'roundTrip': True}))
