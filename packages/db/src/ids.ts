import { v7 } from 'uuid';

/** Time-ordered UUIDv7: inserts stay at the right edge of b-tree indexes and ids sort by creation. */
export function newId(): string {
  return v7();
}
