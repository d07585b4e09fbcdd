/**
 * Runs many small file operations with a few in flight at once. A run creates a GC root and
 * an index entry per project; one at a time, each waits on the file system's metadata
 * journal in turn (a few hundred microseconds apiece on our VM disks), side by side they
 * overlap in libuv's thread pool.
 */
const IN_FLIGHT = 16;

export const forEachConcurrently = async <T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, items.length) }, worker));
};
