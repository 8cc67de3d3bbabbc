import { Migration } from '@mikro-orm/migrations';

export class Migration20261123192315_accounts extends Migration {
  override name = 'Migration20261123192315_accounts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "sign_in_throttles" ("key" varchar(100) not null, "failures" int not null, "locked_until" timestamptz(3) null, "updated_at" timestamptz(3) not null, primary key ("key"));`,
    );
    this.addSql(`create index "sign_in_throttles_updated_at_idx" on "sign_in_throttles" ("updated_at");`);

    this.addSql(`drop index "sessions_user_id_idx";`);
    this.addSql(`create index "sessions_user_recent_idx" on "sessions" ("user_id", "created_at" desc, "id" desc);`);

    this.addSql(
      `alter table "sign_in_throttles" add constraint "sign_in_throttles_failures_check" check (failures >= 0);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "sign_in_throttles" cascade;`);

    this.addSql(`drop index "sessions_user_recent_idx";`);
    this.addSql(`create index "sessions_user_id_idx" on "sessions" ("user_id");`);
  }
}
