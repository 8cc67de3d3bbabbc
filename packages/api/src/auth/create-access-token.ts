import { limits } from '@taskchat/db';
import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { DomainError } from '../errors.ts';
import {
  type AccessTokenOutput,
  countAccessTokens,
  deleteExpiredAccessTokens,
  insertAccessToken,
} from './access-tokens.data.ts';
import type { createAccessTokenInput } from './auth.schemas.ts';
import { hashSessionToken, newAccessTokenSecret } from './tokens.ts';
import { lockUserRow } from './users.data.ts';

const DAY_MS = 86_400_000;

/** What `auth.tokens.create` answers: the token, and its secret, which is never shown again. */
export interface CreatedAccessToken {
  token: AccessTokenOutput;
  /** `tc_pat_…`: for `Authorization: Bearer` on /mcp. Only its SHA-256 is stored. */
  secret: string;
}

/**
 * `auth.tokens.create`: a personal access token for /mcp with the scopes chosen, expiring after
 * `expiresIn` days or never. Counted under the lock on the user's row, so racing creates cannot
 * pass the cap (then BAD_REQUEST); the user's expired tokens are deleted first and do not count.
 */
export async function createAccessToken(
  ctx: UserScope,
  input: z.output<typeof createAccessTokenInput>,
): Promise<CreatedAccessToken> {
  const { userId } = ctx;
  const secret = newAccessTokenSecret();
  const createdAt = new Date();
  const expiresAt = input.expiresIn === undefined ? null : new Date(createdAt.getTime() + input.expiresIn * DAY_MS);
  const token = await inTransaction(ctx.db, async (tx) => {
    await lockUserRow(tx, userId);
    await deleteExpiredAccessTokens(tx, userId);
    if ((await countAccessTokens(tx, userId)) >= limits.accessTokensPerUser) {
      throw new DomainError(
        'BAD_REQUEST',
        `You can have at most ${limits.accessTokensPerUser} access tokens: revoke one to make another`,
      );
    }
    return await insertAccessToken(tx, userId, {
      name: input.name,
      scopes: input.scopes,
      tokenHash: hashSessionToken(secret),
      createdAt,
      expiresAt,
    });
  });
  return { token, secret };
}
