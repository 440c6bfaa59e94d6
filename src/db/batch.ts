// Statements have a parameter limit (PostgreSQL 65,535; SQLite 32,766): long lists go in batches.

export const BATCH_SIZE = 1000;

/** The items in consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `query` over the ids in batches and concatenates the rows (for `where id in (…)`). */
export async function inBatches<T, R>(ids: readonly T[], query: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const batch of chunks(ids)) out.push(...(await query(batch)));
  return out;
}
