/**
 * The processes of the floor benchmark (bench/floor.ts), each reporting the CPU of its work alone (not its start-up
 * and module loading), as one JSON line:
 *   tsx bench/floor-work.ts server CERT_FILE KEY_FILE   a trivial HTTPS server: reads each body, answers 200 with
 *                                                       none; prints {"port": N}; on SIGTERM {"cpuSeconds": C}
 *   tsx bench/floor-work.ts client PORT CA_FILE REQUESTS BYTES
 *                                                       REQUESTS PUTs on kept-alive TLS (undici, 8 in flight),
 *                                                       BYTES of body in all; prints {"seconds": S, "cpuSeconds": C}
 *   tsx bench/floor-work.ts hash BYTES                  MD5 + CRC-64/ECMA of BYTES (the suite's own CRC-64); prints
 *                                                       {"seconds": S, "cpuSeconds": C}
 */
import { createHash, randomFillSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { Pool } from 'undici';
import { Crc64Ecma } from '../src/protocol/crc64.js';

const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function timed(work: () => Promise<void> | void): Promise<{ seconds: number; cpuSeconds: number }> {
  const started = process.hrtime.bigint();
  const before = cpuSeconds();
  await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: cpuSeconds() - before };
}

async function server(certFile: string, keyFile: string): Promise<void> {
  const httpsServer = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile), keepAliveTimeout: 60_000 }, (req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.end());
  });
  await new Promise<void>((resolve) => httpsServer.listen(0, '127.0.0.1', resolve));
  const ready = cpuSeconds();
  console.log(JSON.stringify({ port: (httpsServer.address() as { port: number }).port }));
  process.once('SIGTERM', () => {
    console.log(JSON.stringify({ cpuSeconds: cpuSeconds() - ready }));
    process.exit(0);
  });
}

const IN_FLIGHT = 8;

async function client(port: number, caFile: string, requests: number, bytes: number): Promise<void> {
  const pool = new Pool(`https://127.0.0.1:${port}`, { connections: IN_FLIGHT, connect: { ca: readFileSync(caFile, 'utf8') } });
  // The bodies: the run's bytes spread over its requests, cut from one buffer (the floor generates nothing).
  const each = Math.floor(bytes / requests);
  const source = randomFillSync(Buffer.allocUnsafe(Math.min(each + (bytes % requests), 64 * 1024 * 1024)));
  let next = 0;
  const measured = await timed(async () => {
    const lane = async () => {
      for (let i = next++; i < requests; i = next++) {
        const length = i === 0 ? each + (bytes % requests) : each;
        const response = await pool.request({
          method: 'PUT',
          path: `/floor/${i}`,
          headers: { 'content-length': String(length) },
          body: source.subarray(0, length),
        });
        await response.body.dump();
        if (response.statusCode !== 200) throw new Error(`the trivial server answered ${response.statusCode}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  });
  await pool.close();
  console.log(JSON.stringify(measured));
}

function hash(bytes: number): void {
  const block = randomFillSync(Buffer.allocUnsafe(1024 * 1024));
  void timed(() => {
    const md5 = createHash('md5');
    const crc = new Crc64Ecma();
    for (let done = 0; done < bytes; done += block.length) {
      const chunk = block.subarray(0, Math.min(block.length, bytes - done));
      md5.update(chunk);
      crc.update(chunk);
    }
    md5.digest();
    crc.digest();
  }).then((measured) => console.log(JSON.stringify(measured)));
}

const [role, ...args] = process.argv.slice(2);
if (role === 'server') await server(args[0]!, args[1]!);
else if (role === 'client') await client(Number(args[0]), args[1]!, Number(args[2]), Number(args[3]));
else if (role === 'hash') hash(Number(args[0]));
else throw new Error(`floor-work: unknown role ${role}`);
