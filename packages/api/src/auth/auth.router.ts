import { protectedProcedure, publicProcedure, router } from '../trpc.ts';
import { changePassword, deleteAccount, signIn, signUp } from './accounts.ts';
import {
  changePasswordInput,
  deleteAccountInput,
  listSessionsInput,
  sessionIdInput,
  signInInput,
  signUpInput,
} from './auth.schemas.ts';
import { closeOtherSessions, closeSession, listSessions } from './sessions.data.ts';

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => signUp(ctx, input, ctx.clientAddress)),
  signIn: publicProcedure.input(signInInput).mutation(({ ctx, input }) => signIn(ctx, input, ctx.clientAddress)),
  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    await closeSession(ctx.db, ctx.auth.user.id, ctx.auth.sessionId);
    return { signedOut: true as const };
  }),
  me: protectedProcedure.query(({ ctx }) => ctx.auth.user),
  sessions: protectedProcedure
    .input(listSessionsInput)
    .query(({ ctx, input }) => listSessions(ctx.db, ctx.auth.user.id, ctx.auth.sessionId, input)),
  revokeSession: protectedProcedure.input(sessionIdInput).mutation(async ({ ctx, input }) => {
    await closeSession(ctx.db, ctx.auth.user.id, input.id);
    return { id: input.id };
  }),
  signOutOthers: protectedProcedure.mutation(async ({ ctx }) => ({
    revokedSessions: await closeOtherSessions(ctx.db, ctx.auth.user.id, ctx.auth.sessionId),
  })),
  changePassword: protectedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx, ctx.auth, input, ctx.clientAddress)),
  deleteAccount: protectedProcedure
    .input(deleteAccountInput)
    .mutation(({ ctx, input }) => deleteAccount(ctx, ctx.auth, input, ctx.clientAddress)),
});
