import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';

/**
 * What the OAuth server signs with, made once by the first process that starts and shared by
 * every other: its signing keys (`jwks`) and the keys of its signed cookies (`cookie-keys`).
 */
export const OAuthSecret = defineEntity({
  name: 'OAuthSecret',
  tableName: 'oauth_secrets',
  properties: {
    name: p.string().length(40).primary(),
    value: p.json<unknown>(),
    createdAt: p.datetime(3).defaultRaw('now()'),
  },
  checks: [{ name: 'oauth_secrets_name_check', expression: `name in ('jwks', 'cookie-keys')` }],
});

export type OAuthSecret = InferEntity<typeof OAuthSecret>;
