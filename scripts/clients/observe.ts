// Runs one client runner against a fresh reference emulator and prints what went over the wire: every request
// (call, part number, declared body size, status) with its headers, secrets redacted, then the upload's summary.
//
//   npx tsx scripts/clients/observe.ts [--tls] [--profile s3] [--fail-part N] [--json] [--headers] [--timeout S] -- COMMAND [ARGS...]
//
// --fail-part N answers every attempt at part N with 500 InternalError, without storing it (the emulator proper is
// never told), to see whether the client retries and whether it aborts the upload it leaves behind.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { startClientEmulator } from '../../src/clients/client-emulator.js';
import { runClient } from '../../src/clients/run-client.js';
import { summariseUpload, wireRequest } from '../../src/clients/wire.js';
import type { Profile } from '../../src/config/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tls: { type: 'boolean' },
    profile: { type: 'string', default: 'cos' },
    'fail-part': { type: 'string' },
    json: { type: 'boolean' },
    headers: { type: 'boolean' },
    timeout: { type: 'string', default: '300' },
  },
});
if (positionals.length === 0) {
  console.error(
    'usage: tsx scripts/clients/observe.ts [--tls] [--profile cos|s3] [--fail-part N] [--json] [--headers] [--timeout S] -- COMMAND [ARGS...]',
  );
  process.exit(2);
}
const failPart = values['fail-part'];
if (failPart !== undefined && values.tls) {
  console.error('--fail-part works over plain HTTP only');
  process.exit(2);
}

const target = await startClientEmulator({ profile: values.profile as Profile, tls: values.tls ?? false });
const env = { ...target.env };
const failed: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }> = [];
let front: ReturnType<typeof createServer> | undefined;
if (failPart !== undefined) {
  // A front that forwards everything but the attempts at one part; the Host header is kept, so signatures hold.
  const upstream = target.emulator.endpoint;
  front = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://front');
    if (req.method === 'PUT' && url.searchParams.get('partNumber') === failPart && url.searchParams.has('uploadId')) {
      failed.push({ method: req.method, url: req.url ?? '', headers: req.headers });
      req.resume();
      req.on('end', () => {
        const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>Injected failure of part ${failPart}.</Message><RequestId>injected</RequestId></Error>`;
        res.writeHead(500, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      });
      return;
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => front!.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  env.COS_ENDPOINT = origin;
  env.AWS_ENDPOINT_URL = origin;
}

const run = await runClient(
  positionals[0]!,
  positionals.slice(1),
  { ...env, ...passThroughClientSettings() },
  { timeoutMs: Number(values.timeout) * 1000 },
);
const requests = target.observed.map(wireRequest);
front?.close();
await target.close();

if (values.json) {
  console.log(JSON.stringify({ run, requests, injectedFailures: failed.length, summary: summariseUpload(requests) }, null, 2));
} else {
  console.log(`exit ${run.code}${run.timedOut ? ' (timed out)' : ''} in ${run.ms} ms`);
  if (run.stdout.trim()) console.log(`stdout: ${run.stdout.trim().split('\n').slice(-3).join('\n        ')}`);
  if (run.stderr.trim()) console.log(`stderr: ${run.stderr.trim().split('\n').slice(-5).join('\n        ')}`);
  for (const r of requests) {
    const part = r.query.find(([n]) => n === 'partNumber')?.[1];
    console.log(
      `${r.status} ${r.operation}${part ? ` #${part}` : ''}${r.bodyBytes ? ` ${r.bodyBytes} B` : ''} ${r.framing === 'plain' ? '' : r.framing} ${r.code ?? ''}`,
    );
    if (values.headers)
      console.log(
        `    query: ${r.query.map(([n, v]) => (v === undefined ? n : `${n}=${n === 'uploadId' ? '…' : v}`)).join('&')}\n    ${Object.entries(
          r.headers,
        )
          .map(([n, v]) => `${n}: ${v}`)
          .join('\n    ')}`,
      );
  }
  if (failed.length > 0) console.log(`injected 500 on ${failed.length} attempt(s) at part ${failPart}`);
  console.log(JSON.stringify(summariseUpload(requests), null, 2));
}

/** CLIENT_* settings of this shell (file, size, key, SSE-C switch) go to the runner as they are. */
function passThroughClientSettings(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('CLIENT_') && entry[1] !== undefined),
  );
}
