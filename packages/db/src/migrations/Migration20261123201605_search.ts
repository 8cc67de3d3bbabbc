import { Migration } from '@mikro-orm/migrations';

export class Migration20261123201605_search extends Migration {
  override name = 'Migration20261123201605_search';

  override up(): void | Promise<void> {
    // GIN indexes over (user_id, tsvector) need btree_gin's operator class for uuid; a trusted
    // extension shipped with PostgreSQL (and hosted ones such as Neon), so the database's owner may create it.
    this.addSql(`create extension if not exists btree_gin;`);
    this.addSql(
      `alter table "conversations" add "title_vector" tsvector generated always as (to_tsvector('english', coalesce(title, '')) || to_tsvector('simple', coalesce(title, ''))) stored null;`,
    );
    this.addSql(
      `create index "conversations_user_title_search_idx" on "conversations" using gin ("user_id", "title_vector");`,
    );

    this.addSql(
      `alter table "messages" add "search_vector" tsvector generated always as (to_tsvector('english', coalesce(content, '')) || to_tsvector('simple', coalesce(content, ''))) stored null;`,
    );
    this.addSql(`create index "messages_user_search_idx" on "messages" using gin ("user_id", "search_vector");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "conversations_user_title_search_idx";`);
    this.addSql(`alter table "conversations" drop column "title_vector";`);

    this.addSql(`drop index "messages_user_search_idx";`);
    this.addSql(`alter table "messages" drop column "search_vector";`);
    // btree_gin stays: something else in the database may use it.
  }
}
