import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import type { Database } from '../database.ts';
import { setProjectPositions } from './projects.data.ts';

/**
 * The position key for a project placed at `index` of `order` (the user's other projects in
 * their order): a fractional-indexing key between its neighbours. When there is no key between
 * them (equal keys, as raw inserts' default 'a0' gives, or keys the package cannot read), the
 * whole order is given fresh, evenly spread keys first. Runs under the user's projects lock.
 */
export async function positionAt(
  tx: Database,
  userId: string,
  order: { id: string; position: string }[],
  index: number,
): Promise<string> {
  const lower = order[index - 1]?.position ?? null;
  const upper = order[index]?.position ?? null;
  try {
    if (lower === null || upper === null || lower < upper) return generateKeyBetween(lower, upper);
  } catch {
    // Unreadable neighbours: rebalanced below.
  }
  const keys = generateNKeysBetween(null, null, order.length + 1);
  const others = order.map((project, i) => ({ id: project.id, position: keys[i < index ? i : i + 1] as string }));
  await setProjectPositions(tx, userId, others);
  return keys[index] as string;
}
