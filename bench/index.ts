/**
 * Benchmarks print figures; they are not tests. Each compares with a baseline run in the same script.
 *   npm run bench                                  all of them (streaming at 1 GiB)
 *   npm run bench -- NAME... [options]             some of: full-run, floor, profile, streaming, streaming-cost, generator, cost, remote, load
 * Options:
 *   --large        streaming: 5 GiB as well as 1 GiB
 *   --rtt MS       remote: the round-trip time the proxy adds (default 50, i.e. 25 ms each way)
 *   --repeat N     remote: N runs each way, medians compared (default 1); streaming-cost: N runs of each (default 3);
 *                  floor: N default runs (default 5)
 *   --seed N       floor, profile: the runs' seed (default: a new one each run, as `npm run conformance`)
 */
import { floorBenchmark } from './floor.js';
import { costBenchmark, fullRunBenchmark } from './full-run.js';
import { generatorBenchmark } from './generator.js';
import { loadBenchmark } from './load.js';
import { profileBenchmark } from './profile.js';
import { remoteBenchmark } from './remote.js';
import { streamingBenchmark } from './streaming.js';
import { streamingCostBenchmark } from './streaming-cost.js';

const VALUE_OPTIONS = ['--rtt', '--repeat', '--seed'] as const;
const FLAGS = ['--large'] as const;

function parse(args: string[]) {
  const names: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.split(/=(.*)/s) as [string, string | undefined];
    if ((VALUE_OPTIONS as readonly string[]).includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) usage(`${name} needs a value`);
      values.set(name, value!);
    } else if ((FLAGS as readonly string[]).includes(arg)) flags.add(arg);
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else names.push(arg);
  }
  return { names, values, flags };
}

function usage(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function positive(name: string, raw: string | undefined, fallback: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (integer && (!Number.isInteger(value) || value < 1)))
    usage(`${name} takes a ${integer ? 'positive integer' : 'number of milliseconds'}, got ${raw}`);
  return value;
}

const { names: chosen, values, flags } = parse(process.argv.slice(2));
const large = flags.has('--large');
const repeat = values.get('--repeat');
const seed = values.get('--seed');
const remote = { rttMs: positive('--rtt', values.get('--rtt'), 50, false), repeat: positive('--repeat', repeat, 1, true) };
const all = {
  'full-run': fullRunBenchmark,
  floor: () =>
    floorBenchmark({
      repeat: positive('--repeat', repeat, 5, true),
      ...(seed !== undefined ? { seed: String(positive('--seed', seed, 0, true)) } : {}),
    }),
  profile: () => profileBenchmark(seed !== undefined ? { seed: String(positive('--seed', seed, 0, true)) } : {}),
  streaming: () => streamingBenchmark(large),
  'streaming-cost': () => streamingCostBenchmark(positive('--repeat', repeat, 3, true)),
  generator: async () => generatorBenchmark(),
  cost: costBenchmark,
  remote: () => remoteBenchmark(remote),
  load: loadBenchmark,
};
const names = chosen.length > 0 ? chosen : Object.keys(all);
for (const name of names) if (!(name in all)) usage(`unknown benchmark ${name} (known: ${Object.keys(all).join(', ')})`);
for (const name of names) {
  try {
    await all[name as keyof typeof all]();
  } catch (error) {
    console.error(`bench ${name}: ${(error as Error).message}`);
    process.exitCode = 1;
  }
  console.log('');
}
