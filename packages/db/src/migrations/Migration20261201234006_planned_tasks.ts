import { Migration } from '@mikro-orm/migrations';

/**
 * Tasks people plan with: projects (each user's Inbox among them), labels, due dates, priorities,
 * subtasks, manual order, recurrence, the trash, and the user's time zone. Existing users get
 * their Inbox, their tasks go into it in the order they were created, and a completed task's
 * completion time is taken to be its last update.
 */
export class Migration20261201234006_planned_tasks extends Migration {
  override name = 'Migration20261201234006_planned_tasks';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "projects" ("id" uuid not null, "user_id" uuid not null, "name" varchar(120) not null, "color" text not null default 'charcoal', "position" varchar(200) collate "C" not null default 'a0', "inbox" boolean not null default false, "archived_at" timestamptz(3) null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "projects_user_order_idx" on "projects" ("user_id", "position", "id");`);
    this.addSql(`create unique index "projects_user_inbox_unique" on "projects" ("user_id") where "inbox";`);
    this.addSql(`create unique index "projects_user_name_unique" on "projects" ("user_id", lower("name"));`);

    this.addSql(
      `create table "task_completions" ("id" uuid not null, "task_id" uuid not null, "user_id" uuid not null, "due_date" date null, "due_at" timestamptz(3) null, "completed_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create index "task_completions_task_idx" on "task_completions" ("task_id", "completed_at" desc, "id" desc);`,
    );
    this.addSql(`create index "task_completions_user_idx" on "task_completions" ("user_id");`);

    this.addSql(
      `create table "labels" ("id" uuid not null, "user_id" uuid not null, "name" varchar(60) not null, "color" text not null default 'charcoal', "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`create unique index "labels_user_name_unique" on "labels" ("user_id", lower("name"));`);

    this.addSql(
      `create table "task_labels" ("task_id" uuid not null, "label_id" uuid not null, "user_id" uuid not null, primary key ("task_id", "label_id"));`,
    );
    this.addSql(`create index "task_labels_label_task_idx" on "task_labels" ("label_id", "task_id");`);
    this.addSql(`create index "task_labels_user_idx" on "task_labels" ("user_id");`);

    this.addSql(`alter table "users" add "time_zone" varchar(64) not null default 'UTC';`);
    this.addSql(
      `alter table "users" add constraint "users_time_zone_check" check (time_zone ~ '^[A-Za-z][A-Za-z0-9_+/-]*$');`,
    );
    this.addSql(
      `create or replace function "users_users_create_inbox_fn"() returns trigger as $$ begin insert into projects (id, user_id, name, inbox) values (gen_random_uuid(), new.id, 'Inbox', true);       return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "users_create_inbox" AFTER INSERT on "users" for each ROW execute function "users_users_create_inbox_fn"();`,
    );
    this.addSql(
      `insert into "projects" ("id", "user_id", "name", "inbox") select gen_random_uuid(), "id", 'Inbox', true from "users";`,
    );

    this.addSql(`drop index "tasks_user_status_recent_idx";`);
    this.addSql(
      `alter table "tasks" add "project_id" uuid null, add "parent_id" uuid null, add "position" varchar(200) collate "C" not null default 'a0', add "completed_at" timestamptz(3) null, add "due_date" date null, add "due_at" timestamptz(3) null, add "deadline" date null, add "priority" smallint not null default 4, add "recurrence" varchar(500) null, add "client_id" uuid null, add "deleted_at" timestamptz(3) null, add "search_vector" tsvector generated always as (to_tsvector('english', coalesce(title || ' ' || coalesce(description, ''), '')) || to_tsvector('simple', coalesce(title || ' ' || coalesce(description, ''), ''))) stored null;`,
    );
    // Existing tasks: into their owner's Inbox, in creation order (fractional-indexing keys "d" and
    // four base-62 digits, room for 14 million), a completed one completed when last updated.
    this.addSql(
      `update "tasks" set "project_id" = "projects"."id" from "projects" where "projects"."user_id" = "tasks"."user_id" and "projects"."inbox";`,
    );
    this.addSql(
      `update "tasks" set "position" = 'd' || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', ((("n" - 1) / 238328) % 62 + 1)::int, 1) || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', ((("n" - 1) / 3844) % 62 + 1)::int, 1) || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', ((("n" - 1) / 62) % 62 + 1)::int, 1) || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', ((("n" - 1) / 1) % 62 + 1)::int, 1) from (select "id", row_number() over (partition by "user_id" order by "created_at", "id") as "n" from "tasks") as "ordered" where "ordered"."id" = "tasks"."id";`,
    );
    this.addSql(`update "tasks" set "completed_at" = "updated_at" where "completed";`);
    this.addSql(`alter table "tasks" alter column "project_id" set not null;`);
    this.addSql(
      `alter table "tasks" add constraint "tasks_project_id_foreign" foreign key ("project_id") references "projects" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "tasks" add constraint "tasks_parent_id_foreign" foreign key ("parent_id") references "tasks" ("id") on delete cascade;`,
    );
    this.addSql(
      `create index "tasks_user_project_order_idx" on "tasks" ("user_id", "project_id", "position", "id") where "deleted_at" is null and not "completed";`,
    );
    this.addSql(
      `create index "tasks_user_due_idx" on "tasks" ("user_id", "due_date", "due_at" nulls first, "id") where "deleted_at" is null and not "completed" and "due_date" is not null;`,
    );
    this.addSql(
      `create index "tasks_user_done_idx" on "tasks" ("user_id", "completed_at" desc, "id" desc) where "deleted_at" is null and "completed";`,
    );
    this.addSql(
      `create index "tasks_user_trash_idx" on "tasks" ("user_id", "deleted_at" desc, "id" desc) where "deleted_at" is not null;`,
    );
    this.addSql(`create index "tasks_trash_expiry_idx" on "tasks" ("deleted_at") where "deleted_at" is not null;`);
    this.addSql(`create index "tasks_parent_idx" on "tasks" ("parent_id") where "parent_id" is not null;`);
    this.addSql(`create index "tasks_project_idx" on "tasks" ("project_id");`);
    this.addSql(`create index "tasks_user_search_idx" on "tasks" using gin ("user_id", "search_vector");`);
    this.addSql(`alter table "tasks" add constraint "tasks_user_client_id_unique" unique ("user_id", "client_id");`);
    this.addSql(`alter table "tasks" add constraint "tasks_priority_check" check (priority >= 1 and priority <= 4);`);
    this.addSql(`alter table "tasks" add constraint "tasks_due_check" check (due_at is null or due_date is not null);`);
    this.addSql(
      `alter table "tasks" add constraint "tasks_recurrence_check" check (recurrence is null or due_date is not null);`,
    );
    this.addSql(
      `alter table "tasks" add constraint "tasks_completed_check" check (not completed or completed_at is not null);`,
    );
    this.addSql(
      `alter table "tasks" add constraint "tasks_parent_check" check (parent_id is null or parent_id <> id);`,
    );
    this.addSql(
      `alter table "tasks" add constraint "tasks_position_check" check (char_length(position) >= 1 and char_length(position) <= 200);`,
    );
    this.addSql(`create or replace function "tasks_tasks_default_project_fn"() returns trigger as $$ begin if new.project_id is null then
        select id into new.project_id from projects where user_id = new.user_id and inbox;       end if;       return new; end; $$ language plpgsql;`);
    this.addSql(
      `create trigger "tasks_default_project" BEFORE INSERT on "tasks" for each ROW execute function "tasks_tasks_default_project_fn"();`,
    );
    this.addSql(
      `create or replace function "tasks_notify_task_created_fn"() returns trigger as $$ begin perform pg_notify('taskchat_changes', json_build_object('k', 'task', 'u', new.user_id, 't', new.id, 'a', 'created')::text); return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_task_created" AFTER INSERT on "tasks" for each ROW execute function "tasks_notify_task_created_fn"();`,
    );
    this.addSql(`create or replace function "tasks_notify_task_changed_fn"() returns trigger as $$ begin if old.deleted_at is null or new.deleted_at is null then perform pg_notify('taskchat_changes', json_build_object('k', 'task', 'u', new.user_id, 't', new.id, 'a', case
          when old.deleted_at is null and new.deleted_at is not null then 'deleted'
          when old.deleted_at is not null and new.deleted_at is null then 'restored'
          when new.completed_at is not null and new.completed_at is distinct from old.completed_at then 'completed'
          when (old.project_id, old.parent_id, old.position) is distinct from (new.project_id, new.parent_id, new.position) then 'moved'
          else 'updated'
        end)::text); end if; return null; end; $$ language plpgsql;`);
    this.addSql(
      `create trigger "notify_task_changed" AFTER UPDATE on "tasks" for each ROW execute function "tasks_notify_task_changed_fn"();`,
    );
    this.addSql(
      `create or replace function "tasks_notify_task_deleted_fn"() returns trigger as $$ begin if old.deleted_at is null then perform pg_notify('taskchat_changes', json_build_object('k', 'task', 'u', old.user_id, 't', old.id, 'a', 'deleted')::text); end if; return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_task_deleted" AFTER DELETE on "tasks" for each ROW execute function "tasks_notify_task_deleted_fn"();`,
    );

    this.addSql(
      `alter table "projects" add constraint "projects_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "projects" add constraint "projects_name_check" check (char_length(name) >= 1 and char_length(name) <= 120 and name ~ '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]');`,
    );
    this.addSql(
      `alter table "projects" add constraint "projects_inbox_active_check" check (not inbox or archived_at is null);`,
    );
    this.addSql(
      `alter table "projects" add constraint "projects_color_check" check ("color" in ('berry_red', 'red', 'orange', 'yellow', 'olive_green', 'lime_green', 'green', 'mint_green', 'teal', 'sky_blue', 'light_blue', 'blue', 'grape', 'violet', 'lavender', 'magenta', 'salmon', 'charcoal', 'grey', 'taupe'));`,
    );

    this.addSql(
      `alter table "task_completions" add constraint "task_completions_task_id_foreign" foreign key ("task_id") references "tasks" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "task_completions" add constraint "task_completions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "labels" add constraint "labels_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "labels" add constraint "labels_name_check" check (char_length(name) >= 1 and char_length(name) <= 60 and name !~ '[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]');`,
    );
    this.addSql(
      `alter table "labels" add constraint "labels_color_check" check ("color" in ('berry_red', 'red', 'orange', 'yellow', 'olive_green', 'lime_green', 'green', 'mint_green', 'teal', 'sky_blue', 'light_blue', 'blue', 'grape', 'violet', 'lavender', 'magenta', 'salmon', 'charcoal', 'grey', 'taupe'));`,
    );

    this.addSql(
      `alter table "task_labels" add constraint "task_labels_task_id_foreign" foreign key ("task_id") references "tasks" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "task_labels" add constraint "task_labels_label_id_foreign" foreign key ("label_id") references "labels" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "task_labels" add constraint "task_labels_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `create table "reminders" ("id" uuid not null, "task_id" uuid not null, "user_id" uuid not null, "minutes_before" int null, "at" timestamptz(3) null, "fire_at" timestamptz(3) null, "delivered_at" timestamptz(3) null, "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create index "reminders_due_idx" on "reminders" ("fire_at") where "delivered_at" is null and "fire_at" is not null;`,
    );
    this.addSql(
      `create index "reminders_user_delivered_idx" on "reminders" ("user_id", "delivered_at" desc, "id" desc) where "delivered_at" is not null;`,
    );
    this.addSql(`create index "reminders_task_idx" on "reminders" ("task_id");`);

    this.addSql(
      `alter table "reminders" add constraint "reminders_task_id_foreign" foreign key ("task_id") references "tasks" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "reminders" add constraint "reminders_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "reminders" add constraint "reminders_kind_check" check ((minutes_before is null) <> (at is null));`,
    );
    this.addSql(
      `alter table "reminders" add constraint "reminders_minutes_before_check" check (minutes_before is null or (minutes_before >= -1440 and minutes_before <= 40320));`,
    );
    this.addSql(
      `create or replace function "reminders_notify_reminder_delivered_fn"() returns trigger as $$ begin if old.delivered_at is null and new.delivered_at is not null then perform pg_notify('taskchat_changes', json_build_object('k', 'reminder', 'u', new.user_id, 't', new.task_id, 'r', new.id)::text); end if; return null; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "notify_reminder_delivered" AFTER UPDATE on "reminders" for each ROW execute function "reminders_notify_reminder_delivered_fn"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "reminders" cascade;`);
    this.addSql(`drop function if exists "reminders_notify_reminder_delivered_fn"();`);
    this.addSql(`alter table "tasks" drop constraint "tasks_project_id_foreign";`);
    this.addSql(`alter table "task_labels" drop constraint "task_labels_label_id_foreign";`);

    this.addSql(`drop table if exists "projects" cascade;`);
    this.addSql(`drop table if exists "task_completions" cascade;`);
    this.addSql(`drop table if exists "labels" cascade;`);
    this.addSql(`drop table if exists "task_labels" cascade;`);

    this.addSql(`alter table "tasks" drop constraint "tasks_parent_id_foreign";`);

    this.addSql(`drop index "tasks_user_project_order_idx";`);
    this.addSql(`drop index "tasks_user_due_idx";`);
    this.addSql(`drop index "tasks_user_done_idx";`);
    this.addSql(`drop index "tasks_user_trash_idx";`);
    this.addSql(`drop index "tasks_trash_expiry_idx";`);
    this.addSql(`drop index "tasks_parent_idx";`);
    this.addSql(`drop index "tasks_project_idx";`);
    this.addSql(`drop index "tasks_user_search_idx";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_user_client_id_unique";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_priority_check";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_due_check";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_recurrence_check";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_completed_check";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_parent_check";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_position_check";`);
    this.addSql(`drop trigger if exists "tasks_default_project" on "tasks";`);
    this.addSql(`drop function if exists "tasks_tasks_default_project_fn"();`);
    this.addSql(`drop trigger if exists "notify_task_created" on "tasks";`);
    this.addSql(`drop function if exists "tasks_notify_task_created_fn"();`);
    this.addSql(`drop trigger if exists "notify_task_changed" on "tasks";`);
    this.addSql(`drop function if exists "tasks_notify_task_changed_fn"();`);
    this.addSql(`drop trigger if exists "notify_task_deleted" on "tasks";`);
    this.addSql(`drop function if exists "tasks_notify_task_deleted_fn"();`);
    this.addSql(
      `alter table "tasks" drop column "project_id", drop column "parent_id", drop column "position", drop column "completed_at", drop column "due_date", drop column "due_at", drop column "deadline", drop column "priority", drop column "recurrence", drop column "client_id", drop column "deleted_at", drop column "search_vector";`,
    );
    this.addSql(
      `create index "tasks_user_status_recent_idx" on "tasks" ("user_id", "completed", "created_at" DESC, "id");`,
    );

    this.addSql(`alter table "users" drop constraint "users_time_zone_check";`);
    this.addSql(`drop trigger if exists "users_create_inbox" on "users";`);
    this.addSql(`drop function if exists "users_users_create_inbox_fn"();`);
    this.addSql(`alter table "users" drop column "time_zone";`);
  }
}
