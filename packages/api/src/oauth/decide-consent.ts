import type { z } from 'zod';
import type { SignedInContext } from '../context.ts';
import { notFound } from '../errors.ts';
import type { consentDecisionInput } from './oauth.schemas.ts';

/**
 * `oauth.consent.decide`: allows the client what it asked for, as the signed-in user, or refuses it;
 * the page then sends the browser to `redirectTo`. NOT_FOUND unless this browser began that consent.
 */
export async function decideConsent(
  ctx: Pick<SignedInContext, 'oauth' | 'cookie' | 'userId'>,
  input: z.output<typeof consentDecisionInput>,
): Promise<{ redirectTo: string }> {
  const decided = await ctx.oauth?.decide({
    uid: input.uid,
    cookie: ctx.cookie,
    userId: ctx.userId,
    allow: input.allow,
  });
  if (!decided) throw notFound('Authorization request');
  return decided;
}
