/**
 * `work` over `items`, at most `limit` at a time, each starting as another ends; the results in the items' order,
 * whatever order they finished in. For calls whose order nothing judges: uploads a check only lists afterwards,
 * cleanup, independent runs of a script.
 */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
