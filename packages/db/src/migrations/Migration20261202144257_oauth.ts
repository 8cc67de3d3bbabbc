import { Migration } from '@mikro-orm/migrations';

/**
 * The OAuth server's records (clients, browser sessions, consents in progress, grants, codes and
 * tokens, each a JSON payload with the columns it is found or revoked by) and its shared secrets.
 */
export class Migration20261202144257_oauth extends Migration {
  override name = 'Migration20261202144257_oauth';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "oauth_secrets" ("name" varchar(40) not null, "value" jsonb not null, "created_at" timestamptz(3) not null default now(), primary key ("name"));`,
    );

    this.addSql(
      `create table "oauth_records" ("model" varchar(40) not null, "id" varchar(200) not null, "payload" jsonb not null, "user_id" uuid null, "grant_id" varchar(200) null, "uid" varchar(200) null, "created_at" timestamptz(3) not null default now(), "expires_at" timestamptz(3) null, primary key ("model", "id"));`,
    );
    this.addSql(`create index "oauth_records_grant_idx" on "oauth_records" ("grant_id") where grant_id is not null;`);
    this.addSql(`create index "oauth_records_uid_idx" on "oauth_records" ("model", "uid") where uid is not null;`);
    this.addSql(
      `create index "oauth_records_user_idx" on "oauth_records" ("user_id", "model") where user_id is not null;`,
    );
    this.addSql(
      `create index "oauth_records_grant_client_idx" on "oauth_records" ((payload->>'clientId')) where model = 'Grant';`,
    );
    this.addSql(
      `create index "oauth_records_expiry_idx" on "oauth_records" ("expires_at") where expires_at is not null;`,
    );

    this.addSql(
      `alter table "oauth_secrets" add constraint "oauth_secrets_name_check" check (name in ('jwks', 'cookie-keys'));`,
    );

    this.addSql(
      `alter table "oauth_records" add constraint "oauth_records_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "oauth_records" add constraint "oauth_records_model_check" check (model in ('Session', 'Interaction', 'Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken', 'Client', 'ReplayDetection'));`,
    );
    this.addSql(
      `alter table "oauth_records" add constraint "oauth_records_payload_check" check (jsonb_typeof(payload) = 'object' and pg_column_size(payload) <= 65536);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "oauth_secrets" cascade;`);
    this.addSql(`drop table if exists "oauth_records" cascade;`);
  }
}
