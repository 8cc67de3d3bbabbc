import { Migration } from '@mikro-orm/migrations';

export class Migration20261123090915_hot_query_indexes extends Migration {
  override name = 'Migration20261123090915_hot_query_indexes';

  override up(): void | Promise<void> {
    this.addSql(`create index "tasks_user_recent_idx" on "tasks" ("user_id", "created_at" desc, "id" desc);`);

    this.addSql(`drop index "messages_conversation_created_idx";`);
    this.addSql(
      `create index "messages_conversation_user_created_idx" on "messages" ("conversation_id", "user_id", "created_at", "id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "messages_conversation_user_created_idx";`);
    this.addSql(
      `create index "messages_conversation_created_idx" on "messages" ("conversation_id", "created_at", "id");`,
    );

    this.addSql(`drop index "tasks_user_recent_idx";`);
  }
}
