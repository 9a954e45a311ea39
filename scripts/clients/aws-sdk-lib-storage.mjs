#!/usr/bin/env node
// The AWS SDK for JavaScript v3 with @aws-sdk/lib-storage, configured as its users configure it for an
// S3-compatible endpoint: `Upload` with 5 MiB parts (its minimum) and four in flight (its default), path-style
// addressing (forcePathStyle, as the SDK's documentation advises for endpoints without bucket DNS names), the SDK's
// default checksum behaviour (since 2025: a CRC32 on every part, sent as an aws-chunked trailer). Then GetObject,
// compared byte for byte.
//
// Environment: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_CA_BUNDLE (optional),
// COS_BUCKET; CLIENT_FILE or CLIENT_SIZE, CLIENT_KEY, CLIENT_SSE_C=1 (a customer key on every call).
// The SDK reads the endpoint, keys and region from the environment itself; AWS_CA_BUNDLE it does not read, so
// the certificate is given to its HTTPS agent (verification on).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

const RUNNER = 'aws-sdk-lib-storage';
const MiB = 1024 * 1024;

function die(message) {
  process.stderr.write(`${RUNNER}: ${message}\n`);
  process.exit(2);
}
for (const name of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'COS_BUCKET']) {
  if (!process.env[name]) die(`${name} is not set`);
}
const bucket = process.env.COS_BUCKET;
const caFile = process.env.AWS_CA_BUNDLE;

const s3 = new S3Client({
  forcePathStyle: true,
  ...(caFile ? { requestHandler: { httpsAgent: new Agent({ ca: readFileSync(caFile) }) } } : {}),
});

const work = mkdtempSync(join(tmpdir(), `client-${RUNNER}-`));
const source = process.env.CLIENT_FILE || join(work, 'upload.bin');
if (!process.env.CLIENT_FILE) writeFileSync(source, randomBytes(Number(process.env.CLIENT_SIZE || 10 * MiB + 123_456)));
const size = statSync(source).size;
const key = process.env.CLIENT_KEY || `clients/${RUNNER}/${Date.now()}-${process.pid}.bin`;
const customerKey = randomBytes(32);
const sseC =
  process.env.CLIENT_SSE_C === '1'
    ? {
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: customerKey.toString('base64'),
        SSECustomerKeyMD5: createHash('md5').update(customerKey).digest('base64'),
      }
    : {};

const md5 = (bytes) => createHash('md5').update(bytes).digest('hex');
try {
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: createReadStream(source), ...sseC },
    partSize: 5 * MiB,
    queueSize: 4,
  });
  await upload.done();
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...sseC }));
  const bytes = await got.Body.transformToByteArray();
  const sent = readFileSync(source);
  if (md5(bytes) !== md5(sent))
    throw new Error(`the object read back differs from the file uploaded (${bytes.length} bytes read, ${size} sent)`);
  console.log(JSON.stringify({ runner: RUNNER, key, size, md5: md5(sent), roundTrip: true }));
} catch (error) {
  const status = error.$metadata?.httpStatusCode ? `${error.$metadata.httpStatusCode} ` : '';
  process.stderr.write(`${RUNNER}: upload failed: ${status}${error.name ?? ''} ${error.message ?? ''}\n`);
  process.exitCode = 1;
} finally {
  s3.destroy();
  rmSync(work, { recursive: true, force: true });
}
