import { protectedProcedure, router } from '../trpc.ts';
import { decideConsent } from './decide-consent.ts';
import { getConsent } from './get-consent.ts';
import { listOAuthGrants } from './list-oauth-grants.ts';
import { consentDecisionInput, consentUidInput, grantIdInput } from './oauth.schemas.ts';
import { revokeOAuthGrant } from './revoke-oauth-grant.ts';

export const oauthRouter = router({
  // The consent page of the web app, for an MCP client's authorization request (docs/oauth.md).
  consent: router({
    get: protectedProcedure.input(consentUidInput).query(({ ctx, input }) => getConsent(ctx, input)),
    decide: protectedProcedure.input(consentDecisionInput).mutation(({ ctx, input }) => decideConsent(ctx, input)),
  }),
  // The account screen's connected apps.
  grants: router({
    list: protectedProcedure.query(({ ctx }) => listOAuthGrants(ctx)),
    revoke: protectedProcedure.input(grantIdInput).mutation(({ ctx, input }) => revokeOAuthGrant(ctx, input)),
  }),
});
