/**
 * The ceiling for Taskchat's own stack with nothing of Taskchat's in it: Fastify, tRPC's Fastify
 * adapter, superjson, one protectedProcedure-like middleware that resolves the session (one
 * statement per request, as Taskchat's context does), and `pg` running the same SQL as Taskchat
 * and the raw baseline (`baseline-sql.ts`). No ORM, no validation, no logging, metrics or tracing.
 * What Taskchat costs beyond it is what its own layers cost. Prints "listening on <url>" once ready.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import pg from 'pg';
import superjson from 'superjson';
import { type Input, type Procedure, procedures, Refusal, sessionUser } from './baseline-sql.ts';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

interface Context {
  /** The request's user: looked up on first use, once for all the calls of a batch. */
  user(): Promise<string | null>;
}

const t = initTRPC.context<Context>().create({ transformer: superjson });

const protectedProcedure = t.procedure.use(async ({ ctx, next }) => {
  const userId = await ctx.user();
  if (!userId) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  return next({ ctx: { userId } });
});

async function answer(name: string, userId: string, input: Input): Promise<unknown> {
  try {
    return await (procedures[name] as Procedure)(pool, userId, input);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    throw new TRPCError({ code: error.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: error.message });
  }
}

const asInput = (raw: unknown) => (raw ?? {}) as Input;
const query = (name: string) =>
  protectedProcedure.input(asInput).query(({ ctx, input }) => answer(name, ctx.userId, input));
const mutation = (name: string) =>
  protectedProcedure.input(asInput).mutation(({ ctx, input }) => answer(name, ctx.userId, input));

const router = t.router({
  conversations: t.router({ list: query('conversations.list') }),
  messages: t.router({ list: query('messages.list'), append: mutation('messages.append') }),
  tasks: t.router({ list: query('tasks.list') }),
});

// A batch names its procedures in one path segment, longer than Fastify's default limit (as Taskchat's).
const app = Fastify({ routerOptions: { maxParamLength: 5_000 } });
await app.register(fastifyTRPCPlugin, {
  prefix: '/trpc',
  trpcOptions: {
    router,
    createContext: ({ req }: { req: { headers: { authorization?: string } } }): Context => {
      let user: Promise<string | null> | undefined;
      return { user: () => (user ??= sessionUser(pool, req.headers.authorization)) };
    },
  },
});
const origin = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`listening on ${origin}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void app.close().then(() => pool.end()));
}
