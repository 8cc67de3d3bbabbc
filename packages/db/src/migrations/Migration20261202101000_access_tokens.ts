import { Migration } from '@mikro-orm/migrations';

/**
 * Personal access tokens for /mcp: a name, the SHA-256 of the secret, the scopes (each a known
 * one), when it was last used and when it expires (never, or within a year of its creation).
 */
export class Migration20261202101000_access_tokens extends Migration {
  override name = 'Migration20261202101000_access_tokens';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "access_tokens" ("id" uuid not null, "user_id" uuid not null, "name" varchar(100) not null, "token_hash" varchar(64) not null, "scopes" text[] not null, "created_at" timestamptz(3) not null default now(), "last_used_at" timestamptz(3) null, "expires_at" timestamptz(3) null, primary key ("id"));`,
    );
    this.addSql(
      `create index "access_tokens_user_recent_idx" on "access_tokens" ("user_id", "created_at" desc, "id" desc);`,
    );
    this.addSql(`alter table "access_tokens" add constraint "access_tokens_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `alter table "access_tokens" add constraint "access_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "access_tokens" add constraint "access_tokens_name_check" check (char_length(name) >= 1 and char_length(name) <= 100 and name ~ '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]');`,
    );
    this.addSql(
      `alter table "access_tokens" add constraint "access_tokens_token_hash_check" check (token_hash ~ '^[0-9a-f]{64}$');`,
    );
    this.addSql(
      `alter table "access_tokens" add constraint "access_tokens_scopes_check" check (cardinality(scopes) >= 1 and cardinality(scopes) <= 3 and scopes <@ array['tasks:read', 'tasks:write', 'conversations:read']::text[]);`,
    );
    this.addSql(
      `alter table "access_tokens" add constraint "access_tokens_expiry_check" check (expires_at is null or (expires_at > created_at and expires_at <= created_at + '365 days'::interval));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "access_tokens" cascade;`);
  }
}
