import { Migration } from '@mikro-orm/migrations';

/**
 * A chat turn's token usage and latency (`chat.usage`, the daily token quota), and what an undo
 * needs of a turn's task changes: the task as it was, what changed in words, when it was undone.
 */
export class Migration20261202023757_usage_and_undo extends Migration {
  override name = 'Migration20261202023757_usage_and_undo';

  override up(): void | Promise<void> {
    this.addSql(`alter table "message_task_effects" drop constraint "message_task_effects_action_check";`);
    this.addSql(
      `alter table "message_task_effects" add "change" varchar(500) null, add "before" jsonb null, add "undone_at" timestamptz(3) null, add "undoes" uuid null;`,
    );
    this.addSql(
      `alter table "message_task_effects" add constraint "message_task_effects_action_check" check ("action" in ('add', 'update', 'complete', 'delete', 'move', 'reopen', 'restore'));`,
    );

    this.addSql(
      `alter table "chat_turns" add "model" varchar(200) null, add "input_tokens" int null, add "output_tokens" int null, add "cached_input_tokens" int null, add "latency_ms" int null;`,
    );
    this.addSql(
      `alter table "chat_turns" add constraint "chat_turns_usage_check" check ("input_tokens" >= 0 and "output_tokens" >= 0 and "cached_input_tokens" >= 0 and "latency_ms" >= 0);`,
    );
    this.addSql(`create index "chat_turns_user_created_idx" on "chat_turns" ("user_id", "created_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "chat_turns_user_created_idx";`);
    this.addSql(`alter table "chat_turns" drop constraint "chat_turns_usage_check";`);
    this.addSql(
      `alter table "chat_turns" drop column "model", drop column "input_tokens", drop column "output_tokens", drop column "cached_input_tokens", drop column "latency_ms";`,
    );

    this.addSql(`alter table "message_task_effects" drop constraint "message_task_effects_action_check";`);
    // The actions this migration added have no place in the older schema.
    this.addSql(`delete from "message_task_effects" where "action" in ('move', 'reopen', 'restore');`);
    this.addSql(
      `alter table "message_task_effects" drop column "change", drop column "before", drop column "undone_at", drop column "undoes";`,
    );
    this.addSql(
      `alter table "message_task_effects" add constraint "message_task_effects_action_check" check ("action" in ('add', 'update', 'complete', 'delete'));`,
    );
  }
}
