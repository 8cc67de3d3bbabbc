import type { VoteValue } from '@taskchat/db';
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { DomainError, notFound } from '../errors.ts';
import { encodeCursor, isOfKind } from '../pagination/cursor.ts';
import { type Page, type PageRequest, withinBytes } from '../pagination/keyset-page.data.ts';
import {
  MESSAGE_COLUMNS,
  type MessageOutput,
  type MessageRow,
  messageBytes,
  toMessageOutput,
} from './messages.data.ts';

/**
 * Branches: a conversation's messages form a tree through `parent_id`, and a branch is the path
 * from a message up to the conversation's first one (`branchIds`). Every statement is scoped by
 * the owner's id.
 */

/** Where a message stands among its siblings (the messages with the same parent), in the order they were stored. */
export interface Siblings {
  /** How many there are, this one included (1 when it has none). */
  count: number;
  /** Its place among them, from 1. */
  position: number;
  /** The sibling before and after it: `conversations.setLeaf` switches to its branch. */
  previousId: string | null;
  nextId: string | null;
}

/** A message as `messages.list` gives it: with its siblings and the owner's vote on it. */
export interface BranchMessageOutput extends MessageOutput {
  siblings: Siblings;
  vote: { value: VoteValue; comment: string | null } | null;
}

interface BranchRow extends MessageRow {
  seq: number;
  sibling_count: number;
  sibling_position: number;
  previous_sibling_id: string | null;
  next_sibling_id: string | null;
  vote: VoteValue | null;
  vote_comment: string | null;
}

/**
 * The conversation's leaf, or NOT_FOUND when the conversation is not the user's (or is in the
 * trash); with `leafId`, that message instead, NOT_FOUND unless it is one of the conversation's.
 */
async function branchEnd(
  db: Database,
  userId: string,
  conversationId: string,
  leafId: string | undefined,
): Promise<string | null> {
  const conversation = await db
    .selectFrom('conversations')
    .select('leaf_id')
    .where('id', '=', conversationId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!conversation) throw notFound('Conversation');
  return leafId ?? conversation.leaf_id;
}

/**
 * The ids of a branch, as a table `b` of (`id`, `depth`) to select from: `branch_ids`, the walk up
 * the parents from `startId` (empty when it is not one of the conversation's messages), one
 * primary-key lookup a message, so it costs the same however many other branches the conversation
 * has; at most `limit` messages; `depth` is 1 at the start. A SQL function (migration
 * `Migration20261203193000_branch_functions`) that the planner inlines into the calling statement.
 */
function branchIds(scope: { userId: string; conversationId: string }, startId: string, limit: number | null) {
  // A set-returning function, which the query builder can select from but not name; values are bind parameters.
  return sql<{
    id: string;
    depth: number;
  }>`branch_ids(${scope.userId}, ${scope.conversationId}, ${startId}, ${limit}::int)`.as('b');
}

/** The messages of a branch (`branchIds`) joined as `m`, newest first: the caller selects their columns. */
function branchMessages(
  db: Database,
  scope: { userId: string; conversationId: string },
  startId: string,
  limit: number | null,
) {
  return db
    .selectFrom(branchIds(scope, startId, limit))
    .innerJoin('messages as m', 'm.id', 'b.id')
    .where('m.user_id', '=', scope.userId)
    .orderBy('b.depth');
}

/**
 * Up to `limit` messages of the branch, from `startId` back towards the first, each with its
 * siblings and the owner's vote: `branch_page`, the same walk with a lateral read of each
 * message's siblings, in PL/pgSQL so that its plan, which costs as much to make as to run, is kept.
 */
async function walkBranch(
  db: Database,
  userId: string,
  conversationId: string,
  startId: string,
  limit: number,
): Promise<BranchRow[]> {
  // A set-returning function the query builder cannot type; every value is a bind parameter.
  const { rows } =
    await sql<BranchRow>`select * from branch_page(${userId}, ${conversationId}, ${startId}, ${limit})`.execute(db);
  return rows;
}

function toBranchMessage(row: BranchRow): BranchMessageOutput {
  return {
    ...toMessageOutput(row),
    siblings: {
      count: row.sibling_count,
      position: row.sibling_position,
      previousId: row.previous_sibling_id,
      nextId: row.next_sibling_id,
    },
    vote: row.vote ? { value: row.vote, comment: row.vote_comment } : null,
  };
}

/** The message whose parent a page after `cursor` starts from; NOT_FOUND when it is not the conversation's. */
async function parentOf(db: Database, userId: string, conversationId: string, messageId: string) {
  const row = await db
    .selectFrom('messages')
    .select('parent_id')
    .where('id', '=', messageId)
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new DomainError('BAD_REQUEST', 'Invalid cursor');
  return row.parent_id;
}

/**
 * A page of a branch, newest first as read, returned oldest first: the branch ending at the
 * conversation's leaf (or at `leafId`), `limit` messages before the cursor at most, fewer when
 * they pass `maxBytes`; `nextCursor` leads to older messages and is null at the first message.
 */
