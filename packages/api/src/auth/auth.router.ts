import { protectedProcedure, publicProcedure, router } from '../trpc.ts';
import { signIn, signUp } from './accounts.ts';
import { signInInput, signUpInput } from './auth.schemas.ts';
import { closeSession } from './sessions.data.ts';

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => signUp(ctx.db, input, ctx.sessionTtlMs)),
  signIn: publicProcedure.input(signInInput).mutation(({ ctx, input }) => signIn(ctx.db, input, ctx.sessionTtlMs)),
  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    await closeSession(ctx.db, ctx.auth.user.id, ctx.auth.sessionId);
    return { signedOut: true as const };
  }),
  me: protectedProcedure.query(({ ctx }) => ctx.auth.user),
});
