import { Migration } from '@mikro-orm/migrations';

export class Migration20261123020458_initial extends Migration {
  override name = 'Migration20261123020458_initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "users" ("id" uuid not null, "email" varchar(254) not null, "password_hash" text not null, "name" varchar(100) null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`create unique index "users_email_lower_unique" on "users" (lower("email"));`);

    this.addSql(
      `create table "tasks" ("id" uuid not null, "user_id" uuid not null, "title" varchar(255) not null, "description" varchar(2000) null, "completed" boolean not null default false, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create index "tasks_user_status_recent_idx" on "tasks" ("user_id", "completed", "created_at" desc, "id" desc);`,
    );

    this.addSql(
      `create table "sessions" ("id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "created_at" timestamptz(3) not null default now(), "expires_at" timestamptz(3) not null, "last_seen_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "sessions_user_id_idx" on "sessions" ("user_id");`);
    this.addSql(`alter table "sessions" add constraint "sessions_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `create table "conversations" ("id" uuid not null, "user_id" uuid not null, "title" varchar(255) null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create index "conversations_user_recent_idx" on "conversations" ("user_id", "updated_at" desc, "id" desc);`,
    );

    this.addSql(
      `create table "messages" ("id" uuid not null, "conversation_id" uuid not null, "user_id" uuid not null, "role" text not null, "content" text not null, "client_id" uuid null, "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create index "messages_conversation_created_idx" on "messages" ("conversation_id", "created_at", "id");`,
    );
    this.addSql(`create index "messages_user_id_idx" on "messages" ("user_id");`);
    this.addSql(
      `alter table "messages" add constraint "messages_conversation_client_id_unique" unique ("conversation_id", "client_id");`,
    );

    this.addSql(
      `alter table "users" add constraint "users_email_length_check" check (char_length(email) >= 3 and char_length(email) <= 254);`,
    );
    this.addSql(
      `alter table "users" add constraint "users_name_check" check (name is null or (char_length(name) >= 1 and char_length(name) <= 100 and name ~ '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]'));`,
    );

    this.addSql(
      `alter table "tasks" add constraint "tasks_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "tasks" add constraint "tasks_title_check" check (char_length(title) >= 1 and char_length(title) <= 255 and title ~ '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]');`,
    );
    this.addSql(
      `alter table "tasks" add constraint "tasks_description_check" check (description is null or char_length(description) <= 2000);`,
    );

    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "sessions" add constraint "sessions_token_hash_check" check (token_hash ~ '^[0-9a-f]{64}$');`,
    );
    this.addSql(`alter table "sessions" add constraint "sessions_expiry_check" check (expires_at > created_at);`);

    this.addSql(
      `alter table "conversations" add constraint "conversations_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "conversations" add constraint "conversations_title_check" check (title is null or (char_length(title) >= 1 and char_length(title) <= 255 and title ~ '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]'));`,
    );

    this.addSql(
      `alter table "messages" add constraint "messages_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "messages" add constraint "messages_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "messages" add constraint "messages_content_check" check (char_length(content) >= 1 and char_length(content) <= 10000 and content ~ '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]');`,
    );
    this.addSql(
      `alter table "messages" add constraint "messages_role_check" check ("role" in ('user', 'assistant', 'system'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "tasks" drop constraint "tasks_user_id_foreign";`);
    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);
    this.addSql(`alter table "conversations" drop constraint "conversations_user_id_foreign";`);
    this.addSql(`alter table "messages" drop constraint "messages_user_id_foreign";`);
    this.addSql(`alter table "messages" drop constraint "messages_conversation_id_foreign";`);

    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "tasks" cascade;`);
    this.addSql(`drop table if exists "sessions" cascade;`);
    this.addSql(`drop table if exists "conversations" cascade;`);
    this.addSql(`drop table if exists "messages" cascade;`);
  }
}
