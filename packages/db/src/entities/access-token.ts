import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { ACCESS_TOKEN_SCOPES, type AccessTokenScope, lengthSql, limits, notBlankSql } from '../rules/limits.ts';
import { idProperty, timestampProperty } from './common-properties.ts';
import { User } from './user.ts';

const scopeList = ACCESS_TOKEN_SCOPES.map((scope) => `'${scope}'`).join(', ');

/**
 * A personal access token: a bearer credential for /mcp only, limited to its scopes. Like a
 * session, only the SHA-256 of its secret is stored; unlike one, /trpc never accepts it.
 */
export const AccessToken = defineEntity({
  name: 'AccessToken',
  tableName: 'access_tokens',
  properties: {
    id: idProperty(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    name: p.string().length(limits.accessTokenName),
    tokenHash: p.string().length(64).hidden(),
    scopes: p.array<AccessTokenScope>(),
    createdAt: timestampProperty(),
    /** When /mcp last accepted it (to the minute); null until it is first used. */
    lastUsedAt: p.datetime(3).nullable(),
    /** Null: it never expires. */
    expiresAt: p.datetime(3).nullable(),
  },
  checks: [
    {
      name: 'access_tokens_name_check',
      expression: `${lengthSql('name', 1, limits.accessTokenName)} and ${notBlankSql('name')}`,
    },
    { name: 'access_tokens_token_hash_check', expression: `token_hash ~ '^[0-9a-f]{64}$'` },
    {
      // At least one scope, each a known one (`<@` is false for a null element too).
      name: 'access_tokens_scopes_check',
      expression: `cardinality(scopes) >= 1 and cardinality(scopes) <= ${ACCESS_TOKEN_SCOPES.length} and scopes <@ array[${scopeList}]::text[]`,
    },
    {
      name: 'access_tokens_expiry_check',
      expression: `expires_at is null or (expires_at > created_at and expires_at <= created_at + '${limits.accessTokenExpiryDays} days'::interval)`,
    },
  ],
  uniques: [
    // /mcp resolves every request's token by its hash.
    { name: 'access_tokens_token_hash_unique', properties: ['tokenHash'] },
  ],
  indexes: [
    // auth.tokens.list reads a user's tokens newest first; deleting a user cascades through it too.
    {
      name: 'access_tokens_user_recent_idx',
      expression:
        'create index "access_tokens_user_recent_idx" on "access_tokens" ("user_id", "created_at" desc, "id" desc)',
    },
  ],
});

export type AccessToken = InferEntity<typeof AccessToken>;
