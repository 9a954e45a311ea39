/**
 * The body generator with MD5 and CRC-64 in one pass, against crypto.randomFillSync + MD5 alone, in one process.
 *   npm run bench -- generator
 */
import { createHash, randomFillSync } from 'node:crypto';
import { bodyChunks } from '../src/protocol/body.js';
import { Crc64Ecma } from '../src/protocol/crc64.js';
import { DigestAccumulator } from '../src/protocol/digest.js';

const SIZE = 1024 ** 3;

function timed(work: () => void): number {
  const started = process.hrtime.bigint();
  work();
  return SIZE / (Number(process.hrtime.bigint() - started) / 1e9) / 1e6;
}

export function generatorBenchmark(): void {
  const generatorOnly = timed(() => {
    for (const chunk of bodyChunks({ seed: 1, length: SIZE })) void chunk;
  });
  const crcOnly = timed(() => {
    const crc = new Crc64Ecma();
    for (const chunk of bodyChunks({ seed: 2, length: SIZE })) crc.update(chunk);
  });
  const onePass = timed(() => {
    const digest = new DigestAccumulator();
    for (const chunk of bodyChunks({ seed: 3, length: SIZE })) digest.update(chunk);
    digest.digest();
  });
  const baseline = timed(() => {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    const md5 = createHash('md5');
    for (let offset = 0; offset < SIZE; offset += buffer.length) md5.update(randomFillSync(buffer));
    md5.digest();
  });
  console.log('Body generator (MB/s over 1 GiB)');
  console.log(`  generator alone                       ${generatorOnly.toFixed(0).padStart(6)}`);
  console.log(`  generator + CRC-64                    ${crcOnly.toFixed(0).padStart(6)}`);
  console.log(`  generator + MD5 + CRC-64 (one pass)   ${onePass.toFixed(0).padStart(6)}`);
  console.log(`  randomFillSync + MD5 (baseline)       ${baseline.toFixed(0).padStart(6)}`);
  console.log(`  ratio one pass / baseline             ${(onePass / baseline).toFixed(2)}`);
}
