/**
 * Benchmarks print figures; they are not tests. Each compares with a baseline run in the same script.
 *   npm run bench                    all of them (streaming at 1 GiB)
 *   npm run bench -- NAME [--large]  one of: full-run, streaming, generator, cost, load
 */
import { costBenchmark, fullRunBenchmark } from './full-run.js';
import { generatorBenchmark } from './generator.js';
import { loadBenchmark } from './load.js';
import { streamingBenchmark } from './streaming.js';

const args = process.argv.slice(2);
const large = args.includes('--large');
const chosen = args.filter((a) => !a.startsWith('--'));
const all = { 'full-run': fullRunBenchmark, streaming: () => streamingBenchmark(large), generator: async () => generatorBenchmark(), cost: costBenchmark, load: loadBenchmark };
const names = chosen.length > 0 ? chosen : Object.keys(all);
for (const name of names) {
  const bench = all[name as keyof typeof all];
  if (!bench) {
    console.error(`unknown benchmark ${name} (known: ${Object.keys(all).join(', ')})`);
    process.exit(2);
  }
  await bench();
  console.log('');
}
