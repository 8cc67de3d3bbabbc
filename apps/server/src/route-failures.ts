import { type ApiDeps, toHttpAnswer, toTRPCError } from '@taskchat/api';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A failure before the first byte answers as /trpc would, through the API's one error map: 401
 * without a session, 404 for another user's conversation, 503 with Retry-After in an outage.
 */
export async function answerFailures(
  deps: ApiDeps,
  what: string,
  request: FastifyRequest,
  reply: FastifyReply,
  route: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await route();
  } catch (error) {
    const answer = toHttpAnswer(toTRPCError(error, deps, { what, path: request.routeOptions.url }));
    if (answer.retryAfterSeconds !== null) void reply.header('retry-after', String(answer.retryAfterSeconds));
    return reply.code(answer.status).send({ error: answer.message });
  }
}
