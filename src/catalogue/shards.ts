import { REQUIREMENTS } from './requirements.js';

/** Part `index` of `count` (1-based): the slice of the catalogue one CI runner judges. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** `2/3` → { index: 2, count: 3 }; anything else is a mistake named in one line. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new Error(`expected i/n with 1 <= i <= n (e.g. 2/3), got "${text}"`);
  return { index, count };
}

export const shardLabel = (shard: Shard) => `${shard.index}/${shard.count}`;

/**
 * The requirements a shard judges: every count-th requirement of the catalogue, starting at the index-th. Every
 * requirement is in exactly one shard of a given count, the shards differ in size by one requirement at most, and
 * the deal depends only on the catalogue, so runners that never talk to each other agree on it.
 */
export function shardRequirements(shard: Shard): string[] {
  return REQUIREMENTS.filter((_, position) => position % shard.count === shard.index - 1).map((r) => r.id);
}
