import { Migration } from '@mikro-orm/migrations';

/**
 * The walk up a branch in the database. `branch_page` is PL/pgSQL: a function's statements are
 * planned once per connection and their plans kept, where a statement sent unprepared (the only
 * kind a transaction pooler passes) is planned every time, and for a page of `messages.list` with
 * its siblings and votes planning cost about as much as running (2026-12-03-branches.md).
 *
 * `branch_ids`: from `p_start_id` (nothing when it is not one of the conversation's and user's
 * messages) up the parents, one primary-key lookup a message, at most `p_limit` (null: to the first
 * message); `depth` is 1 at the start. Every walk of a branch is this one. A SQL function, so the
 * planner inlines it into the statement that calls it (a PL/pgSQL one would be a black box of
 * unknown size, and its rows would be copied once more).
 *
 * `branch_page`: those messages with their siblings (from messages_parent_seq_idx, or
 * messages_conversation_roots_idx for first messages) and the user's vote, newest first.
 */
const BRANCH_IDS = `
create function branch_ids(p_user_id uuid, p_conversation_id uuid, p_start_id uuid, p_limit int)
returns table (id uuid, depth int) language sql stable as $body$
  with recursive branch as (
    select m.id, m.parent_id, 1 as depth from messages m
     where m.id = p_start_id and m.conversation_id = p_conversation_id and m.user_id = p_user_id
    union all
    select m.id, m.parent_id, b.depth + 1 from branch b join messages m on m.id = b.parent_id
     where m.conversation_id = p_conversation_id and m.user_id = p_user_id and (p_limit is null or b.depth < p_limit)
  )
  select b.id, b.depth from branch b
$body$;`;

const BRANCH_PAGE = `
create function branch_page(p_user_id uuid, p_conversation_id uuid, p_start_id uuid, p_limit int)
returns table (
  id uuid,
  conversation_id uuid,
  parent_id uuid,
  role text,
  content text,
  client_id uuid,
  parts jsonb,
  incomplete boolean,
  created_at timestamptz,
  seq int,
  sibling_count int,
  sibling_position int,
  previous_sibling_id uuid,
  next_sibling_id uuid,
  vote text,
  vote_comment text
) language plpgsql stable as $body$
#variable_conflict use_column
begin
  return query
    select m.id, m.conversation_id, m.parent_id, m.role, m.content, m.client_id, m.parts, m.incomplete, m.created_at,
           m.seq, s.sibling_count, s.sibling_position, s.previous_sibling_id, s.next_sibling_id, v.value, v.comment
      from branch_ids(p_user_id, p_conversation_id, p_start_id, p_limit) b
      join messages m on m.id = b.id and m.user_id = p_user_id
      cross join lateral (
        select count(*)::int as sibling_count,
               count(*) filter (where x.seq <= m.seq)::int as sibling_position,
               (array_agg(x.id order by x.seq desc) filter (where x.seq < m.seq))[1] as previous_sibling_id,
               (array_agg(x.id order by x.seq) filter (where x.seq > m.seq))[1] as next_sibling_id
          from (
            select x.id, x.seq from messages x where x.parent_id = m.parent_id and x.user_id = p_user_id
            union all
            select x.id, x.seq from messages x
             where m.parent_id is null and x.parent_id is null and x.conversation_id = m.conversation_id
               and x.user_id = p_user_id
          ) x
      ) s
      left join message_votes v on v.message_id = m.id and v.user_id = p_user_id
     order by b.depth;
end
$body$;`;

export class Migration20261203193000_branch_functions extends Migration {
  override name = 'Migration20261203193000_branch_functions';

  override up(): void | Promise<void> {
    this.addSql(BRANCH_IDS);
    this.addSql(BRANCH_PAGE);
  }

  override down(): void | Promise<void> {
    this.addSql('drop function branch_page(uuid, uuid, uuid, int);');
    this.addSql('drop function branch_ids(uuid, uuid, uuid, int);');
  }
}
