import { Migration } from '@mikro-orm/migrations';

export class Migration20261123165605_chat extends Migration {
  override name = 'Migration20261123165605_chat';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "rate_limit_windows" ("key" varchar(200) not null, "window_start" timestamptz(3) not null, "count" int not null, primary key ("key", "window_start"));`,
    );

    this.addSql(
      `create table "message_task_effects" ("id" uuid not null, "message_id" uuid not null, "user_id" uuid not null, "task_id" uuid not null, "action" text not null, "task_title" varchar(255) not null, "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "message_task_effects_message_idx" on "message_task_effects" ("message_id");`);
    this.addSql(`create index "message_task_effects_user_idx" on "message_task_effects" ("user_id");`);

    this.addSql(
      `create table "chat_turns" ("id" uuid not null, "user_id" uuid not null, "conversation_id" uuid not null, "client_id" uuid not null, "status" text not null, "user_message_id" uuid not null, "assistant_message_id" uuid null, "error_code" varchar(50) null, "expires_at" timestamptz(3) not null, "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create unique index "chat_turns_one_running_per_conversation" on "chat_turns" ("conversation_id") where status = 'running';`,
    );
    this.addSql(`create index "chat_turns_conversation_idx" on "chat_turns" ("conversation_id");`);
    this.addSql(`create index "chat_turns_user_message_idx" on "chat_turns" ("user_message_id");`);
    this.addSql(`create index "chat_turns_assistant_message_idx" on "chat_turns" ("assistant_message_id");`);
    this.addSql(
      `alter table "chat_turns" add constraint "chat_turns_user_client_id_unique" unique ("user_id", "client_id");`,
    );

    this.addSql(`alter table "messages" add "parts" jsonb null, add "incomplete" boolean not null default false;`);

    this.addSql(
      `alter table "message_task_effects" add constraint "message_task_effects_message_id_foreign" foreign key ("message_id") references "messages" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "message_task_effects" add constraint "message_task_effects_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "message_task_effects" add constraint "message_task_effects_action_check" check ("action" in ('add', 'update', 'complete', 'delete'));`,
    );

    this.addSql(
      `alter table "chat_turns" add constraint "chat_turns_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "chat_turns" add constraint "chat_turns_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "chat_turns" add constraint "chat_turns_user_message_id_foreign" foreign key ("user_message_id") references "messages" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "chat_turns" add constraint "chat_turns_assistant_message_id_foreign" foreign key ("assistant_message_id") references "messages" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "chat_turns" add constraint "chat_turns_status_check" check ("status" in ('running', 'done', 'failed'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "rate_limit_windows" cascade;`);
    this.addSql(`drop table if exists "message_task_effects" cascade;`);
    this.addSql(`drop table if exists "chat_turns" cascade;`);

    this.addSql(`alter table "messages" drop column "parts", drop column "incomplete";`);
  }
}
