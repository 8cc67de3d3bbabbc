import superjson, { type SuperJSONResult } from 'superjson';

type Annotations = Record<string, ['Date']>;
const UNSUPPORTED = Symbol('unsupported');

/** A primitive as superjson writes it, or UNSUPPORTED when superjson would annotate it. */
function encodePrimitive(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return value;
  return UNSUPPORTED;
}

/** A member of an array or object; its path is only spelled out when it is an object. */
function encodeMember(
  item: unknown,
  prefix: string,
  key: string | number,
  annotations: Annotations,
  seen: Set<object>,
): unknown {
  if (typeof item !== 'object' || item === null) return encodePrimitive(item);
  return encode(item, prefix + key, annotations, seen);
}

/**
 * Encodes what procedures return in superjson's wire format without superjson's general walk,
 * which the benchmark profile showed as the largest cost of a list response. It covers exactly
 * what our outputs hold: plain objects and arrays, strings, finite numbers, booleans, null and
 * valid Dates, each object met once. Anything else returns UNSUPPORTED and goes to superjson.
 * `path` is the dotted path superjson uses in its annotations.
 */
function encode(value: unknown, path: string, annotations: Annotations, seen: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return encodePrimitive(value);
  if (seen.has(value)) return UNSUPPORTED; // superjson records shared references
  seen.add(value);
  if (value instanceof Date) {
    if (path === '' || Number.isNaN(value.getTime())) return UNSUPPORTED;
    annotations[path] = ['Date'];
    return value.toISOString();
  }
  const prefix = path === '' ? '' : `${path}.`;
  if (Array.isArray(value)) {
    const encoded: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const result = encodeMember(value[i], prefix, i, annotations, seen);
      if (result === UNSUPPORTED) return UNSUPPORTED;
      encoded[i] = result;
    }
    return encoded;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return UNSUPPORTED;
  const encoded: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key.includes('.') || key.includes('\\')) return UNSUPPORTED; // superjson escapes these in paths
    const result = encodeMember((value as Record<string, unknown>)[key], prefix, key, annotations, seen);
    if (result === UNSUPPORTED) return UNSUPPORTED;
    encoded[key] = result;
  }
  return encoded;
}

/** superjson's serialize, taking the fast path when the value allows it; the output is identical. */
export function serializeOutput(value: unknown): SuperJSONResult {
  const annotations: Annotations = {};
  const json = encode(value, '', annotations, new Set());
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
