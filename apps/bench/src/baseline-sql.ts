/**
 * What both baselines run per request (`baseline-server.ts`, the raw node:http one, and
 * `ceiling-server.ts`, Fastify + tRPC): the SQL statements Taskchat's procedures send, as Taskchat
 * sends them (the session lookup, then the procedure's own), through `pg` with no ORM, no query
 * builder and no validation, and the answers shaped as Taskchat's. Written once, so the two
 * baselines differ only in what carries the requests.
 */
import { createHash } from 'node:crypto';
import { newId } from '@taskchat/db';
import type pg from 'pg';

export type Input = Record<string, unknown>;
export type Procedure = (pool: pg.Pool, userId: string, input: Input) => Promise<unknown>;

/** A refusal with its HTTP status (a conversation that is not the caller's is a 404, as in Taskchat). */
export class Refusal extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** A message row (as `append_messages` and the branch walk return it) shaped as Taskchat answers it. */
const messageOf = (row: Record<string, unknown>) => ({
  id: row.id,
  conversationId: row.conversation_id,
  parentId: row.parent_id,
  role: row.role,
  content: row.content,
  clientId: row.client_id,
  parts: row.parts,
  incomplete: row.incomplete,
  createdAt: row.created_at,
});

/** Taskchat's branch page (`walkBranch` in its branch.data.ts): up the parents from $3, each message with its siblings and vote. */
export const BRANCH_PAGE = 'select * from branch_page($1, $2, $3, $4)';
/** Taskchat refreshes a session's last_seen_at at most this often; so do the baselines. */
const LAST_SEEN_RESOLUTION_MS = 60_000;
const TITLE_MAX_LENGTH = 80;

/** Taskchat's keyset cursor: `[scope, sort keys, id]`, base64url JSON. */
function decodeCursor(cursor: unknown): [string, (string | boolean)[], string] | null {
  if (typeof cursor !== 'string') return null;
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, (string | boolean)[], string];
}

const encodeCursor = (scope: string, keys: (string | boolean | number)[], id: string) =>
  Buffer.from(JSON.stringify([scope, keys, id])).toString('base64url');

/** The signed-in user's id for a `Bearer` token, or null: one statement, and the last_seen_at refresh when due. */
export async function sessionUser(pool: pg.Pool, authorization: string | undefined): Promise<string | null> {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : null;
  if (!token) return null;
  const hash = createHash('sha256').update(token).digest('hex');
  const result = await pool.query(
    `select s.id as "sessionId", s.last_seen_at as "lastSeenAt",
            u.id, u.email, u.name, u.created_at as "createdAt", u.updated_at as "updatedAt"
     from sessions s join users u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > now()`,
    [hash],
  );
  const row = result.rows[0];
  if (!row) return null;
  if (Date.now() - (row.lastSeenAt as Date).getTime() > LAST_SEEN_RESOLUTION_MS) {
    await pool.query('update sessions set last_seen_at = now() where id = $1', [row.sessionId]);
  }
  return row.id as string;
}

/** `YYYY-MM-DD` in `zone` at `now`, as Taskchat's `todayIn`. */
function todayIn(zone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
}

