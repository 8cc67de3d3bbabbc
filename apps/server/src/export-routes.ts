import { Readable } from 'node:stream';
import {
  type ApiDeps,
  createContext,
  exportAccount,
  exportConversationMarkdown,
  notFound,
  signedInCaller,
} from '@taskchat/api';
import { idSchema } from '@taskchat/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { answerFailures } from './route-failures.ts';

/** The caller's signed-in context, resolved as for /trpc (the session lookup's outages included). */
async function signedInContext(deps: ApiDeps, request: FastifyRequest) {
  const ctx = await createContext(deps, { authorization: request.headers.authorization });
  return { ...ctx, ...signedInCaller(ctx) };
}

/**
 * `GET /export`: everything of the caller's as NDJSON (the format in `@taskchat/api`'s
 * export-format.ts), streamed as it is read, at constant memory. `GET /export/conversations/:id.md`:
 * one conversation as Markdown. Bearer token as for /trpc; another user's conversation is a 404.
 */
export function registerExportRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/export', (request, reply) =>
    answerFailures(deps, 'export', request, reply, async () => {
      const ctx = await signedInContext(deps, request);
      const date = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="taskchat-${date}.ndjson"`)
        .send(Readable.from(exportAccount(ctx)));
    }),
  );

  app.get<{ Params: { file: string } }>('/export/conversations/:file', (request, reply) =>
    answerFailures(deps, 'export', request, reply, async () => {
      const ctx = await signedInContext(deps, request);
      const id = idSchema.safeParse(request.params.file.replace(/\.md$/, ''));
      if (!id.success || !request.params.file.endsWith('.md')) throw notFound('Conversation');
      const markdown = await exportConversationMarkdown(ctx, { conversationId: id.data });
      return reply
        .header('content-type', 'text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${id.data}.md"`)
        .send(Readable.from(markdown));
    }),
  );
}
