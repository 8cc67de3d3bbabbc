import { Readable } from 'node:stream';
import {
  type ApiDeps,
  createContext,
  exportAccount,
  exportConversationMarkdown,
  isDatabaseOutage,
} from '@taskchat/api';
import { idSchema } from '@taskchat/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The signed-in user of a request (resolved as for /trpc, outages included), or a 401 sent. */
async function signedIn(deps: ApiDeps, request: FastifyRequest, reply: FastifyReply) {
  const { auth } = await createContext(deps, { authorization: request.headers.authorization });
  if (!auth) void reply.code(401).send({ error: 'Sign in to continue' });
  return auth;
}

/** An outage before the first byte is a 503 with Retry-After, as for /trpc; anything else stays a 500. */
async function answerOutages(reply: FastifyReply, route: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await route();
  } catch (error) {
    if (!isDatabaseOutage(error)) throw error;
    return reply.code(503).header('retry-after', '5').send({ error: 'The database is unavailable; try again shortly' });
  }
}

/**
 * `GET /export`: everything of the caller's as NDJSON (the format in `@taskchat/api`'s
 * export-format.ts), streamed as it is read, at constant memory. `GET /export/conversations/:id.md`:
 * one conversation as Markdown. Bearer token as for /trpc; another user's conversation is a 404.
 */
export function registerExportRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/export', (request, reply) =>
    answerOutages(reply, async () => {
      const session = await signedIn(deps, request, reply);
      if (!session) return reply;
      const date = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="taskchat-${date}.ndjson"`)
        .send(Readable.from(exportAccount(deps.db, session.user)));
    }),
  );

  app.get<{ Params: { file: string } }>('/export/conversations/:file', (request, reply) =>
    answerOutages(reply, async () => {
      const session = await signedIn(deps, request, reply);
      if (!session) return reply;
      const id = idSchema.safeParse(request.params.file.replace(/\.md$/, ''));
      if (!id.success || !request.params.file.endsWith('.md')) {
        return reply.code(404).send({ error: 'Conversation not found' });
      }
      const markdown = await exportConversationMarkdown(deps.db, session.user.id, id.data).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 'NOT_FOUND') return null;
        throw error;
      });
      if (!markdown) return reply.code(404).send({ error: 'Conversation not found' });
      return reply
        .header('content-type', 'text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${id.data}.md"`)
        .send(Readable.from(markdown));
    }),
  );
}
