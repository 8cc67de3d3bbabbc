import type { z } from 'zod';
import type { SignedInContext } from '../context.ts';
import { notFound } from '../errors.ts';
import type { consentUidInput } from './oauth.schemas.ts';
import type { ConsentRequest } from './oauth-consent.ts';

/** `oauth.consent.get`: which client asks for what; NOT_FOUND unless this browser began that consent. */
export async function getConsent(
  ctx: Pick<SignedInContext, 'oauth' | 'cookie'>,
  input: z.output<typeof consentUidInput>,
): Promise<ConsentRequest> {
  const request = await ctx.oauth?.describe({ uid: input.uid, cookie: ctx.cookie });
  if (!request) throw notFound('Authorization request');
  return request;
}
