/**
 * Hot paths read rows with hand-written SQL through the ORM's connection (no entity hydration or
 * identity map). MikroORM's PostgreSQL driver returns timestamps as text such as
 * `2026-11-23 02:27:16.225+00`, which `Date` parses exactly.
 */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}
