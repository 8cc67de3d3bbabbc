import { Migration } from '@mikro-orm/migrations';

/**
 * Live updates: messages numbered within their conversation, a running turn's streamed events, and
 * the triggers that announce committed changes on `taskchat_changes` (entities/change-notifications.ts).
 */
export class Migration20261123182251_live extends Migration {
  override name = 'Migration20261123182251_live';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "chat_turn_events" ("turn_id" uuid not null, "seq" int not null, "user_id" uuid not null, "conversation_id" uuid not null, "event" jsonb not null, "created_at" timestamptz(3) not null default now(), primary key ("turn_id", "seq"));`,
    );
    this.addSql(`create index "chat_turn_events_user_idx" on "chat_turn_events" ("user_id");`);
    this.addSql(`create index "chat_turn_events_conversation_idx" on "chat_turn_events" ("conversation_id");`);

    this.addSql(
      `create or replace function "sessions_notify_closed_fn"() returns trigger as $$ begin perform pg_notify('taskchat_changes', json_build_object('k', 'session-closed', 'u', old.user_id, 's', old.id)::text); return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_closed" AFTER DELETE on "sessions" for each ROW execute function "sessions_notify_closed_fn"();`,
    );

    this.addSql(
      `create or replace function "conversations_notify_created_fn"() returns trigger as $$ begin perform pg_notify('taskchat_changes', json_build_object('k', 'created', 'u', new.user_id, 'c', new.id)::text); return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_created" AFTER INSERT on "conversations" for each ROW execute function "conversations_notify_created_fn"();`,
    );
    this.addSql(
      `create or replace function "conversations_notify_changed_fn"() returns trigger as $$ begin if old.updated_at is distinct from new.updated_at or old.title is distinct from new.title then perform pg_notify('taskchat_changes', json_build_object('k', case when new.updated_at is distinct from old.updated_at then 'activity' else 'renamed' end, 'u', new.user_id, 'c', new.id)::text); end if; return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_changed" AFTER UPDATE on "conversations" for each ROW execute function "conversations_notify_changed_fn"();`,
    );
    this.addSql(
      `create or replace function "conversations_notify_deleted_fn"() returns trigger as $$ begin perform pg_notify('taskchat_changes', json_build_object('k', 'deleted', 'u', old.user_id, 'c', old.id)::text); return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_deleted" AFTER DELETE on "conversations" for each ROW execute function "conversations_notify_deleted_fn"();`,
    );

    // Existing messages are numbered in the order messages.list shows them.
    this.addSql(`alter table "messages" add "seq" int null;`);
    this.addSql(
      `update "messages" set "seq" = numbered."seq" from (select "id", row_number() over (partition by "conversation_id" order by "created_at", "id") as "seq" from "messages") as numbered where "messages"."id" = numbered."id";`,
    );
    this.addSql(`alter table "messages" alter column "seq" set not null;`);
    this.addSql(
      `alter table "messages" add constraint "messages_conversation_seq_unique" unique ("conversation_id", "seq");`,
    );
    this.addSql(
      `create or replace function "messages_notify_stream_fn"() returns trigger as $$ begin perform pg_notify('taskchat_changes', json_build_object('k', 'stream', 'u', new.user_id, 'c', new.conversation_id)::text); return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_stream" AFTER INSERT on "messages" for each ROW execute function "messages_notify_stream_fn"();`,
    );

    this.addSql(
      `create or replace function "chat_turns_notify_stream_fn"() returns trigger as $$ begin perform pg_notify('taskchat_changes', json_build_object('k', 'stream', 'u', new.user_id, 'c', new.conversation_id)::text); return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_stream" AFTER INSERT OR UPDATE on "chat_turns" for each ROW execute function "chat_turns_notify_stream_fn"();`,
    );

    this.addSql(
      `alter table "chat_turn_events" add constraint "chat_turn_events_turn_id_foreign" foreign key ("turn_id") references "chat_turns" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "chat_turn_events" add constraint "chat_turn_events_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "chat_turn_events" add constraint "chat_turn_events_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on delete cascade;`,
    );
    this.addSql(
      `create or replace function "chat_turn_events_notify_stream_fn"() returns trigger as $$ begin perform pg_notify('taskchat_changes', json_build_object('k', 'stream', 'u', new.user_id, 'c', new.conversation_id)::text); return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_stream" AFTER INSERT on "chat_turn_events" for each ROW execute function "chat_turn_events_notify_stream_fn"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "notify_stream" on "chat_turn_events";`);
    this.addSql(`drop function if exists "chat_turn_events_notify_stream_fn"();`);
    this.addSql(`drop table if exists "chat_turn_events" cascade;`);

    this.addSql(`drop trigger if exists "notify_stream" on "chat_turns";`);
    this.addSql(`drop function if exists "chat_turns_notify_stream_fn"();`);

    this.addSql(`drop trigger if exists "notify_created" on "conversations";`);
    this.addSql(`drop function if exists "conversations_notify_created_fn"();`);
    this.addSql(`drop trigger if exists "notify_changed" on "conversations";`);
    this.addSql(`drop function if exists "conversations_notify_changed_fn"();`);
    this.addSql(`drop trigger if exists "notify_deleted" on "conversations";`);
    this.addSql(`drop function if exists "conversations_notify_deleted_fn"();`);

    this.addSql(`alter table "messages" drop constraint "messages_conversation_seq_unique";`);
    this.addSql(`drop trigger if exists "notify_stream" on "messages";`);
    this.addSql(`drop function if exists "messages_notify_stream_fn"();`);
    this.addSql(`alter table "messages" drop column "seq";`);

    this.addSql(`drop trigger if exists "notify_closed" on "sessions";`);
    this.addSql(`drop function if exists "sessions_notify_closed_fn"();`);
  }
}
