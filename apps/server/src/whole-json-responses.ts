import type { FastifyReply, FastifyRequest } from 'fastify';

/** The most one answer may be (RESPONSE_LIMIT), and what is sent instead of a larger one. */
export interface ResponseBound {
  limitBytes: number;
  /** The typed error sent instead of a whole answer over the limit (413, in tRPC's shape). */
  refusal: (request: FastifyRequest) => { status: number; body: string };
}

/**
 * tRPC answers with a web `Response`, whose body Fastify streams: one socket write per chunk and
 * another for the end of the chunked body. A plain JSON answer is one complete string, so this
 * `onSend` hook hands Fastify the whole text instead: a single write with a Content-Length (the
 * benchmark profile showed socket writes as the largest cost per request). Streamed answers (JSON
 * lines, events) carry Transfer-Encoding or another type and pass through.
 *
 * The hook also bounds one answer, a batch counted whole: a whole answer of queries (GET) over
 * `limitBytes` is replaced by the bound's refusal, and a streamed batch (JSON lines) is cut off
 * before the chunk that would pass it (its status is already sent). A mutation's answer is not
 * refused: its work is done, and a refusal would invite a retry that does it again. Events
 * (subscriptions) are not counted.
 */
export function sendJsonResponsesWhole(bound: ResponseBound) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (!(payload instanceof Response)) return payload;
    if (!payload.headers.get('content-type')?.startsWith('application/json')) return payload;
    if (payload.headers.has('transfer-encoding')) return cutOffAt(bound.limitBytes, payload, request);
    const text = await payload.text();
    // A UTF-16 code unit is at most 3 bytes of UTF-8: most answers are measured without counting.
    const bytes = text.length * 3 > bound.limitBytes ? Buffer.byteLength(text) : 0;
    if (bytes > bound.limitBytes && request.method === 'GET') {
      request.log.warn({ bytes, limit: bound.limitBytes }, 'answer over RESPONSE_LIMIT refused');
      const refusal = bound.refusal(request);
      reply.code(refusal.status);
      reply.header('content-type', 'application/json');
      return refusal.body;
    }
    reply.code(payload.status);
    for (const [name, value] of payload.headers) reply.header(name, value);
    return text;
  };
}

/** The streamed answer, ended with an error before the chunk that would take it past `limitBytes`. */
function cutOffAt(limitBytes: number, response: Response, request: FastifyRequest): Response {
  if (!response.body) return response;
  let sent = 0;
  const bounded = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      sent += chunk.byteLength;
      if (sent <= limitBytes) return controller.enqueue(chunk);
      request.log.warn({ limit: limitBytes }, 'streamed answer cut off at RESPONSE_LIMIT');
      controller.error(new Error(`The streamed answer passed RESPONSE_LIMIT (${limitBytes} bytes)`));
    },
  });
  return new Response(response.body.pipeThrough(bounded), { status: response.status, headers: response.headers });
}

/** The procedures a /trpc request calls, as tRPC reads its URL (`/trpc/a,b?batch=1`). */
export function trpcCalls(url: string): { paths: string[]; batch: boolean } {
  const { pathname, searchParams } = new URL(url, 'http://localhost');
  const encoded = pathname.replace(/^\/trpc\/?/, '');
  let path = encoded;
  try {
    path = decodeURIComponent(encoded);
  } catch {
    // tRPC answers such a path with a BAD_REQUEST of its own; the raw path names the calls as well.
  }
  const batch = searchParams.get('batch') === '1';
  return { paths: batch ? path.split(',') : [path], batch };
}