const dayOf = (value: Date | null) =>
  value === null ? null : new Date(value.getTime() - value.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

export const procedures: Record<string, Procedure> = {
  'conversations.list': async (pool, userId, input) => {
    const limit = Number(input.limit ?? 20);
    const cursor = decodeCursor(input.cursor);
    const params: unknown[] = [userId, limit + 1];
    const keyset = cursor ? 'and (pinned, updated_at, id) < ($3, $4, $5)' : '';
    if (cursor) params.push(cursor[1][0], new Date(cursor[1][1] as string), cursor[2]);
    const { rows } = await pool.query(
      `select id, title, archived, pinned, created_at as "createdAt", updated_at as "updatedAt", leaf_id as "leafId" from conversations
       where user_id = $1 and deleted_at is null and archived = false ${keyset}
       order by pinned desc, updated_at desc, id desc limit $2`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor('conversations', [last.pinned, last.updatedAt.toISOString()], last.id)
        : null;
    return { items, nextCursor };
  },

  'messages.list': async (pool, userId, input) => {
    const limit = Number(input.limit ?? 50);
    const conversation = await pool.query(
      'select leaf_id from conversations where id = $1 and user_id = $2 and deleted_at is null',
      [input.conversationId, userId],
    );
    if (conversation.rowCount === 0) throw new Refusal(404, 'Conversation not found');
    const cursor = decodeCursor(input.cursor);
    let start: string | null = conversation.rows[0].leaf_id;
    if (cursor) {
      const after = await pool.query(
        'select parent_id from messages where id = $1 and conversation_id = $2 and user_id = $3',
        [cursor[2], input.conversationId, userId],
      );
      if (after.rowCount === 0) throw new Refusal(400, 'Invalid cursor');
      start = after.rows[0].parent_id;
    }
    if (start === null) return { items: [], nextCursor: null };
    const { rows } = await pool.query(BRANCH_PAGE, [userId, input.conversationId, start, limit + 1]);
    const items = rows.slice(0, limit).map((row) => ({
      ...messageOf(row),
      siblings: {
        count: row.sibling_count,
        position: row.sibling_position,
        previousId: row.previous_sibling_id,
        nextId: row.next_sibling_id,
      },
      vote: row.vote ? { value: row.vote, comment: row.vote_comment } : null,
    }));
    const oldest = rows[items.length - 1];
    const nextCursor =
      rows.length > limit && oldest ? encodeCursor(`branch:${input.conversationId}`, [oldest.seq], oldest.id) : null;
    return { items: items.reverse(), nextCursor };
  },

  // Taskchat's append_messages function (its migration), called with the arguments Taskchat passes.
  'messages.append': async (pool, userId, input) => {
    const content = String(input.content);
    const title = input.role === 'user' ? content.replace(/\s+/gu, ' ').trim().slice(0, TITLE_MAX_LENGTH) : null;
    const { rows } = await pool.query(
      `select * from append_messages($1, $2, $3, $4, $5, $6, $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::uuid[], $12::jsonb[], $13::boolean[], $14::timestamptz[])`,
      [
        userId,
        input.conversationId,
        false,
        title,
        true,
        2_147_483_647,
        [newId()],
        [null],
        [input.role],
        [content],
        [input.clientId ?? null],
        [null],
        [false],
        [null],
      ],
    );
    const row = rows[0];
    if (!row) throw new Refusal(404, 'Conversation not found');
    return { status: row.outcome, message: messageOf(row) };
  },

  // The today view: the zone, the page, then the page's labels and reminders (at once, as Taskchat).
  'tasks.list': async (pool, userId, input) => {
    if (input.view !== 'today') throw new Refusal(400, 'The baselines serve the today view only');
    const limit = Number(input.limit ?? 20);
    const zone = (await pool.query('select "time_zone" from "users" where "id" = $1', [userId])).rows[0]?.time_zone;
    const { rows } = await pool.query(
      `select "id", "title", "description", "project_id", "parent_id", "position", "due_date", "due_at", "deadline", "priority", "recurrence", "completed", "completed_at", "created_at", "updated_at", (select "time_zone" from "users" where "id" = $1) as "time_zone" from "tasks" where "tasks"."user_id" = $2 and "tasks"."deleted_at" is null and "completed" = $3 and "due_date" is not null and "due_date" <= $4 and "project_id" not in (select "id" from "projects" where "user_id" = $5 and "archived_at" is not null) order by "due_date" asc, "due_at" asc nulls first, "id" asc limit $6`,
      [userId, userId, false, todayIn(zone, new Date()), userId, limit + 1],
    );
    // The bench's seed keeps each user's today view to one page of floating (untimed) dues with no reminders.
    if (rows.length > limit) throw new Error('the baselines page no further than one page of tasks');
    if (rows.length === 0) return { items: [], nextCursor: null };
    const ids = rows.map((row) => row.id);
    const placeholders = (from: number) => ids.map((_, i) => `$${from + i}`).join(', ');
    const [labels, reminders] = await Promise.all([
      pool.query(
        `select "task_labels"."task_id", "labels"."name" from "task_labels" inner join "labels" on "labels"."id" = "task_labels"."label_id" where "task_labels"."user_id" = $1 and "labels"."user_id" = $2 and "task_labels"."task_id" in (${placeholders(3)})`,
        [userId, userId, ...ids],
      ),
      pool.query(
        `select "id", "task_id", "minutes_before", "at", "fire_at", "delivered_at" from "reminders" where "user_id" = $1 and "task_id" in (${placeholders(2)}) order by "created_at", "id"`,
        [userId, ...ids],
      ),
    ]);
    if (reminders.rowCount || rows.some((row) => row.due_at !== null)) {
      throw new Error('the baselines shape no reminders and no timed dues (the seed has none)');
    }
    const labelsOf = (id: string) =>
      labels.rows
        .filter((label) => label.task_id === id)
        .map((label) => label.name as string)
        .sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
    const items = rows.map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      projectId: row.project_id,
      parentId: row.parent_id,
      position: row.position,
      due: { date: dayOf(row.due_date), time: null, at: null },
      deadline: dayOf(row.deadline),
      priority: row.priority,
      recurrence: row.recurrence,
      labels: labelsOf(row.id),
      reminders: [],
      completed: row.completed,
      completedAt: row.completed_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
    return { items, nextCursor: null };
  },
};
