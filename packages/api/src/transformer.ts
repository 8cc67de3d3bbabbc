import superjson, { type SuperJSONResult } from 'superjson';

type Annotations = Record<string, ['Date']>;
const UNSUPPORTED = Symbol('unsupported');

/**
 * Encodes what procedures return in superjson's wire format without superjson's general walk,
 * which the benchmark profile showed as the largest cost of a list response. It covers exactly
 * what our outputs hold: plain objects and arrays, strings, finite numbers, booleans, null and
 * valid Dates, each object met once. Anything else returns UNSUPPORTED and goes to superjson.
 */
function encode(value: unknown, path: string[], annotations: Annotations, seen: Set<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : UNSUPPORTED;
  if (typeof value !== 'object' || seen.has(value)) return UNSUPPORTED; // superjson records shared references
  seen.add(value);
  if (value instanceof Date) {
    if (path.length === 0 || Number.isNaN(value.getTime())) return UNSUPPORTED;
    annotations[path.join('.')] = ['Date']; // the path is only spelled out where a Date sits
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    const encoded: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const item = encode(value[i], path, annotations, seen);
      path.pop();
      if (item === UNSUPPORTED) return UNSUPPORTED;
      encoded[i] = item;
    }
    return encoded;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return UNSUPPORTED;
  const encoded: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key.includes('.') || key.includes('\\')) return UNSUPPORTED; // superjson escapes these in paths
    path.push(key);
    const item = encode((value as Record<string, unknown>)[key], path, annotations, seen);
    path.pop();
    if (item === UNSUPPORTED) return UNSUPPORTED;
    encoded[key] = item;
  }
  return encoded;
}

/** superjson's serialize, taking the fast path when the value allows it; the output is identical. */
export function serializeOutput(value: unknown): SuperJSONResult {
  const annotations: Annotations = {};
  const json = encode(value, [], annotations, new Set());
  if (json === UNSUPPORTED) return superjson.serialize(value);
  const result = { json } as SuperJSONResult;
  if (Object.keys(annotations).length > 0) result.meta = { values: annotations, v: 1 } as SuperJSONResult['meta'];
  return result;
}

/** tRPC transformer: superjson on the wire both ways; clients use plain superjson. */
export const transformer = {
  input: superjson,
  output: { serialize: serializeOutput, deserialize: superjson.deserialize.bind(superjson) },
};
