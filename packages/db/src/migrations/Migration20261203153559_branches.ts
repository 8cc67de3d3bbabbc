import { Migration } from '@mikro-orm/migrations';
import { APPEND_MESSAGES_BEFORE_BRANCHES } from './Migration20261202213000_append_messages.ts';

/**
 * `append_messages` with a parent for each message. `p_follow_leaf`: the first message follows
 * the conversation's current leaf (the others the given parents, which the caller chains); else
 * every parent is as given (null: a first message). A given parent must be a message of the same
 * conversation and user, or one stored earlier in the same call (so no cycle can form): else the
 * outcome is `parent_missing` and nothing is stored. A parent with `p_max_siblings` children
 * already takes no more (`branch_full`). The leaf moves to the last message stored.
 */
const APPEND_MESSAGES_WITH_PARENTS = `
create function append_messages(
  p_user_id uuid,
  p_conversation_id uuid,
  p_including_trash boolean,
  p_title varchar,
  p_follow_leaf boolean,
  p_max_siblings int,
  p_ids uuid[],
  p_parent_ids uuid[],
  p_roles text[],
  p_contents text[],
  p_client_ids uuid[],
  p_parts jsonb[],
  p_incomplete boolean[],
  p_created_at timestamptz[]
) returns table (
  outcome text,
  id uuid,
  conversation_id uuid,
  parent_id uuid,
  role text,
  content text,
  client_id uuid,
  parts jsonb,
  incomplete boolean,
  created_at timestamptz,
  seq int
) language plpgsql volatile as $body$
#variable_conflict use_column
declare
  current_leaf uuid;
  parents uuid[] := p_parent_ids;
  last_seq int;
  now_at timestamptz;
begin
  select c.leaf_id into current_leaf from conversations c
   where c.id = p_conversation_id and c.user_id = p_user_id and (p_including_trash or c.deleted_at is null)
   for update;
  if not found then
    return;
  end if;

  return query
    select 'replayed', m.id, m.conversation_id, m.parent_id, m.role, m.content, m.client_id, m.parts, m.incomplete,
           m.created_at, m.seq
    from messages m
    where m.conversation_id = p_conversation_id and m.user_id = p_user_id and m.client_id = any(p_client_ids)
    order by m.seq;
  if found then
    return;
  end if;

  if p_follow_leaf then
    parents[1] := current_leaf;
  end if;
  if exists (
    select 1
      from unnest(p_ids, parents) with ordinality as n(id, parent, ordinal)
     where n.parent is not null
       and not exists (
         select 1 from unnest(p_ids) with ordinality as earlier(id, ordinal)
          where earlier.id = n.parent and earlier.ordinal < n.ordinal)
       and not exists (
         select 1 from messages m
          where m.id = n.parent and m.conversation_id = p_conversation_id and m.user_id = p_user_id)
  ) then
    return query select 'parent_missing', null::uuid, null::uuid, null::uuid, null::text, null::text, null::uuid,
                        null::jsonb, null::boolean, null::timestamptz, null::int;
    return;
  end if;
  if exists (
    select 1
      from (select n.parent, count(*) as adding from unnest(parents) as n(parent) group by n.parent) g
     where g.adding + case
             when g.parent is null then (
               select count(*) from messages m
                where m.conversation_id = p_conversation_id and m.user_id = p_user_id and m.parent_id is null)
             else (select count(*) from messages m where m.parent_id = g.parent)
           end > p_max_siblings
  ) then
    return query select 'branch_full', null::uuid, null::uuid, null::uuid, null::text, null::text, null::uuid,
                        null::jsonb, null::boolean, null::timestamptz, null::int;
    return;
  end if;

  select coalesce(max(m.seq), 0) into last_seq
    from messages m where m.conversation_id = p_conversation_id and m.user_id = p_user_id;
  -- Taken once the lock is held, so times follow seq under concurrent appends; never ahead of it.
  now_at := clock_timestamp();
  return query
    with inserted as (
      insert into messages as m (id, conversation_id, user_id, parent_id, role, content, client_id, parts, incomplete,
                                 seq, created_at)
      select n.id, p_conversation_id, p_user_id, n.parent, n.role, n.content, n.client_id, n.parts,
             coalesce(n.incomplete, false), last_seq + n.ordinal::int, least(coalesce(n.created_at, now_at), now_at)
      from unnest(p_ids, parents, p_roles, p_contents, p_client_ids, p_parts, p_incomplete, p_created_at)
           with ordinality as n(id, parent, role, content, client_id, parts, incomplete, created_at, ordinal)
      returning m.id, m.conversation_id, m.parent_id, m.role, m.content, m.client_id, m.parts, m.incomplete,
                m.created_at, m.seq
    ), activity as (
      update conversations c
         set updated_at = greatest(c.updated_at, (select max(i.created_at) from inserted i)),
             title = coalesce(c.title, p_title),
             leaf_id = (select i.id from inserted i order by i.seq desc limit 1)
       where c.id = p_conversation_id and c.user_id = p_user_id
    )
    select 'stored', i.id, i.conversation_id, i.parent_id, i.role, i.content, i.client_id, i.parts, i.incomplete,
           i.created_at, i.seq
    from inserted i
    order by i.seq;
end
$body$;`;

/**
 * Branches, votes and share links: each message has a parent (the previous message on its branch)
 * and each conversation its current leaf; what was stored before is one branch. Also the votes on
 * answers and the share links' snapshots (docs/branches.md).
 */
