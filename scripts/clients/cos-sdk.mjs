#!/usr/bin/env node
// The official COS SDK for Node (cos-nodejs-sdk-v5), configured as its users configure it, uploads a file in parts
// and reads it back. Variants (first argument): slice (sliceUploadFile), upload-file (uploadFile), low-level
// (multipartInit, multipartUpload per part, multipartComplete; multipartAbort if a part fails).
//
// Environment: COS_ENDPOINT, COS_BUCKET, COS_REGION, COS_SECRET_ID, COS_SECRET_KEY, COS_CA_FILE (optional);
// CLIENT_FILE or CLIENT_SIZE, CLIENT_KEY, CLIENT_SSE_C=1 (a customer key on every call, HTTPS only).
//
// Addressing is the SDK's own, virtual-host: its `Domain` is `{Bucket}.` + the endpoint's host. A loopback endpoint
// has no name with the bucket in it that resolves without DNS tricks, so the SDK addresses `{Bucket}.localhost:PORT`
// (RFC 6761 keeps .localhost for loopback) and its `Ip` option connects to the endpoint's address: the Host header,
// the signature and the TLS server name all carry the virtual-host name. The SDK takes no CA of its own, so
// COS_CA_FILE is handed to Node as NODE_EXTRA_CA_CERTS (read at start-up: the runner starts itself again with it),
// and certificate verification stays on (StrictSsl, the SDK's default).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNNER = 'cos-sdk';
const VARIANTS = ['slice', 'upload-file', 'low-level'];
const MiB = 1024 * 1024;
const PART_SIZE = MiB; // the SDK's ChunkSize, and its minimum

function die(message, code = 2) {
  process.stderr.write(`${RUNNER}: ${message}\n`);
  process.exit(code);
}

const env = (name) => process.env[name] || die(`${name} is not set`);
const variant = process.argv[2] ?? die(`give a variant: ${VARIANTS.join(', ')}`);
if (!VARIANTS.includes(variant)) die(`unknown variant "${variant}": expected ${VARIANTS.join(', ')}`);

const caFile = process.env.COS_CA_FILE;
if (caFile && process.env.NODE_EXTRA_CA_CERTS !== caFile) {
  const again = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
  });
  process.exit(again.status ?? 1);
}

let endpoint;
try {
  endpoint = new URL(env('COS_ENDPOINT'));
} catch {
  die(`COS_ENDPOINT is not a URL: ${process.env.COS_ENDPOINT}`);
}
const bucket = env('COS_BUCKET');
const region = env('COS_REGION');
const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(endpoint.hostname);
const port = endpoint.port ? `:${endpoint.port}` : '';
const COS = createRequire(import.meta.url)('cos-nodejs-sdk-v5');
const cos = new COS({
  SecretId: env('COS_SECRET_ID'),
  SecretKey: env('COS_SECRET_KEY'),
  Protocol: endpoint.protocol,
  Domain: endpoint.hostname.startsWith(`${bucket}.`) ? endpoint.host : `{Bucket}.${loopback ? `localhost${port}` : endpoint.host}`,
  ...(loopback ? { Ip: endpoint.host } : {}),
  ChunkSize: PART_SIZE,
  SliceSize: PART_SIZE,
});

const call = (method, params) =>
  new Promise((resolve, reject) =>
    cos[method]({ Bucket: bucket, Region: region, ...params }, (error, data) => (error ? reject(error) : resolve(data))),
  );

const work = mkdtempSync(join(tmpdir(), `client-${RUNNER}-`));
const source = process.env.CLIENT_FILE || join(work, 'upload.bin');
if (!process.env.CLIENT_FILE) writeFileSync(source, randomBytes(Number(process.env.CLIENT_SIZE || 2 * MiB + 123_456)));
const data = readFileSync(source);
const key = process.env.CLIENT_KEY || `clients/${RUNNER}-${variant}/${Date.now()}-${process.pid}.bin`;
const customerKey = randomBytes(32);
const sseC =
  process.env.CLIENT_SSE_C === '1'
    ? {
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: customerKey.toString('base64'),
        SSECustomerKeyMD5: createHash('md5').update(customerKey).digest('base64'),
      }
    : {};

async function lowLevel() {
  const { UploadId } = await call('multipartInit', { Key: key, ...sseC });
  try {
    const parts = [];
    for (let offset = 0, partNumber = 1; offset < data.length; offset += PART_SIZE, partNumber++) {
      const body = data.subarray(offset, offset + PART_SIZE);
      const { ETag } = await call('multipartUpload', {
        Key: key,
        UploadId,
        PartNumber: partNumber,
        Body: body,
        ContentLength: body.length,
        ...sseC,
      });
      parts.push({ PartNumber: partNumber, ETag });
    }
    await call('multipartComplete', { Key: key, UploadId, Parts: parts });
  } catch (error) {
    await call('multipartAbort', { Key: key, UploadId }).catch(() => undefined);
    throw error;
  }
}

const upload = {
  slice: () => call('sliceUploadFile', { Key: key, FilePath: source, ChunkSize: PART_SIZE, ...sseC }),
  'upload-file': () => call('uploadFile', { Key: key, FilePath: source, SliceSize: PART_SIZE, ChunkSize: PART_SIZE, ...sseC }),
  'low-level': lowLevel,
};

// A failure sets the exit code and lets the process end by itself, as a user's program would: requests the SDK
// still has in flight (the other parts) reach the server rather than being cut off by an exit.
const md5 = (bytes) => createHash('md5').update(bytes).digest('hex');
try {
  await upload[variant]();
  const { Body } = await call('getObject', { Key: key, ...sseC });
  if (md5(Body) !== md5(data))
    throw new Error(`the object read back differs from the file uploaded (${Body.length} bytes read, ${data.length} sent)`);
  console.log(JSON.stringify({ runner: RUNNER, variant, key, size: data.length, md5: md5(data), roundTrip: true }));
} catch (error) {
  const status = error.statusCode ? `${error.statusCode} ` : '';
  process.stderr.write(`${`${RUNNER}: ${variant} failed: ${status}${error.code ?? ''} ${error.message ?? ''}`.trim()}\n`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
