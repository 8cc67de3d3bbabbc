import { Readable } from 'node:stream';
import { type ApiDeps, notFound, sharedConversationMarkdown, shareTokenSchema } from '@taskchat/api';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { answerFailures } from './route-failures.ts';

/**
 * What every shared page says besides its body: not for search engines (a link is private to
 * whoever was given it), never cached (a revoked link is gone at once), and never passed on as a
 * Referer to the sites its messages link to (the URL is the secret).
 */
function privatePage(reply: FastifyReply): FastifyReply {
  return reply
    .header('x-robots-tag', 'noindex, nofollow')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer');
}

/**
 * Share links, for anyone who has one (no sign-in): `GET /share/<token>` is the web app, which
 * shows the snapshot (`conversations.shared`); `GET /share/<token>.md` is the snapshot as
 * Markdown. A token never made, revoked, or of a conversation in the trash is a 404, alike.
 */
export function registerShareRoutes(app: FastifyInstance, deps: ApiDeps, webAppServed: boolean): void {
  app.get<{ Params: { file: string } }>('/share/:file', (request, reply) =>
    answerFailures(deps, 'shared conversation', request, reply, async () => {
      const { file } = request.params;
      const markdown = file.endsWith('.md');
      const token = shareTokenSchema.safeParse(markdown ? file.slice(0, -'.md'.length) : file);
      if (!token.success) throw notFound('Shared conversation');
      privatePage(reply);
      if (!markdown) {
        if (!webAppServed) throw notFound('Shared conversation page');
        return reply.sendFile('index.html');
      }
      const text = await sharedConversationMarkdown(deps, token.data);
      return reply.header('content-type', 'text/markdown; charset=utf-8').send(Readable.from(text));
    }),
  );
}
