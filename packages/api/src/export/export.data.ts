import type { Color } from '@taskchat/db';
import type { ExpressionBuilder } from 'kysely';
import type { Database, Tables } from '../database.ts';
import { listMessagesAfter } from '../messages/messages.data.ts';
import { TASK_COLUMNS, toTaskOutputs, usersTasks } from '../tasks/tasks.data.ts';
import type { ConversationLine, LabelLine, MessageLine, ProjectLine, TaskLine } from './export-format.ts';

/** Rows are read in batches of this many, oldest first: memory stays the same whatever the account's size. */
const BATCH = 500;

const iso = (value: string) => new Date(value).toISOString();

/** Where the last batch ended. */
interface Position {
  at: string;
  id: string;
}

/** The rows after the position in (created_at, id) order: a row comparison the index seeks to; the values are bind parameters. */
const afterPosition = (position: Position) => (eb: ExpressionBuilder<Tables, 'tasks' | 'conversations' | 'projects'>) =>
  eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(position.at, position.id));
type AfterPosition = ReturnType<typeof afterPosition>;

/**
 * Every row `readBatch` gives, batch after batch in (created_at, id) order: it reads the rows after
 * the position it is given (none: from the start), at most BATCH of them.
 */
async function* inBatches<Row extends { id: string; created_at: string }>(
  readBatch: (after: AfterPosition | null) => Promise<Row[]>,
): AsyncGenerator<Row> {
  for (let after: Position | null = null; ; ) {
    const rows = await readBatch(after && afterPosition(after));
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) return;
    after = { at: iso(last.created_at), id: last.id };
  }
}

