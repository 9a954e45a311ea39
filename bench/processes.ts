/**
 * The processes the streaming benchmark measures, each in its own child so its peak RSS is its own:
 *   tsx bench/processes.ts server emulator|discard      prints {"port": N}; on SIGTERM prints {"maxRssMiB": M}
 *   tsx bench/processes.ts client harness|raw PORT SIZE  prints {"seconds": S, "bytes": B, "maxRssMiB": M}
 */
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { CosApi } from '../src/api/multipart.js';
import { configFromEnvironment } from '../src/config/index.js';
import { startEmulator } from '../src/emulator/server.js';
import { bodyChunks } from '../src/http/body.js';
import { Target } from '../src/http/client.js';

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
  console.log(JSON.stringify({ port }));
  process.once('SIGTERM', async () => {
    await close();
    console.log(JSON.stringify({ maxRssMiB: maxRssMiB(), cpuSeconds: cpuSeconds() }));
    process.exit(0);
  });
}

async function client(kind: string, port: number, size: number): Promise<void> {
  const started = process.hrtime.bigint();
  const cpuBefore = cpuSeconds();
  if (kind === 'harness') {
    const config = { ...configFromEnvironment({ COS_SECRET_ID: credentials.secretId, COS_SECRET_KEY: credentials.secretKey, COS_BUCKET: bucket, COS_MAX_BYTES: '10TiB', COS_REQUEST_TIMEOUT_MS: '600000' }), endpoint: new URL(`http://127.0.0.1:${port}`) };
    const api = new CosApi(new Target(config));
    const init = await api.initiate('bench/large.bin');
    const result = await api.uploadPart('bench/large.bin', init.value!.uploadId, 1, { seed: 1, length: size });
    if (!result.ok || result.value?.etag !== `"${result.response.sentDigest?.md5Hex}"`) throw new Error(`upload failed: ${result.status}`);
    await api.target.close();
  } else {
    const response = await request(`http://127.0.0.1:${port}/bench/large.bin`, {
      method: 'PUT',
      headers: { 'content-length': String(size) },
      body: Readable.from(bodyChunks({ seed: 1, length: size })),
    });
    await response.body.dump();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ seconds, bytes: size, maxRssMiB: maxRssMiB(), cpuSeconds: cpuSeconds() - cpuBefore }));
}

const [role, kind, port, size] = process.argv.slice(2);
if (role === 'server') await server(kind!);
else await client(kind!, Number(port), Number(size));
