import { raw, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { User } from '@taskchat/db';
import { TRPCError } from '@trpc/server';
import { protectedProcedure, publicProcedure, router } from '../trpc.ts';
import { signInInput, signUpInput } from './auth.schemas.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { closeSession, openSession } from './sessions.ts';
import { toUserOutput } from './user-output.ts';

const INVALID_CREDENTIALS = 'Invalid email or password';

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const em = ctx.em();
    const user = em.create(User, {
      email: input.email,
      passwordHash: await hashPassword(input.password),
      name: input.name ?? null,
    });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new TRPCError({ code: 'CONFLICT', message: 'An account with this email already exists' });
      }
      throw error;
    }
    const token = await openSession(em, user, ctx.sessionTtlMs);
    return { user: toUserOutput(user), token };
  }),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    // The schema lowercases the email; lower(email) is what the unique index covers.
    const em = ctx.em();
    const user = await em.findOne(User, { [raw('lower(email)')]: input.email });
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
    if (!user || !valid) throw new TRPCError({ code: 'UNAUTHORIZED', message: INVALID_CREDENTIALS });
    const token = await openSession(em, user, ctx.sessionTtlMs);
    return { user: toUserOutput(user), token };
  }),

  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    await closeSession(ctx.em(), ctx.auth.sessionId, ctx.auth.user.id);
    return { signedOut: true as const };
  }),

  me: protectedProcedure.query(({ ctx }) => ctx.auth.user),
});
