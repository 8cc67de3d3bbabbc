import { Migration } from '@mikro-orm/migrations';

export class Migration20261123200540_history extends Migration {
  override name = 'Migration20261123200540_history';

  override up(): void | Promise<void> {
    this.addSql(`drop index "conversations_user_recent_idx";`);
    this.addSql(`drop trigger if exists "notify_changed" on "conversations";`);
    this.addSql(`drop function if exists "conversations_notify_changed_fn"();`);
    this.addSql(`drop trigger if exists "notify_deleted" on "conversations";`);
    this.addSql(`drop function if exists "conversations_notify_deleted_fn"();`);
    this.addSql(
      `alter table "conversations" add "archived" boolean not null default false, add "pinned" boolean not null default false, add "deleted_at" timestamptz(3) null;`,
    );
    this.addSql(
      `create index "conversations_user_list_idx" on "conversations" ("user_id", "archived", "pinned" desc, "updated_at" desc, "id" desc);`,
    );
    this.addSql(
      `create index "conversations_user_trash_idx" on "conversations" ("user_id", "deleted_at" desc, "id" desc) where "deleted_at" is not null;`,
    );
    this.addSql(
      `create index "conversations_trash_expiry_idx" on "conversations" ("deleted_at") where "deleted_at" is not null;`,
    );
    this.addSql(`create or replace function "conversations_notify_changed_fn"() returns trigger as $$ begin if (old.deleted_at is null or new.deleted_at is null) and (old.updated_at, old.title, old.archived, old.pinned, old.deleted_at)
        is distinct from (new.updated_at, new.title, new.archived, new.pinned, new.deleted_at) then perform pg_notify('taskchat_changes', json_build_object('k', case
        when old.deleted_at is null and new.deleted_at is not null then 'deleted'
        when old.deleted_at is not null and new.deleted_at is null then 'created'
        when new.updated_at is distinct from old.updated_at then 'activity'
        else 'updated'
      end, 'u', new.user_id, 'c', new.id)::text); end if; return null; end; $$ language plpgsql;`);
    this.addSql(
      `create trigger "notify_changed" AFTER UPDATE on "conversations" for each ROW execute function "conversations_notify_changed_fn"();`,
    );
    this.addSql(
      `create or replace function "conversations_notify_deleted_fn"() returns trigger as $$ begin if old.deleted_at is null then perform pg_notify('taskchat_changes', json_build_object('k', 'deleted', 'u', old.user_id, 'c', old.id)::text); end if; return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_deleted" AFTER DELETE on "conversations" for each ROW execute function "conversations_notify_deleted_fn"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "conversations_user_list_idx";`);
    this.addSql(`drop index "conversations_user_trash_idx";`);
    this.addSql(`drop index "conversations_trash_expiry_idx";`);
    this.addSql(`drop trigger if exists "notify_changed" on "conversations";`);
    this.addSql(`drop function if exists "conversations_notify_changed_fn"();`);
    this.addSql(`drop trigger if exists "notify_deleted" on "conversations";`);
    this.addSql(`drop function if exists "conversations_notify_deleted_fn"();`);
    this.addSql(`alter table "conversations" drop column "archived", drop column "pinned", drop column "deleted_at";`);
    this.addSql(
      `create index "conversations_user_recent_idx" on "conversations" ("user_id", "updated_at" desc, "id" desc);`,
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
  }
}
