import { Migration } from '@mikro-orm/migrations';

/**
 * `append_messages`: the append invariant as one statement, so `messages.append` is one round trip
 * instead of five (lock, clientId lookup, insert, activity, commit). It locks the conversation row
 * (serialising appends to it), returns the earlier messages when their client ids were used
 * before (a retry stores nothing), numbers the new messages after the last `seq`, moves the last
 * activity forward and names an untitled conversation. A function and not one data-modifying CTE:
 * each statement of a volatile PL/pgSQL function reads a fresh snapshot, so the numbering sees the
 * appends committed while it waited for the lock, which a CTE's one snapshot would not. No
 * message when the conversation is not the user's (or is in the trash, unless `p_including_trash`).
 * Exported as this migration made it: Migration20261203153559_branches's down brings it back.
 */
export const APPEND_MESSAGES_BEFORE_BRANCHES = `
create function append_messages(
  p_user_id uuid,
  p_conversation_id uuid,
  p_including_trash boolean,
  p_title varchar,
  p_ids uuid[],
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
  last_seq int;
  now_at timestamptz;
begin
  perform 1 from conversations c
   where c.id = p_conversation_id and c.user_id = p_user_id and (p_including_trash or c.deleted_at is null)
   for update;
  if not found then
    return;
  end if;

  return query
    select 'replayed', m.id, m.conversation_id, m.role, m.content, m.client_id, m.parts, m.incomplete, m.created_at, m.seq
    from messages m
    where m.conversation_id = p_conversation_id and m.user_id = p_user_id and m.client_id = any(p_client_ids)
    order by m.seq;
  if found then
    return;
  end if;

  select coalesce(max(m.seq), 0) into last_seq
    from messages m where m.conversation_id = p_conversation_id and m.user_id = p_user_id;
  -- Taken once the lock is held, so times follow seq under concurrent appends; never ahead of it.
  now_at := clock_timestamp();
  return query
    with inserted as (
      insert into messages as m (id, conversation_id, user_id, role, content, client_id, parts, incomplete, seq, created_at)
      select n.id, p_conversation_id, p_user_id, n.role, n.content, n.client_id, n.parts, coalesce(n.incomplete, false),
             last_seq + n.ordinal::int, least(coalesce(n.created_at, now_at), now_at)
      from unnest(p_ids, p_roles, p_contents, p_client_ids, p_parts, p_incomplete, p_created_at)
           with ordinality as n(id, role, content, client_id, parts, incomplete, created_at, ordinal)
      returning m.id, m.conversation_id, m.role, m.content, m.client_id, m.parts, m.incomplete, m.created_at, m.seq
    ), activity as (
      update conversations c
         set updated_at = greatest(c.updated_at, (select max(i.created_at) from inserted i)),
             title = coalesce(c.title, p_title)
       where c.id = p_conversation_id and c.user_id = p_user_id
    )
    select 'stored', i.id, i.conversation_id, i.role, i.content, i.client_id, i.parts, i.incomplete, i.created_at, i.seq
    from inserted i
    order by i.seq;
end
$body$;`;

export class Migration20261202213000_append_messages extends Migration {
  override name = 'Migration20261202213000_append_messages';

  override up(): void | Promise<void> {
    this.addSql(APPEND_MESSAGES_BEFORE_BRANCHES);
  }

  override down(): void | Promise<void> {
    this.addSql(
      'drop function append_messages(uuid, uuid, boolean, varchar, uuid[], text[], text[], uuid[], jsonb[], boolean[], timestamptz[]);',
    );
  }
}