export async function selectBranchPage(
  db: Database,
  userId: string,
  request: PageRequest & { conversationId: string; leafId?: string | undefined },
): Promise<Page<BranchMessageOutput>> {
  const { conversationId, cursor, limit } = request;
  const scope = `branch:${conversationId}`;
  const [key] = cursor?.position.keys ?? [];
  // The key is the message's seq: a cursor carrying anything else was not made here.
  if (cursor && (cursor.scope !== scope || cursor.position.keys.length !== 1 || !isOfKind(key ?? null, 'integer'))) {
    throw new DomainError('BAD_REQUEST', 'Invalid cursor');
  }
  const end = await branchEnd(db, userId, conversationId, request.leafId);
  const start = cursor ? await parentOf(db, userId, conversationId, cursor.position.id) : end;
  if (start === null) return { items: [], nextCursor: null };
  const rows = await walkBranch(db, userId, conversationId, start, limit + 1);
  if (rows.length === 0) throw notFound('Message');
  const items = withinBytes(rows.slice(0, limit).map(toBranchMessage), request.maxBytes, messageBytes);
  const last = items.at(-1);
  const lastRow = rows[items.length - 1];
  const more = rows.length > items.length;
  const nextCursor = more && last && lastRow ? encodeCursor(scope, { keys: [lastRow.seq], id: last.id }) : null;
  return { items: items.reverse(), nextCursor };
}

type HistoryRow = Pick<MessageOutput, 'role' | 'content'>;

/**
 * The branch ending at `messageId`, newest first, at most `limit` messages, their role and words
 * only (no siblings or votes: a model needs neither): what a chat turn answers from. Empty when
 * the message is not the conversation's.
 */
export async function readBranch(
  db: Database,
  userId: string,
  conversationId: string,
  messageId: string,
  limit: number,
): Promise<HistoryRow[]> {
  return await branchMessages(db, { userId, conversationId }, messageId, limit)
    .select(['m.role', 'm.content'])
    .execute();
}

/**
 * The newest message at or below `messageId` in the conversation's tree: where its branch ends
 * now. Undefined when the message is not one of the conversation's.
 */
export async function findBranchEnd(
  db: Database,
  userId: string,
  conversationId: string,
  messageId: string,
): Promise<string | undefined> {
  // A recursive walk down the children, which the query builder cannot express; values are bind parameters.
  const { rows } = await sql<{ id: string }>`
    with recursive below as (
      select m.id, m.seq from messages m
       where m.id = ${messageId} and m.conversation_id = ${conversationId} and m.user_id = ${userId}
      union all
      select m.id, m.seq from below b join messages m on m.parent_id = b.id where m.user_id = ${userId}
    )
    select id from below order by seq desc limit 1`.execute(db);
  return rows[0]?.id;
}

/** Makes `leafId` the conversation's current leaf (the caller holds its lock and found the leaf in it). */
export async function updateLeaf(db: Database, userId: string, conversationId: string, leafId: string): Promise<void> {
  await db
    .updateTable('conversations')
    .set({ leaf_id: leafId })
    .where('id', '=', conversationId)
    .where('user_id', '=', userId)
    .execute();
}

/** How many messages follow this one (its edits' and regenerations' siblings counted together). */
export async function countChildren(db: Database, userId: string, messageId: string): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('children'))
    .where('parent_id', '=', messageId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.children);
}

/**
 * The messages of the branch ending at `leafId` from the `skip`-th newest on, at most `limit`,
 * newest first, without siblings or votes: a shared snapshot's pages, counted from its own leaf so
 * that no cursor can lead off its branch (a walk of `skip + limit` ids: a snapshot is read rarely).
 */
export async function selectBranchSlice(
  db: Database,
  userId: string,
  branch: { conversationId: string; leafId: string },
  skip: number,
  limit: number,
): Promise<MessageOutput[]> {
  const rows = await branchMessages(db, { userId, ...branch }, branch.leafId, skip + limit)
    .select(MESSAGE_COLUMNS.map((column) => `m.${column}` as const))
    .where('b.depth', '>', skip)
    .execute();
  return rows.map(toMessageOutput);
}

/** Messages read per statement when a whole branch is read in order. */
const BRANCH_BATCH = 500;

/**
 * Every message of the branch ending at `leafId`, oldest first, BRANCH_BATCH at a time: the
 * branch's ids in one walk (ids only, so a long branch is small to hold), then their messages
 * batch after batch. Nothing when the leaf is not the conversation's.
 */
export async function* readWholeBranch(
  db: Database,
  userId: string,
  conversationId: string,
  leafId: string,
): AsyncGenerator<MessageOutput> {
  const rows = await db
    .selectFrom(branchIds({ userId, conversationId }, leafId, null))
    .select('b.id')
    .orderBy('b.depth', 'desc')
    .execute();
  const ids = rows.map((row) => row.id);
  for (let start = 0; start < ids.length; start += BRANCH_BATCH) {
    const batch = await db
      .selectFrom('messages')
      .select(MESSAGE_COLUMNS)
      .where('id', 'in', ids.slice(start, start + BRANCH_BATCH))
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .orderBy('seq')
      .execute();
    yield* batch.map(toMessageOutput);
  }
}

/** How many messages the branch ending at `leafId` holds (the conversation's and user's only). */
export async function countBranch(db: Database, userId: string, conversationId: string, leafId: string) {
  const row = await db
    .selectFrom(branchIds({ userId, conversationId }, leafId, null))
    .select((eb) => eb.fn.countAll<string>().as('messages'))
    .executeTakeFirstOrThrow();
  return Number(row.messages);
}
