import { Migration } from '@mikro-orm/migrations';

/**
 * A conversation's order is its messages' seq, never their times: messages.list and a chat turn's
 * history read the (conversation_id, user_id, seq, id) index, and the created_at one has no reader
 * left. Times an import stored ahead of now (it accepts a day of clock skew) become now, as
 * appends store them from now on; that is not undone by down.
 */
export class Migration20261201215832_message_order extends Migration {
  override name = 'Migration20261201215832_message_order';

  override up(): void | Promise<void> {
    this.addSql(`drop index "messages_conversation_user_created_idx";`);
    this.addSql(
      `create index "messages_conversation_user_seq_idx" on "messages" ("conversation_id", "user_id", "seq", "id");`,
    );

    this.addSql(`update "messages" set "created_at" = now() where "created_at" > now();`);
    this.addSql(
      `update "conversations" set "created_at" = least("created_at", now()), "updated_at" = least("updated_at", now()) where "created_at" > now() or "updated_at" > now();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "messages_conversation_user_seq_idx";`);
    this.addSql(
      `create index "messages_conversation_user_created_idx" on "messages" ("conversation_id", "user_id", "created_at", "id");`,
    );
  }
}
