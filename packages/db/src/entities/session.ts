import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { lengthSql, limits } from '../rules/limits.ts';
import { notifyTrigger } from './change-notifications.ts';
import { idProperty, timestampProperty } from './common-properties.ts';
import { User } from './user.ts';

/** A sign-in. Only the SHA-256 of the bearer token is stored, never the token itself. */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    id: idProperty(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    tokenHash: p.string().length(64).hidden(),
    createdAt: timestampProperty(),
    expiresAt: p.datetime(3),
    lastSeenAt: timestampProperty(),
    /** The User-Agent header it signed in with, cut to its bound; null when none came (in-process). */
    userAgent: p.text().nullable(),
    /** The client address it signed in from (IPv4, or IPv6), as the server saw it; null in-process. */
    ip: p.text().nullable(),
  },
  checks: [
    { name: 'sessions_token_hash_check', expression: `token_hash ~ '^[0-9a-f]{64}$'` },
    { name: 'sessions_expiry_check', expression: 'expires_at > created_at' },
    {
      name: 'sessions_user_agent_check',
      expression: `user_agent is null or (${lengthSql('user_agent', 1, limits.sessionUserAgent)})`,
    },
    { name: 'sessions_ip_check', expression: `ip is null or (${lengthSql('ip', 1, limits.sessionAddress)})` },
  ],
  uniques: [
    // Every authenticated request resolves its session by token hash.
    { name: 'sessions_token_hash_unique', properties: ['tokenHash'] },
  ],
  indexes: [
    // auth.sessions pages through a user's sessions, newest first; deleting a user cascades through it too.
    {
      name: 'sessions_user_recent_idx',
      expression: 'create index "sessions_user_recent_idx" on "sessions" ("user_id", "created_at" desc, "id" desc)',
    },
  ],
  // Signed out (or its user deleted): streams opened with it end.
  triggers: [notifyTrigger('notify_closed', ['delete'], `'session-closed'`, { u: 'old.user_id', s: 'old.id' })],
});

export type Session = InferEntity<typeof Session>;