/** The user's projects, the Inbox among them, as export lines (a user has at most PROJECTS_PER_USER). */
export async function* exportProjects(db: Database, userId: string): AsyncGenerator<ProjectLine> {
  const projects = inBatches((after) =>
    db
      .selectFrom('projects')
      .select(['id', 'name', 'color', 'position', 'inbox', 'archived_at', 'created_at', 'updated_at'])
      .where('user_id', '=', userId)
      .$if(after !== null, (q) => q.where(after as AfterPosition))
      .orderBy('created_at')
      .orderBy('id')
      .limit(BATCH)
      .execute(),
  );
  for await (const row of projects) {
    yield {
      type: 'project',
      id: row.id,
      name: row.name,
      color: row.color as Color,
      position: row.position,
      inbox: row.inbox,
      archived: row.archived_at !== null,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  }
}

/** The user's labels as export lines, by name. */
export async function* exportLabels(db: Database, userId: string): AsyncGenerator<LabelLine> {
  const rows = await db
    .selectFrom('labels')
    .select(['id', 'name', 'color', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('name')
    .execute();
  for (const row of rows) {
    yield { type: 'label', id: row.id, name: row.name, color: row.color as Color, createdAt: iso(row.created_at) };
  }
}

/**
 * The user's tasks that are not in the trash as export lines, in (created_at, id) order, each
 * with its label names and reminders as the API shows them (`toTaskOutputs`: two statements per
 * batch); a timed task's local time is read in `timeZone`.
 */
export async function* exportTasks(db: Database, userId: string, timeZone: string): AsyncGenerator<TaskLine> {
  for (let after: Position | null = null; ; ) {
    const rows = await usersTasks(db, userId)
      .select(TASK_COLUMNS)
      .$if(after !== null, (q) => q.where(afterPosition(after as Position)))
      .orderBy('created_at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const task of await toTaskOutputs(db, userId, rows, timeZone)) {
      yield {
        type: 'task',
        id: task.id,
        projectId: task.projectId,
        parentId: task.parentId,
        position: task.position,
        title: task.title,
        description: task.description,
        due: task.due && { date: task.due.date, time: task.due.time, at: task.due.at?.toISOString() ?? null },
        deadline: task.deadline,
        priority: task.priority,
        recurrence: task.recurrence,
        labels: task.labels,
        reminders: task.reminders.map((reminder) =>
          reminder.minutesBefore !== null
            ? { minutesBefore: reminder.minutesBefore }
            : { at: (reminder.at as Date).toISOString() },
        ),
        completed: task.completed,
        completedAt: task.completedAt?.toISOString() ?? null,
        createdAt: task.createdAt.toISOString(),
        updatedAt: task.updatedAt.toISOString(),
      };
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) return;
    after = { at: iso(last.created_at), id: last.id };
  }
}

/** The user's conversations (not those in the trash; or only the one given), each followed by its messages in order. */
export async function* exportConversations(
  db: Database,
  userId: string,
  only?: string,
): AsyncGenerator<ConversationLine | MessageLine> {
  const conversations = inBatches((after) =>
    db
      .selectFrom('conversations')
      .select(['id', 'title', 'archived', 'pinned', 'created_at', 'updated_at', 'leaf_id'])
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .$if(only !== undefined, (q) => q.where('id', '=', only as string))
      .$if(after !== null, (q) => q.where(after as AfterPosition))
      .orderBy('created_at')
      .orderBy('id')
      .limit(BATCH)
      .execute(),
  );
  const shares = await sharesByConversation(db, userId);
  for await (const conversation of conversations) {
    yield {
      type: 'conversation',
      id: conversation.id,
      title: conversation.title,
      archived: conversation.archived,
      pinned: conversation.pinned,
      createdAt: iso(conversation.created_at),
      updatedAt: iso(conversation.updated_at),
      leafId: conversation.leaf_id,
      shares: shares.get(conversation.id) ?? [],
    };
    yield* exportMessages(db, userId, conversation.id);
  }
}

type ShareLines = NonNullable<ConversationLine['shares']>;

/** The user's share links (at most SHARES_PER_USER) by conversation, as the export lists them: never their secrets. */
async function sharesByConversation(db: Database, userId: string): Promise<Map<string, ShareLines>> {
  const rows = await db
    .selectFrom('conversation_shares')
    .select(['conversation_id', 'leaf_id', 'title', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const byConversation = new Map<string, ShareLines>();
  for (const row of rows) {
    const lines = byConversation.get(row.conversation_id) ?? [];
    lines.push({ leafId: row.leaf_id, title: row.title, createdAt: iso(row.created_at) });
    byConversation.set(row.conversation_id, lines);
  }
  return byConversation;
}

/** The user's votes on one conversation's answers, by message. */
async function votesOf(db: Database, userId: string, conversationId: string) {
  const rows = await db
    .selectFrom('message_votes')
    .select(['message_id', 'value', 'comment'])
    .where('user_id', '=', userId)
    .where('conversation_id', '=', conversationId)
    .execute();
  return new Map(rows.map((row) => [row.message_id, { value: row.value, comment: row.comment }]));
}

/**
 * A conversation's messages in its order (`seq`, the order they were appended, never their times),
 * BATCH at a time: each batch is the index range after the last number seen.
 */
async function* exportMessages(db: Database, userId: string, conversationId: string): AsyncGenerator<MessageLine> {
  const votes = await votesOf(db, userId, conversationId);
  // What a left-out message's children follow instead: its own parent (parents come first, by seq).
  const replacedParents = new Map<string, string | null>();
  for (let afterSeq = 0; ; ) {
    const batch = await listMessagesAfter(db, userId, conversationId, afterSeq, BATCH);
    for (const { message } of batch) {
      const parentId = message.parentId === null ? null : (replacedParents.get(message.parentId) ?? message.parentId);
      // System messages are never written by clients and never read back in: left out.
      if (message.role === 'system') {
        replacedParents.set(message.id, parentId);
        continue;
      }
      yield {
        type: 'message',
        id: message.id,
        conversationId,
        role: message.role,
        content: message.content,
        clientId: message.clientId,
        parts: message.parts,
        incomplete: message.incomplete,
        createdAt: message.createdAt.toISOString(),
        parentId,
        vote: votes.get(message.id) ?? null,
      };
    }
    const last = batch.at(-1);
    if (!last || batch.length < BATCH) return;
    afterSeq = last.seq;
  }
}
