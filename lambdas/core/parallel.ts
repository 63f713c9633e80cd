/** `run` for every item, at most `limit` at a time, in the items' order of starting. */
export async function inParallel<T>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await run(items[index]!, index);
      }
    }),
  );
}
