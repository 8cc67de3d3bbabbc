import { protectedProcedure, publicProcedure, router } from '../trpc.ts';
import {
  accessTokenIdInput,
  changePasswordInput,
  createAccessTokenInput,
  deleteAccountInput,
  listSessionsInput,
  sessionIdInput,
  signInInput,
  signUpInput,
  updateProfileInput,
} from './auth.schemas.ts';
import { changePassword } from './change-password.ts';
import { createAccessToken } from './create-access-token.ts';
import { currentUser } from './current-user.ts';
import { deleteAccount } from './delete-account.ts';
import { listAccessTokens } from './list-access-tokens.ts';
import { listSessions } from './list-sessions.ts';
import { revokeAccessToken } from './revoke-access-token.ts';
import { revokeSession } from './revoke-session.ts';
import { signIn } from './sign-in.ts';
import { signOut } from './sign-out.ts';
import { signOutOthers } from './sign-out-others.ts';
import { signUp } from './sign-up.ts';
import { updateProfile } from './update-profile.ts';

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => signUp(ctx, input)),
  signIn: publicProcedure.input(signInInput).mutation(({ ctx, input }) => signIn(ctx, input)),
  signOut: protectedProcedure.mutation(({ ctx }) => signOut(ctx)),
  me: protectedProcedure.query(({ ctx }) => currentUser(ctx)),
  updateProfile: protectedProcedure.input(updateProfileInput).mutation(({ ctx, input }) => updateProfile(ctx, input)),
  sessions: protectedProcedure.input(listSessionsInput).query(({ ctx, input }) => listSessions(ctx, input)),
  revokeSession: protectedProcedure.input(sessionIdInput).mutation(({ ctx, input }) => revokeSession(ctx, input)),
  signOutOthers: protectedProcedure.mutation(({ ctx }) => signOutOthers(ctx)),
  changePassword: protectedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx, input)),
  deleteAccount: protectedProcedure.input(deleteAccountInput).mutation(({ ctx, input }) => deleteAccount(ctx, input)),
  // Personal access tokens for /mcp: managed with a session, never usable as one.
  tokens: router({
    create: protectedProcedure
      .input(createAccessTokenInput)
      .mutation(({ ctx, input }) => createAccessToken(ctx, input)),
    list: protectedProcedure.query(({ ctx }) => listAccessTokens(ctx)),
    revoke: protectedProcedure.input(accessTokenIdInput).mutation(({ ctx, input }) => revokeAccessToken(ctx, input)),
  }),
});
