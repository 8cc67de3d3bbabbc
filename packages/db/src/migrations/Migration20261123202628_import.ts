import { Migration } from '@mikro-orm/migrations';

export class Migration20261123202628_import extends Migration {
  override name = 'Migration20261123202628_import';

  override up(): void | Promise<void> {
    this.addSql(`alter table "conversations" add "client_id" uuid null;`);
    this.addSql(
      `alter table "conversations" add constraint "conversations_user_client_id_unique" unique ("user_id", "client_id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "conversations" drop constraint "conversations_user_client_id_unique";`);
    this.addSql(`alter table "conversations" drop column "client_id";`);
  }
}
