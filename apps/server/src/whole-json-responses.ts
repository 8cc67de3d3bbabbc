import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * tRPC answers with a web `Response`, whose body Fastify streams: one socket write per chunk and
 * another for the end of the chunked body. A plain JSON answer is one complete string, so this
 * `onSend` hook hands Fastify the whole text instead: a single write with a Content-Length (the
 * benchmark profile showed socket writes as the largest cost per request). Streamed answers (JSON
 * lines, events) carry Transfer-Encoding or another type and pass through untouched.
 */
export async function sendJsonResponsesWhole(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (!(payload instanceof Response) || payload.headers.has('transfer-encoding')) return payload;
  if (!payload.headers.get('content-type')?.startsWith('application/json')) return payload;
  reply.code(payload.status);
  for (const [name, value] of payload.headers) reply.header(name, value);
  return await payload.text();
}
