import { Migration } from '@mikro-orm/migrations';

/**
 * An index on reminders leading with user_id: deleting a user cascades to their reminders without
 * scanning the table (reminders_user_delivered_idx covers delivered ones only), and every
 * user-data table has one (packages/db/test/user-scoped-tables.test.ts).
 */
export class Migration20261202181735_reminders_user_index extends Migration {
  override name = 'Migration20261202181735_reminders_user_index';

  override up(): void | Promise<void> {
    this.addSql(`create index "reminders_user_idx" on "reminders" ("user_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "reminders_user_idx";`);
  }
}
