// Runs work(item) for every item with at most `workers` running at once; results keep the items'
// order. `stopped()` is checked before each start, so an interrupted batch starts nothing new.
export async function runPool<T, R>(items: readonly T[], workers: number, work: (item: T, index: number) => Promise<R>, stopped: () => boolean = () => false): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stopped()) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
  return results;
}
