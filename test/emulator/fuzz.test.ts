import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { ObservedRequest } from '../../src/emulator/server.js';
import { bodyBytes } from '../../src/protocol/body.js';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';
import { fuzzCase } from '../helpers/fuzz-cases.js';
import { type FuzzTargets, renderCase, type UploadRef } from '../helpers/fuzz-render.js';
import { PartLedger } from '../helpers/part-ledger.js';
import { exchange } from '../helpers/wire-exchange.js';

// Generated requests, most of them malformed somewhere (method, path, percent-encoding, query, headers, framing,
// Expect, early close, bytes that are not HTTP), sent over raw sockets to an emulator this test starts, for a
// bounded time. The emulator must never crash, never answer 5xx to client input, and every upload must keep
// exactly the parts it acknowledged: judged afterwards through the API and the emulator's own files.
// COS_FUZZ_MS bounds the time (default 30 s); COS_FUZZ_SEED replays a run; COS_FUZZ_TRACE=1 prints every case
// and every connection that ended without an answer, to find the request behind a failure.

const FUZZ_MS = Number(process.env.COS_FUZZ_MS ?? 30_000);
const SEED = Number(process.env.COS_FUZZ_SEED ?? Date.now() % 2 ** 31);
const LANES = 6;
const EXCHANGE_TIMEOUT_MS = 5_000;

let fx: EmulatorFixture;
const serverErrors: ObservedRequest[] = [];
beforeAll(async () => {
  fx = await withEmulator({}, { observe: (event) => (event.status >= 500 ? serverErrors.push(event) : undefined) });
});
afterAll(() => fx.close());

async function openUpload(key: string, ledger: PartLedger): Promise<UploadRef> {
  const init = await fx.api.initiate(key);
  expect(init.status).toBe(200);
  ledger.open(init.value!.uploadId, key);
  return { key, uploadId: init.value!.uploadId };
}

