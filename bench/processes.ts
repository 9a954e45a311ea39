/**
 * The processes the streaming benchmarks measure, each in its own child so its peak RSS and CPU time are its own:
 *   tsx bench/processes.ts server emulator|discard      prints {"port": N}; on SIGTERM prints {"maxRssMiB": M, "cpuSeconds": C}
 *   tsx bench/processes.ts client harness|raw PORT SIZE  prints {"seconds": S, "bytes": B, "maxRssMiB": M, "cpuSeconds": C}
 *   tsx bench/processes.ts client sdk PORT SIZE FILE MD5 the official COS SDK uploads FILE (SIZE bytes, MD5 in hex) as one part
 * `seconds` and `cpuSeconds` (of which `systemCpuSeconds` in the kernel) cover the upload alone (not start-up, not Initiate). The harness client then measures,
 * in the same process, the CPU its required hashes cost over the same bytes: `hashCpuSeconds` (MD5 + CRC-64, the
 * DigestAccumulator calls alone) and `generateCpuSeconds` (bodyChunks alone).
 */
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { CosApi } from '../src/api/multipart.js';
import { configFromEnvironment } from '../src/config/index.js';
import { startEmulator } from '../src/emulator/server.js';
import { Target } from '../src/http/client.js';
import { bodyChunks } from '../src/protocol/body.js';
import { DigestAccumulator } from '../src/protocol/digest.js';

const credentials = { secretId: 'AKIDbench', secretKey: 'bench-key' };
const bucket = 'bench-1250000000';
const maxRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
/** User + system CPU seconds this process has used: with the bytes moved, where the time goes. */
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function server(kind: string): Promise<void> {
  let port: number;
  let close: () => Promise<void>;
  if (kind === 'emulator') {
    const emulator = await startEmulator({ bucket, credentials: [credentials] });
    port = Number(emulator.endpoint.port);
    close = () => emulator.close();
  } else {
    // The baseline: a server that reads and drops every byte.
    const discard = createServer((req, res) => {
      req.on('data', () => undefined);
      req.on('end', () => res.end());
    });
    await new Promise<void>((resolve) => discard.listen(0, '127.0.0.1', resolve));
    port = (discard.address() as { port: number }).port;
    close = () => new Promise((resolve) => discard.close(() => resolve()));
  }
  // CPU from here on: what serving costs, not starting the process and loading its modules.
  const cpuAtReady = cpuSeconds();
  console.log(JSON.stringify({ port }));
  process.once('SIGTERM', async () => {
    await close();
    console.log(JSON.stringify({ maxRssMiB: maxRssMiB(), cpuSeconds: cpuSeconds() - cpuAtReady }));
    process.exit(0);
  });
}

/** Wall and CPU seconds of `work` alone. */
async function timed(work: () => Promise<void>): Promise<{ seconds: number; cpuSeconds: number; systemCpuSeconds: number }> {
  const started = process.hrtime.bigint();
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    systemCpuSeconds: used.system / 1e6,
  };
}

/** The CPU the harness must spend on the body whatever its HTTP path: generating it, and MD5 + CRC-64 over it. */
function requiredWork(size: number): { hashCpuSeconds: number; generateCpuSeconds: number } {
  const accumulator = new DigestAccumulator();
  let hash = 0;
  let generate = 0;
  let before = cpuSeconds();
  for (const chunk of bodyChunks({ seed: 1, length: size })) {
    const generated = cpuSeconds();
    generate += generated - before;
    accumulator.update(chunk);
    before = cpuSeconds();
    hash += before - generated;
  }
  accumulator.digest();
  return { hashCpuSeconds: hash, generateCpuSeconds: generate };
}

type CosSdk = Record<string, (params: Record<string, unknown>, callback: (error: unknown, data: Record<string, unknown>) => void) => void>;

async function client(kind: string, port: number, size: number, file?: string, md5Hex?: string): Promise<void> {
  let measured: { seconds: number; cpuSeconds: number; systemCpuSeconds: number };
  let extra = {};
  if (kind === 'harness') {
    const config = {
      ...configFromEnvironment({
        COS_SECRET_ID: credentials.secretId,
        COS_SECRET_KEY: credentials.secretKey,
        COS_BUCKET: bucket,
        COS_MAX_BYTES: '10TiB',
        COS_REQUEST_TIMEOUT_MS: '600000',
      }),
      endpoint: new URL(`http://127.0.0.1:${port}`),
    };
    const api = new CosApi(new Target(config));
    const init = await api.initiate('bench/large.bin');
    measured = await timed(async () => {
      const result = await api.uploadPart('bench/large.bin', init.value!.uploadId, 1, { seed: 1, length: size });
      if (!result.ok || result.value?.etag !== `"${result.response.sentDigest?.md5Hex}"`)
        throw new Error(`upload failed: ${result.status}`);
    });
    await api.target.close();
    extra = requiredWork(size);
  } else if (kind === 'sdk') {
    // The official SDK, as sdk-interop.test.ts points it at the emulator: plain HTTP, the emulator as its proxy.
    const COS = createRequire(import.meta.url)('cos-nodejs-sdk-v5') as new (options: Record<string, unknown>) => CosSdk;
    const sdk = new COS({
      SecretId: credentials.secretId,
      SecretKey: credentials.secretKey,
      Protocol: 'http:',
      Proxy: `http://127.0.0.1:${port}`,
    });
    const call = (method: string, params: Record<string, unknown>) =>
      new Promise<Record<string, unknown>>((resolve, reject) =>
        sdk[method]!({ Bucket: bucket, Region: 'ap-guangzhou', Key: 'bench/sdk.bin', ...params }, (error, data) =>
          error ? reject(error) : resolve(data),
        ),
      );
    const init = await call('multipartInit', {});
    measured = await timed(async () => {
      const result = await call('multipartUpload', {
        UploadId: init.UploadId,
        PartNumber: 1,
        Body: createReadStream(file!),
        ContentLength: size,
      });
      if (result.ETag !== `"${md5Hex}"`) throw new Error(`SDK upload: ETag ${String(result.ETag)}, expected "${md5Hex}"`);
    });
  } else {
    measured = await timed(async () => {
      const response = await request(`http://127.0.0.1:${port}/bench/large.bin`, {
        method: 'PUT',
        headers: { 'content-length': String(size) },
        body: Readable.from(bodyChunks({ seed: 1, length: size })),
      });
      await response.body.dump();
    });
  }
  console.log(JSON.stringify({ ...measured, ...extra, bytes: size, maxRssMiB: maxRssMiB() }));
}

const [role, kind, port, size, file, md5Hex] = process.argv.slice(2);
if (role === 'server') await server(kind!);
else await client(kind!, Number(port), Number(size), file, md5Hex);
