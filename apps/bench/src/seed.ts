/**
 * Seeds a benchmark database with set-based SQL (generate_series), not row by row.
 * Shape: `heavyUsers` users own `conversationsPerHeavyUser` conversations each (for deep pages);
 * the other conversations are spread over the remaining users. Messages go round-robin to the
 * first messages/50 conversations of a random order (so a conversation's messages interleave with
 * others' on disk, as in real use), with content of 40–800 characters. Every user has a few tasks
 * due today. The scenarios probe the same
 * number of conversations at every scale, so scales differ only in how much data surrounds them.
 */
import { createHash } from 'node:crypto';
import { newId, oneBranchStatements } from '@taskchat/db';

import pg from 'pg';

export interface Scale {
  users: number;
  conversations: number;
  messages: number;
  heavyUsers: number;
  conversationsPerHeavyUser: number;
}

const MESSAGES_PER_CONVERSATION = 50;
const DEEP_PAGE = 50;
/** Conversations the message scenarios cycle through, at every scale. */
const PROBED_CONVERSATIONS = 200;
const PAGE_SIZE = 20;

export interface Fixtures {
  /** A session token of every user. */
  tokens: string[];
  /** Conversations holding messages, with their owner's token: for messages.list and append. */
  conversations: { token: string; conversationId: string }[];
  /** The cursor of page 50 of each heavy user's conversation list. */
  deepPages: { token: string; cursor: string }[];
}

/** The wire format of @taskchat/api's keyset cursors, so seeded cursors work on both servers. */
function encodeCursor(scope: string, keys: (Date | boolean)[], id: string): string {
  const values = keys.map((key) => (key instanceof Date ? key.toISOString() : key));
  return Buffer.from(JSON.stringify([scope, values, id])).toString('base64url');
}

/** `count` users, each with a session; their tokens in the same order. */
export async function insertUsers(client: pg.Client, count: number): Promise<{ ids: string[]; tokens: string[] }> {
  const ids = Array.from({ length: count }, () => newId());
  const tokens = ids.map((_, i) => createHash('sha256').update(`bench-user-${i}`).digest('base64url'));
  const tokenHashes = tokens.map((token) => createHash('sha256').update(token).digest('hex'));
  await client.query(
    `insert into users (id, email, password_hash, name)
     select id, 'bench-' || n || '@example.com', 'not-a-password-hash', 'Bench ' || n
     from unnest($1::uuid[]) with ordinality as u(id, n)`,
    [ids],
  );
  // last_seen_at an hour ahead: no server refreshes it during a run. The servers compared share the
  // database, so whichever met a stale session first would pay the refresh for all of them.
  await client.query(
    `insert into sessions (id, user_id, token_hash, expires_at, last_seen_at)
     select uuidv7(), user_id, token_hash, now() + interval '30 days', now() + interval '1 hour'
     from unnest($1::uuid[], $2::text[]) as s(user_id, token_hash)`,
    [ids, tokenHashes],
  );
  return { ids, tokens };
}

export async function seed(url: string, scale: Scale): Promise<Fixtures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { ids: userIds, tokens } = await insertUsers(client, scale.users);
    const heavyConversations = scale.heavyUsers * scale.conversationsPerHeavyUser;
    await client.query(
      `insert into conversations (id, user_id, title, created_at, updated_at)
       select uuidv7(),
              ($1::uuid[])[case when g <= $2 then (g - 1) / $3 + 1 else $4 + 1 + (g - 1) % ($5 - $4) end],
              'Conversation ' || g, now() - interval '90 days', now() - interval '90 days' + (g || ' seconds')::interval
       from generate_series(1, $6::int) g`,
      [
        userIds,
        heavyConversations,
        scale.conversationsPerHeavyUser,
        scale.heavyUsers,
        scale.users,
        scale.conversations,
      ],
    );
    await client.query(
      `with c as (select id, user_id, row_number() over (order by md5(id::text)) as rn from conversations)
       insert into messages (id, conversation_id, user_id, role, content, created_at, seq)
       select uuidv7(), c.id, c.user_id,
              case when g % 2 = 1 then 'user' else 'assistant' end,
              -- One message in a hundred holds a word the search measurement looks for.
              case when g % 100 = 0 then 'Kiwi: ' else '' end
                || left(repeat('The quick brown fox jumps over the lazy dog. ', 18), 40 + ((g::bigint * 7919) % 761)::int),
              now() - interval '60 days' + (g || ' milliseconds')::interval,
              (g - 1) / $2 + 1
       from generate_series(1, $1::int) g
       join c on c.rn = (g - 1) % $2 + 1`,
      [scale.messages, Math.min(scale.conversations, Math.ceil(scale.messages / MESSAGES_PER_CONVERSATION))],
    );
    // Each conversation one branch: messages.list and a turn's history walk up the parents from the leaf.
    for (const statement of oneBranchStatements()) await client.query(statement);
    // Every user's Inbox (made by the users trigger) holds 8 tasks: 5 due by today (floating dates), 3 undated.
    await client.query(
      `insert into tasks (id, user_id, project_id, position, title, due_date)
       select uuidv7(), p.user_id, p.id, 'a' || lpad(g::text, 3, '0'), 'Task ' || g,
              case when g <= 5 then (now() at time zone 'UTC')::date - g % 3 end
       from projects p cross join generate_series(1, 8) g
       where p.inbox`,
    );
    await client.query('analyze');

    const tokenOf = new Map(userIds.map((id, i) => [id, tokens[i] as string]));
    const withMessages = await client.query<{ id: string; user_id: string }>(
      `select c.id, c.user_id from conversations c
       where exists (select 1 from messages m where m.conversation_id = c.id)
       order by md5(c.id::text) limit $1`,
      [PROBED_CONVERSATIONS],
    );
    const deepPages: Fixtures['deepPages'] = [];
    for (const userId of userIds.slice(0, scale.heavyUsers)) {
      const row = await client.query<{ id: string; updated_at: Date }>(
        `select id, updated_at from conversations where user_id = $1
         order by pinned desc, updated_at desc, id desc offset $2 limit 1`,
        [userId, (DEEP_PAGE - 1) * PAGE_SIZE - 1],
      );
      const last = row.rows[0];
      if (last)
        deepPages.push({
          token: tokenOf.get(userId) as string,
          // Nothing is pinned in the seed.
          cursor: encodeCursor('conversations', [false, last.updated_at], last.id),
        });
    }
    return {
      tokens,
      conversations: withMessages.rows.map((row) => ({
        token: tokenOf.get(row.user_id) as string,
        conversationId: row.id,
      })),
      deepPages,
    };
  } finally {
    await client.end();
  }
}