test(
  `generated malformed requests for ${FUZZ_MS / 1000} s: no crash, no 5xx, every upload keeps exactly the parts it acknowledged`,
  async () => {
    const ledger = new PartLedger();
    const uploads: UploadRef[] = [];
    for (let i = 0; i < 6; i++) uploads.push(await openUpload(`fuzz/judged-${i}`, ledger));
    const doomed = [await openUpload('fuzz/doomed-0', ledger), await openUpload('fuzz/doomed-1', ledger)];
    // Parts acknowledged before the fuzzing starts, through the ordinary client.
    for (const [i, upload] of uploads.entries()) {
      const body = bodyBytes({ seed: 1000 + i, length: 1000 + i });
      const write = ledger.begin(upload.uploadId, 100 + i, { md5Hex: hashOf(body), size: body.length });
      const answer = await fx.api.uploadPart(upload.key, upload.uploadId, 100 + i, body);
      ledger.settle(write, { status: answer.status, etag: answer.value?.etag });
    }
    const targets: FuzzTargets = { config: fx.config, uploads, doomed };
    const counts = {
      requests: 0,
      malformed: 0,
      batches: 0,
      crashes: 0,
      statuses: new Map<number, number>(),
      endings: new Map<string, number>(),
      clientFiveHundreds: [] as string[],
    };
    // In this process a crash is an exception the emulator did not expect (it logs those), or a well-formed
    // request it no longer answers: both are counted, and either fails the test.
    const unexpected: unknown[] = [];
    const errorLog = vi
      .spyOn(console, 'error')
      .mockImplementation((...args: unknown[]) => void (String(args[0]).startsWith('emulator:') ? unexpected.push(args) : undefined));
    const alive = async () => (await fx.api.initiate('fuzz/alive').catch(() => undefined))?.status === 200;

    await fc.assert(
      fc.asyncProperty(fc.array(fuzzCase, { minLength: 1, maxLength: LANES }), async (cases) => {
        // Uploads are opened while the fuzzing goes on, too.
        if (++counts.batches % 40 === 0) uploads.push(await openUpload(`fuzz/judged-${uploads.length}`, ledger));
        if (counts.batches % 100 === 0 && !(await alive())) counts.crashes++;
        await Promise.all(
          cases.map(async (c, lane) => {
            const rendered = renderCase(c, lane, LANES, targets);
            counts.requests++;
            if (rendered.malformed) counts.malformed++;
            const write =
              rendered.write && ledger.isOpen(rendered.write.uploadId)
                ? ledger.begin(rendered.write.uploadId, rendered.write.partNumber, {
                    ...rendered.write,
                    label: `${c.framing}${c.wire ? ` ${JSON.stringify(c.wire).slice(0, 120)}` : ''}`,
                  })
                : undefined;
            if (process.env.COS_FUZZ_TRACE)
              console.log(
                `lane ${lane} ${rendered.write ? `${rendered.write.uploadId.slice(-6)}/${rendered.write.partNumber} ${rendered.write.md5Hex}` : ''} ${rendered.summary.slice(0, 400)}`,
              );
            const outcome = await exchange(Number(fx.emulator.endpoint.port), rendered.steps, {
              timeoutMs: EXCHANGE_TIMEOUT_MS,
              headRequest: rendered.headRequest,
            });
            const status = outcome.answer?.status;
            if (process.env.COS_FUZZ_TRACE && !outcome.answer)
              console.log(`unanswered (${outcome.ending}): ${rendered.summary.slice(0, 300)}`);
            if (write) {
              if (outcome.answer)
                ledger.settle(write, {
                  status: outcome.answer.status,
                  etag: outcome.answer.headers.etag,
                  code: /<Code>([^<]*)<\/Code>/.exec(outcome.answer.body.toString('latin1'))?.[1],
                });
              else ledger.settle(write, rendered.write!.bodyComplete ? 'no-answer' : 'body-not-sent');
            }
            // A POST naming both uploads and uploadId is an Initiate: only a Complete's result ends the upload.
            const endedIt =
              rendered.ends?.how === 'aborted'
                ? status === 204
                : status === 200 && outcome.answer!.body.includes('<CompleteMultipartUploadResult>');
            if (rendered.ends && endedIt) ledger.ended(rendered.ends.uploadId, rendered.ends.how);
            if (rendered.ends && !outcome.answer) ledger.mayHaveEnded(rendered.ends.uploadId, rendered.ends.how);
            if (process.env.COS_FUZZ_TRACE && rendered.ends)
              console.log(
                `ends? ${rendered.ends.uploadId} ${rendered.ends.how} ${status ?? outcome.ending} ended=${endedIt} ${rendered.summary.slice(0, 600)}`,
              );
            counts.statuses.set(status ?? 0, (counts.statuses.get(status ?? 0) ?? 0) + 1);
            counts.endings.set(outcome.ending, (counts.endings.get(outcome.ending) ?? 0) + 1);
            for (const s of [status ?? 0, ...outcome.laterStatuses])
              if (s >= 500) counts.clientFiveHundreds.push(`${s} to ${rendered.summary}`);
          }),
        );
        expect(counts.clientFiveHundreds).toEqual([]);
        expect(serverErrors).toEqual([]);
        expect([counts.crashes, unexpected]).toEqual([0, []]);
      }),
      { numRuns: 1_000_000, interruptAfterTimeLimit: FUZZ_MS, markInterruptAsFailure: false, seed: SEED, endOnFailure: true },
    );

    // Still serving, and what was acknowledged is there, byte for byte, and nothing else.
    errorLog.mockRestore();
    if (!(await alive())) counts.crashes++;
    const verdict = await ledger.judge(fx.api, fx.emulator.store);
    const ledgerCounts = ledger.counts;
    const completedBytes = await completeAndRead(uploads, ledger);
    const leftovers = await leftoverFiles();
    console.log(
      [
        `fuzz (seed ${SEED}, ${FUZZ_MS / 1000} s): ${counts.requests} requests tried, ${counts.malformed} malformed, crashes ${counts.crashes + unexpected.length}, 5xx ${counts.clientFiveHundreds.length + serverErrors.length}`,
        `  answers: ${[...counts.statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s === 0 ? 'none' : s}×${n}`)
          .join(' ')}`,
        `  connections ended: ${[...counts.endings].map(([e, n]) => `${e} ${n}`).join(', ')}`,
        `  parts: ${ledgerCounts.acknowledged} writes acknowledged, ${ledgerCounts.refused} refused, ${ledgerCounts.uncertain} unanswered after the whole body; ${verdict.partsChecked} listed parts checked in ${verdict.uploadsJudged} uploads; lost ${verdict.lost.length}, phantom ${verdict.phantoms.length}, stored though the client cut the body short ${verdict.storedThoughCut}; ${completedBytes} uploads completed and read back`,
      ].join('\n'),
    );
    const replay = `replay: COS_FUZZ_SEED=${SEED} COS_FUZZ_MS=${FUZZ_MS} COS_FUZZ_TRACE=1 npx vitest run test/emulator/fuzz.test.ts`;
    expect([counts.crashes, unexpected], replay).toEqual([0, []]);
    expect(verdict.lost, replay).toEqual([]);
    expect(verdict.phantoms, replay).toEqual([]);
    expect(verdict.problems, replay).toEqual([]);
    expect(leftovers, replay).toEqual([]);
    expect(counts.requests).toBeGreaterThan(500);
  },
  FUZZ_MS + 60_000,
);

const hashOf = (data: Buffer) => createHash('md5').update(data).digest('hex');

/** Completes each judged upload with its highest part (the last may be small) and reads the object back. */
async function completeAndRead(uploads: readonly UploadRef[], ledger: PartLedger): Promise<number> {
  let done = 0;
  for (const upload of uploads) {
    if (!ledger.isOpen(upload.uploadId)) continue;
    const parts = (await fx.api.listAllParts(upload.key, upload.uploadId)).value?.parts ?? [];
    const last = parts[parts.length - 1];
    if (!last) continue;
    const completed = await fx.api.complete(upload.key, upload.uploadId, [{ partNumber: last.partNumber, etag: last.etag }]);
    expect(completed.status).toBe(200);
    ledger.ended(upload.uploadId, 'completed');
    const read = await fx.api.getObject(upload.key);
    expect([read.status, read.response.bodyDigest?.length, `"${read.response.bodyDigest?.md5Hex}"`]).toEqual([200, last.size, last.etag]);
    done++;
  }
  return done;
}

/** Files in the data directory that no part and no object owns: bodies of refused or abandoned requests. */
async function leftoverFiles(): Promise<string[]> {
  const store = fx.emulator.store;
  const owned = new Set([
    ...[...store.uploads.values()].flatMap((u) => [...u.parts.values()].map((p) => p.file)),
    ...[...store.objects.values()].flatMap((o) => o.segments),
  ]);
  for (let attempt = 0; ; attempt++) {
    const files = (await readdir(store.dataDir)).map((name) => join(store.dataDir, name)).filter((file) => !owned.has(file));
    if (files.length === 0 || attempt >= 20) return files;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
