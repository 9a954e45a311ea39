import { CosApi } from '../../src/api/multipart.js';
import type { Config } from '../../src/config/index.js';
import type { Store } from '../../src/emulator/store.js';
import { Target } from '../../src/http/client.js';
import { type BodySpec, bodyChunks, describeBody } from '../../src/protocol/body.js';
import { DigestAccumulator } from '../../src/protocol/digest.js';
import { type LedgerVerdict, PartLedger } from './part-ledger.js';
import { signedHead } from './signed-head.js';
import { exchange } from './wire-exchange.js';

/**
 * Many clients at once against one endpoint: each with its own connections, uploading and overwriting parts of a
 * few uploads (so writes to one part race), listing, completing near the end, and some cutting their body off
 * half-way (a half-close or a vanished socket). Every write goes into a ledger, every completed object's bytes
 * are predicted from the parts it named; the run ends by judging both. Used by the load test and `bench load`.
 */
export interface LoadPlan {
  readonly clients: number;
  /** Requests the clients share out (part writes, cut-off writes, listings, completions). */
  readonly requests: number;
  readonly uploads: number;
  /** Part numbers each upload's writes choose from: few, so overwrites race. */
  readonly partsPerUpload: number;
  readonly partSize: { readonly min: number; readonly max: number };
  readonly seed: number;
}

export interface LoadReport {
  readonly requests: number;
  readonly seconds: number;
  readonly bytesSent: number;
  readonly writes: { acknowledged: number; refused: number; uncertain: number };
  readonly cutOff: number;
  readonly completions: number;
  readonly objectsVerified: number;
  /** Part files the completed objects hold: once every upload is completed, exactly the files a store keeps. */
  readonly segments: number;
  readonly objectProblems: readonly string[];
  readonly verdict: LedgerVerdict;
}

const MIN_PART = 1024 * 1024;

export async function runLoad(config: Config, plan: LoadPlan, options: { readonly store?: Store } = {}): Promise<LoadReport> {
  const ledger = new PartLedger();
  const setup = new CosApi(new Target(config));
  const uploads: Array<{ key: string; uploadId: string }> = [];
  for (let i = 0; i < plan.uploads; i++) {
    const key = `load/${plan.seed}/upload-${i}`;
    const init = await setup.initiate(key);
    if (!init.value) throw new Error(`Initiate answered ${init.status}`);
    uploads.push({ key, uploadId: init.value.uploadId });
    ledger.open(init.value.uploadId, key);
  }
  // What each completed object must hold: the bodies of the parts its Complete named, in order.
  const bodies = new Map<string, BodySpec>();
  const objects = new Map<string, BodySpec[]>();
  const small = plan.partSize.min < MIN_PART;
  let requests = 0;
  let bytesSent = 0;
  let cutOffs = 0;
  let completions = 0;
  let next = 0;

  async function complete(api: CosApi, upload: { key: string; uploadId: string }): Promise<void> {
    const listed = (await api.listAllParts(upload.key, upload.uploadId)).value?.parts ?? [];
    requests++;
    // Parts below the minimum may only be last: with small parts, the highest one alone.
    const named = small ? listed.slice(-1) : listed;
    if (named.length === 0) return;
    const result = await api.complete(
      upload.key,
      upload.uploadId,
      named.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
    );
    requests++;
    if (result.status !== 200 || result.error) return;
    ledger.ended(upload.uploadId, 'completed');
    objects.set(
      upload.key,
      named.map((p) => bodies.get(p.etag.replace(/"/g, '')) ?? { seed: -1, length: -1 }),
    );
    completions++;
  }

  async function client(): Promise<void> {
    const api = new CosApi(new Target(config));
    try {
      for (let index = next++; index < plan.requests; index = next++) {
        // Drawn from the request's index, not from a shared stream: the same plan makes the same requests.
        const random = mulberry32(plan.seed * 7919 + index);
        const upload = uploads[Math.floor(random() * uploads.length)]!;
        const partNumber = 1 + Math.floor(random() * plan.partsPerUpload);
        const spec = {
          seed: plan.seed * 1_000_003 + index,
          length: plan.partSize.min + Math.floor(random() * (plan.partSize.max - plan.partSize.min + 1)),
        };
        const roll = random();
        if (roll < 0.1 && index > plan.requests * 0.75) {
          await complete(api, upload);
          continue;
        }
        if (roll < 0.2) {
          await api.listAllParts(upload.key, upload.uploadId);
          requests++;
          continue;
        }
        const digest = describeBody(spec);
        bodies.set(digest.md5Hex, spec);
        const write = ledger.begin(upload.uploadId, partNumber, { md5Hex: digest.md5Hex, size: spec.length });
        requests++;
        if (roll < 0.3) {
          cutOffs++;
          const cutAt = Math.floor(spec.length / 2);
          bytesSent += cutAt;
          const answer = await sendCutOff(config, upload, partNumber, spec, cutAt, roll < 0.25 ? 'end' : 'vanish');
          ledger.settle(write, answer ?? 'body-not-sent');
          continue;
        }
        const result = await api.uploadPart(upload.key, upload.uploadId, partNumber, spec).catch(() => undefined);
        bytesSent += spec.length;
        ledger.settle(write, result ? { status: result.status, etag: result.value?.etag } : 'no-answer');
      }
    } finally {
      await api.target.close();
    }
  }

  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: plan.clients }, () => client()));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const verdict = await ledger.judge(setup, options.store);
  for (const upload of uploads) if (ledger.isOpen(upload.uploadId)) await complete(setup, upload);
  const objectProblems: string[] = [];
  for (const [key, parts] of objects) {
    if (parts.some((spec) => spec.length < 0)) {
      objectProblems.push(`${key}: its Complete named an ETag no client sent`);
      continue;
    }
    const read = await setup.getObject(key);
    const expected = new DigestAccumulator();
    for (const spec of parts) for (const chunk of bodyChunks(spec)) expected.update(chunk);
    if (read.status !== 200 || read.response.bodyDigest?.md5Hex !== expected.digest().md5Hex)
      objectProblems.push(`${key}: GET ${read.status}, not the bytes of the parts its Complete named`);
  }
  await setup.target.close();
  const segments = [...objects.values()].reduce((sum, parts) => sum + parts.length, 0);
  return {
    requests,
    seconds,
    bytesSent,
    writes: ledger.counts,
    cutOff: cutOffs,
    completions,
    objectsVerified: objects.size,
    segments,
    objectProblems,
    verdict,
  };
}

/** Sends half the body, then half-closes (FIN) or destroys the socket (a vanished client); the answer, if any. */
async function sendCutOff(
  config: Config,
  upload: { key: string; uploadId: string },
  partNumber: number,
  spec: BodySpec,
  cutAt: number,
  how: 'end' | 'vanish',
) {
  const head = signedHead(
    config,
    'PUT',
    upload.key,
    [
      ['partNumber', String(partNumber)],
      ['uploadId', upload.uploadId],
    ],
    [['Content-Length', String(spec.length)]],
  );
  const half = Buffer.concat([...bodyChunks(spec, 0, cutAt)]);
  const outcome = await exchange(
    Number(config.endpoint!.port),
    [{ kind: 'write', bytes: Buffer.concat([head, half]) }, { kind: 'pause', ms: 5 }, { kind: how }],
    { timeoutMs: 10_000 },
  );
  return outcome.answer ? { status: outcome.answer.status, etag: outcome.answer.headers.etag } : undefined;
}

/** A small seeded generator, so a plan's requests are the same on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
