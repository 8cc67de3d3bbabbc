import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { User } from './user.ts';

/**
 * The kinds of record the OAuth server (oidc-provider) keeps; the CHECK constraint admits no
 * others. Taskchat turns off what would need the rest (device flow, CIBA, PAR, registration management).
 */
export const OAUTH_RECORD_MODELS = [
  'Session',
  'Interaction',
  'Grant',
  'AuthorizationCode',
  'AccessToken',
  'RefreshToken',
  'Client',
  'ReplayDetection',
] as const;

/** A record stays readable this big at most: oidc-provider's own are a few hundred bytes to a few KiB. */
export const OAUTH_PAYLOAD_LIMIT_BYTES = 65_536;

const modelList = OAUTH_RECORD_MODELS.map((model) => `'${model}'`).join(', ');

/**
 * One record of the OAuth server, by kind and id: a registered client, a browser's sign-in there,
 * a consent in progress, a grant (what the user allowed a client), and the codes and tokens issued
 * under it. Tokens are opaque: the id is the secret, looked up like a session's hash. The columns
 * beside the payload are what it is found or revoked by; `user_id` cascades an account's deletion.
 */
export const OAuthRecord = defineEntity({
  name: 'OAuthRecord',
  tableName: 'oauth_records',
  properties: {
    model: p.string().length(40).primary(),
    id: p.string().length(200).primary(),
    payload: p.json<Record<string, unknown>>(),
    /** The account it belongs to (a grant, its codes and tokens, a signed-in browser); null for a client. */
    user: () => p.manyToOne(User).ref().deleteRule('cascade').nullable(),
    /** The grant a code or token was issued under (a grant's own id for a grant): revoking ends them together. */
    grantId: p.string().length(200).nullable(),
    /** A browser session's uid, by which oidc-provider finds it. */
    uid: p.string().length(200).nullable(),
    createdAt: p.datetime(3).defaultRaw('now()'),
    /** Null: it does not expire (a registered client). */
    expiresAt: p.datetime(3).nullable(),
  },
  checks: [
    { name: 'oauth_records_model_check', expression: `model in (${modelList})` },
    {
      name: 'oauth_records_payload_check',
      expression: `jsonb_typeof(payload) = 'object' and pg_column_size(payload) <= ${OAUTH_PAYLOAD_LIMIT_BYTES}`,
    },
  ],
  indexes: [
    // Revoking a grant deletes everything issued under it.
    {
      name: 'oauth_records_grant_idx',
      expression: 'create index "oauth_records_grant_idx" on "oauth_records" ("grant_id") where grant_id is not null',
    },
    // oidc-provider finds a browser session by its uid.
    {
      name: 'oauth_records_uid_idx',
      expression: 'create index "oauth_records_uid_idx" on "oauth_records" ("model", "uid") where uid is not null',
    },
    // The account screen lists a user's grants; deleting a user cascades through it too.
    {
      name: 'oauth_records_user_idx',
      expression:
        'create index "oauth_records_user_idx" on "oauth_records" ("user_id", "model") where user_id is not null',
    },
    // A user's grants to one client (a client connecting again replaces them), and the purge's clients never connected.
    {
      name: 'oauth_records_grant_client_idx',
      expression:
        'create index "oauth_records_grant_client_idx" on "oauth_records" ((payload->>\'clientId\')) where model = \'Grant\'',
    },
    // The purge deletes what has expired.
    {
      name: 'oauth_records_expiry_idx',
      expression:
        'create index "oauth_records_expiry_idx" on "oauth_records" ("expires_at") where expires_at is not null',
    },
  ],
});

export type OAuthRecord = InferEntity<typeof OAuthRecord>;