export class Migration20261203153559_branches extends Migration {
  override name = 'Migration20261203153559_branches';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "message_votes" ("id" uuid not null, "user_id" uuid not null, "conversation_id" uuid not null, "message_id" uuid not null, "value" text not null, "comment" text null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "message_votes_message_idx" on "message_votes" ("message_id");`);
    this.addSql(`create index "message_votes_conversation_idx" on "message_votes" ("conversation_id");`);
    this.addSql(
      `alter table "message_votes" add constraint "message_votes_user_message_unique" unique ("user_id", "message_id");`,
    );

    this.addSql(
      `create table "conversation_shares" ("id" uuid not null, "user_id" uuid not null, "conversation_id" uuid not null, "leaf_id" uuid not null, "title" varchar(255) null, "message_count" int not null, "token_hash" varchar(64) not null, "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create index "conversation_shares_user_recent_idx" on "conversation_shares" ("user_id", "created_at" desc, "id" desc);`,
    );
    this.addSql(`create index "conversation_shares_conversation_idx" on "conversation_shares" ("conversation_id");`);
    this.addSql(`create index "conversation_shares_leaf_idx" on "conversation_shares" ("leaf_id");`);
    this.addSql(
      `alter table "conversation_shares" add constraint "conversation_shares_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(`drop trigger if exists "notify_changed" on "conversations";`);
    this.addSql(`drop function if exists "conversations_notify_changed_fn"();`);
    this.addSql(`alter table "conversations" add "leaf_id" uuid null;`);
    this.addSql(
      `alter table "conversations" add constraint "conversations_leaf_id_foreign" foreign key ("leaf_id") references "messages" ("id") on delete set null;`,
    );
    this.addSql(`create index "conversations_leaf_idx" on "conversations" ("leaf_id");`);
    this.addSql(`create or replace function "conversations_notify_changed_fn"() returns trigger as $$ begin if (old.deleted_at is null or new.deleted_at is null) and (old.updated_at, old.title, old.archived, old.pinned, old.deleted_at, old.leaf_id)
        is distinct from (new.updated_at, new.title, new.archived, new.pinned, new.deleted_at, new.leaf_id) then perform pg_notify('taskchat_changes', json_build_object('k', case
        when old.deleted_at is null and new.deleted_at is not null then 'deleted'
        when old.deleted_at is not null and new.deleted_at is null then 'created'
        when new.updated_at is distinct from old.updated_at then 'activity'
        else 'updated'
      end, 'u', new.user_id, 'c', new.id)::text); end if; return null; end; $$ language plpgsql;`);
    this.addSql(
      `create trigger "notify_changed" AFTER UPDATE on "conversations" for each ROW execute function "conversations_notify_changed_fn"();`,
    );

    this.addSql(`alter table "messages" add "parent_id" uuid null;`);
    this.addSql(
      `alter table "messages" add constraint "messages_parent_id_foreign" foreign key ("parent_id") references "messages" ("id") on delete cascade;`,
    );
    this.addSql(`create index "messages_parent_seq_idx" on "messages" ("parent_id", "seq");`);
    this.addSql(
      `create index "messages_conversation_roots_idx" on "messages" ("conversation_id", "user_id", "seq") where "parent_id" is null;`,
    );

    this.addSql(
      `alter table "message_votes" add constraint "message_votes_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "message_votes" add constraint "message_votes_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "message_votes" add constraint "message_votes_message_id_foreign" foreign key ("message_id") references "messages" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "message_votes" add constraint "message_votes_comment_check" check (comment is null or char_length(comment) >= 1 and char_length(comment) <= 1000);`,
    );
    this.addSql(
      `alter table "message_votes" add constraint "message_votes_value_check" check ("value" in ('up', 'down'));`,
    );

    this.addSql(
      `alter table "conversation_shares" add constraint "conversation_shares_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "conversation_shares" add constraint "conversation_shares_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "conversation_shares" add constraint "conversation_shares_leaf_id_foreign" foreign key ("leaf_id") references "messages" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "conversation_shares" add constraint "conversation_shares_token_hash_check" check (token_hash ~ '^[0-9a-f]{64}$');`,
    );
    this.addSql(
      `alter table "conversation_shares" add constraint "conversation_shares_title_check" check (title is null or (char_length(title) >= 1 and char_length(title) <= 255 and title ~ '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]'));`,
    );
    this.addSql(
      `alter table "conversation_shares" add constraint "conversation_shares_message_count_check" check (message_count >= 1);`,
    );

    // What was stored before branches is one branch: each message follows the one before it.
    this.addSql(`update "messages" m set "parent_id" = o."previous_id"
      from (select "id", lag("id") over (partition by "conversation_id" order by "seq") as "previous_id" from "messages") o
      where m."id" = o."id" and o."previous_id" is not null;`);
    this.addSql(`update "conversations" c set "leaf_id" = (
      select m."id" from "messages" m where m."conversation_id" = c."id" and m."user_id" = c."user_id" order by m."seq" desc limit 1);`);
    this.addSql(
      'drop function append_messages(uuid, uuid, boolean, varchar, uuid[], text[], text[], uuid[], jsonb[], boolean[], timestamptz[]);',
    );
    this.addSql(APPEND_MESSAGES_WITH_PARENTS);
  }

  override down(): void | Promise<void> {
    this.addSql(
      'drop function append_messages(uuid, uuid, boolean, varchar, boolean, int, uuid[], uuid[], text[], text[], uuid[], jsonb[], boolean[], timestamptz[]);',
    );
    this.addSql(APPEND_MESSAGES_BEFORE_BRANCHES);
    this.addSql(`drop table if exists "message_votes" cascade;`);
    this.addSql(`drop table if exists "conversation_shares" cascade;`);
    this.addSql(`drop trigger if exists "notify_changed" on "conversations";`);
    this.addSql(`drop function if exists "conversations_notify_changed_fn"();`);
    this.addSql(`alter table "conversations" drop column "leaf_id";`);
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
    this.addSql(`alter table "messages" drop column "parent_id";`);
  }
}
