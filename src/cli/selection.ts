import { REQUIREMENTS } from '../catalogue/requirements.js';
import { parseShard, type Shard, shardLabel, shardRequirements } from '../catalogue/shards.js';
import type { RunOptions } from './run-options.js';
import { UsageError } from './usage.js';

/** Which checks a run runs and which requirements its verdict covers, from --only, --grep or --shard. */
export interface Selection {
  /** How the run names its filter; a filtered run is partial. */
  readonly filter?: string;
  /** --only: the harness runs every check that judges one of these. */
  readonly only?: readonly string[];
  /** The requirements the verdict covers, when not all of them. */
  readonly judged?: readonly string[];
  readonly testNamePattern?: RegExp;
  /** Spec files to load (names); empty: all of them. */
  readonly specs: readonly string[];
  readonly shard?: Shard & { readonly requirements: readonly string[] };
}

const KNOWN = new Set(REQUIREMENTS.map((r) => r.id));
const specsOf = (ids: readonly string[]) => [...new Set(REQUIREMENTS.filter((r) => ids.includes(r.id)).flatMap((r) => r.specs))];

export function selectionOf(options: RunOptions): Selection {
  if (options.shard !== undefined) {
    if (options.only || options.grep !== undefined)
      throw new UsageError('--shard splits the whole catalogue; it does not combine with --only or --grep');
    let shard: Shard;
    try {
      shard = parseShard(options.shard);
    } catch (error) {
      throw new UsageError(`--shard: ${(error as Error).message}`);
    }
    const requirements = shardRequirements(shard);
    // A check runs in the shard of the requirement its title names, and in no other, even when it also judges
    // requirements of other shards (the model-based checks do): merged, the shards ran every check exactly once.
    return {
      filter: `--shard ${shardLabel(shard)}`,
      judged: requirements,
      testNamePattern: new RegExp(`^(?:${requirements.join('|')}) `),
      specs: specsOf(requirements),
      shard: { ...shard, requirements },
    };
  }
  if (options.only !== undefined) {
    const unknown = options.only.filter((id) => !KNOWN.has(id));
    if (unknown.length > 0 || options.only.length === 0)
      throw new UsageError(`--only: unknown requirement ${unknown.join(', ') || '(none given)'} (see "cos-conformance list")`);
  }
  let testNamePattern: RegExp | undefined;
  if (options.grep !== undefined) {
    try {
      testNamePattern = new RegExp(options.grep);
    } catch {
      throw new UsageError(`--grep: not a regular expression: ${options.grep}`);
    }
  }
  const filter = [options.only ? `--only ${options.only.join(',')}` : '', options.grep !== undefined ? `--grep ${options.grep}` : '']
    .filter(Boolean)
    .join(' ');
  return {
    ...(filter ? { filter } : {}),
    ...(options.only ? { only: options.only, judged: options.only } : {}),
    ...(testNamePattern ? { testNamePattern } : {}),
    specs: options.only ? specsOf(options.only) : [],
  };
}
