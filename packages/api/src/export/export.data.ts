import type { Color, Priority } from '@taskchat/db';
import type { ExpressionBuilder } from 'kysely';
import { DateTime } from 'luxon';
import type { Database, Tables } from '../database.ts';
import { listMessagesAfter } from '../messages/messages.data.ts';
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

/** A `date` column as the driver reads it, as YYYY-MM-DD. */
const calendarDate = (value: string | Date | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

/**
 * The user's tasks that are not in the trash as export lines, in (created_at, id) order, each
 * with its label names and reminders (two statements per batch); a timed task's local time is
 * read in `timeZone`.
 */
export async function* exportTasks(db: Database, userId: string, timeZone: string): AsyncGenerator<TaskLine> {
  for (let after: Position | null = null; ; ) {
    const rows = await db
      .selectFrom('tasks')
      .select([
        'id',
        'project_id',
        'parent_id',
        'position',
        'title',
        'description',
        'due_date',
        'due_at',
        'deadline',
        'priority',
        'recurrence',
        'completed',
        'completed_at',
        'created_at',
        'updated_at',
      ])
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .$if(after !== null, (q) => q.where(afterPosition(after as Position)))
      .orderBy('created_at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    const ids = rows.map((row) => row.id);
    const labels = ids.length
      ? await db
          .selectFrom('task_labels')
          .innerJoin('labels', 'labels.id', 'task_labels.label_id')
          .select(['task_labels.task_id', 'labels.name'])
          .where('task_labels.user_id', '=', userId)
          .where('labels.user_id', '=', userId)
          .where('task_labels.task_id', 'in', ids)
          .orderBy('labels.name')
          .execute()
      : [];
    const reminders = ids.length
      ? await db
          .selectFrom('reminders')
          .select(['task_id', 'minutes_before', 'at'])
          .where('user_id', '=', userId)
          .where('task_id', 'in', ids)
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      : [];
    for (const row of rows) {
      const at = row.due_at === null ? null : new Date(row.due_at);
      const dueDate = calendarDate(row.due_date);
      yield {
        type: 'task',
        id: row.id,
        projectId: row.project_id,
        parentId: row.parent_id,
        position: row.position,
        title: row.title,
        description: row.description,
        due:
          dueDate === null
            ? null
            : {
                date: dueDate,
                time: at && DateTime.fromJSDate(at).setZone(timeZone).toFormat('HH:mm'),
                at: at ? at.toISOString() : null,
              },
        deadline: calendarDate(row.deadline),
        priority: row.priority as Priority,
        recurrence: row.recurrence,
        labels: labels.filter((label) => label.task_id === row.id).map((label) => label.name),
        reminders: reminders
          .filter((reminder) => reminder.task_id === row.id)
          .map((reminder) =>
            reminder.minutes_before !== null
              ? { minutesBefore: reminder.minutes_before }
              : { at: new Date(reminder.at as string).toISOString() },
          ),
        completed: row.completed,
        completedAt: row.completed_at === null ? null : iso(row.completed_at),
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
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
      .select(['id', 'title', 'archived', 'pinned', 'created_at', 'updated_at'])
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .$if(only !== undefined, (q) => q.where('id', '=', only as string))
      .$if(after !== null, (q) => q.where(after as AfterPosition))
      .orderBy('created_at')
      .orderBy('id')
      .limit(BATCH)
      .execute(),
  );
  for await (const conversation of conversations) {
    yield {
      type: 'conversation',
      id: conversation.id,
      title: conversation.title,
      archived: conversation.archived,
      pinned: conversation.pinned,
      createdAt: iso(conversation.created_at),
      updatedAt: iso(conversation.updated_at),
    };
    yield* exportMessages(db, userId, conversation.id);
  }
}

/**
 * A conversation's messages in its order (`seq`, the order they were appended, never their times),
 * BATCH at a time: each batch is the index range after the last number seen.
 */
async function* exportMessages(db: Database, userId: string, conversationId: string): AsyncGenerator<MessageLine> {
  for (let afterSeq = 0; ; ) {
    const batch = await listMessagesAfter(db, userId, conversationId, afterSeq, BATCH);
    for (const { message } of batch) {
      // System messages are never written by clients and never read back in: left out.
      if (message.role === 'system') continue;
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
      };
    }
    const last = batch.at(-1);
    if (!last || batch.length < BATCH) return;
    afterSeq = last.seq;
  }
}
