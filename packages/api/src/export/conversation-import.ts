import { newId } from '@taskchat/db';
import type { ZodType } from 'zod';
import {
  type ConversationOutput,
  getConversation,
  lockConversation,
  recordActivity,
} from '../conversations/conversations.data.ts';
import { type Database, inTransaction, isUniqueViolation } from '../database.ts';
import { DomainError } from '../errors.ts';
import { insertMessage } from '../messages/messages.data.ts';
import { type ConversationLine, conversationLine, headerLine, type MessageLine, messageLine } from './export-format.ts';

export interface ImportResult {
  conversation: ConversationOutput;
  /** `created`: a new conversation; `existing`: imported before (or exported from this account), completed. */
  status: 'created' | 'existing';
  storedMessages: number;
  /** Messages it already had (by client id, or by id when it came from this account). */
  skippedMessages: number;
}

const lineError = (line: number, message: string) => new DomainError('BAD_REQUEST', `Line ${line}: ${message}`);

/** How deep a line's JSON may nest (a tool call's input or output); far past anything a model sends. */
const MAX_DEPTH = 64;

/**
 * Why PostgreSQL could not store a line's values (jsonb refuses NUL and unpaired surrogates, deep
 * nesting would overflow the validators' stack), or null: walked without recursion.
 */
function unstorable(value: unknown): string | null {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (depth > MAX_DEPTH) return `nested more than ${MAX_DEPTH} levels deep`;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return 'NUL characters cannot be stored';
      if (!item.isWellFormed()) return 'unpaired surrogate characters cannot be stored';
    } else if (item && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) pending.push([key, depth + 1], [inner, depth + 1]);
    }
  }
  return null;
}

function parseLine<T>(schema: ZodType<T>, value: unknown, line: number): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw lineError(line, `${where}${issue?.message ?? 'invalid'}`);
}

/** A message line and where it stood in the input. */
interface NumberedMessage extends MessageLine {
  line: number;
}

/** One conversation's lines of an export (an optional header, the conversation, its messages), checked. */
function parseConversation(ndjson: string): { conversation: ConversationLine; messages: NumberedMessage[] } {
  let conversation: ConversationLine | undefined;
  const messages: NumberedMessage[] = [];
  for (const [index, text] of ndjson.split('\n').entries()) {
    const line = index + 1;
    if (text.trim() === '') continue;
    let value: { type?: unknown };
    try {
      value = JSON.parse(text);
    } catch {
      throw lineError(line, 'not a JSON object');
    }
    const refused = unstorable(value);
    if (refused) throw lineError(line, refused);
    switch (value?.type) {
      case 'header':
        if (conversation) throw lineError(line, 'the header comes first');
        parseLine(headerLine, value, line);
        break;
      case 'conversation':
        if (conversation) throw lineError(line, 'a second conversation; import one conversation at a time');
        conversation = parseLine(conversationLine, value, line);
        break;
      case 'message': {
        if (!conversation) throw lineError(line, 'a message before its conversation');
        const message = parseLine(messageLine, value, line);
        if (message.conversationId !== conversation.id) throw lineError(line, 'a message of another conversation');
        messages.push({ ...message, line });
        break;
      }
      case 'task':
        throw lineError(line, 'a task; conversations.import takes one conversation and its messages');
      default:
        throw lineError(line, 'type must be header, conversation or message');
    }
  }
  if (!conversation) throw new DomainError('BAD_REQUEST', 'No conversation line');
  // Stored in the order they were written, whatever the order of the lines.
  messages.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  return { conversation, messages };
}

/**
 * Imports one conversation of an export into the user's account, in one transaction: all of it or,
 * on any error, nothing. Idempotent: the conversation is found again by the id it had in the
 * export (its client id here), its messages by their client ids (or ids), so importing the same
 * lines twice stores each message once. New rows get ids of their own: nothing of another user's is
 * ever touched, whatever the file says.
 */
export async function importConversation(db: Database, userId: string, ndjson: string): Promise<ImportResult> {
  const { conversation, messages } = parseConversation(ndjson);
  return await inTransaction(db, async (tx) => {
    const found = await tx
      .selectFrom('conversations')
      .select(['id', 'deleted_at'])
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('client_id', '=', conversation.id), eb('id', '=', conversation.id)]))
      .executeTakeFirst();
    if (found?.deleted_at) throw new DomainError('CONFLICT', 'This conversation is in your trash; restore it first');
    const conversationId = found?.id ?? (await insertImported(tx, userId, conversation));
    await lockConversation(tx, userId, conversationId);

    const keyOf = (message: MessageLine) => message.clientId ?? message.id;
    const existing: { id: string; client_id: string | null; role: string; content: string }[] = [];
    // In chunks: a statement may carry at most 65,535 parameters.
    for (let start = 0; start < messages.length; start += 1_000) {
      const chunk = messages.slice(start, start + 1_000);
      existing.push(
        ...(await tx
          .selectFrom('messages')
          .select(['id', 'client_id', 'role', 'content'])
          .where('conversation_id', '=', conversationId)
          .where('user_id', '=', userId)
          .where((eb) =>
            eb.or([
              eb('client_id', 'in', chunk.map(keyOf)),
              eb(
                'id',
                'in',
                chunk.map((m) => m.id),
              ),
            ]),
          )
          .execute()),
      );
    }
    // What each key already stands for: a key names one message, so the same key with other
    // content is a CONFLICT (as for messages.append), not a silent skip.
    const seen = new Map<string, { role: string; content: string }>();
    for (const row of existing) {
      seen.set(row.id, row);
      if (row.client_id) seen.set(row.client_id, row);
    }
    let stored = 0;
    let latest: Date | null = null;
    for (const message of messages) {
      const earlier = seen.get(message.id) ?? seen.get(keyOf(message));
      if (earlier) {
        if (earlier.role !== message.role || earlier.content !== message.content) {
          throw new DomainError('CONFLICT', `Line ${message.line}: this message was stored before with other content`);
        }
        continue;
      }
      seen.set(keyOf(message), message);
      const createdAt = new Date(message.createdAt);
      await insertMessage(tx, userId, {
        conversationId,
        role: message.role,
        content: message.content,
        clientId: keyOf(message),
        ...(message.parts ? { parts: message.parts } : {}),
        incomplete: message.incomplete,
        createdAt,
      });
      stored += 1;
      if (!latest || createdAt > latest) latest = createdAt;
    }
    if (latest) await recordActivity(tx, userId, conversationId, { at: latest, title: null });
    return {
      conversation: await getConversation(tx, userId, conversationId),
      status: found ? 'existing' : 'created',
      storedMessages: stored,
      skippedMessages: messages.length - stored,
    };
  });
}

async function insertImported(db: Database, userId: string, conversation: ConversationLine): Promise<string> {
  try {
    return await insertConversationRow(db, userId, conversation);
  } catch (error) {
    // The same conversation imported by a racing call: this one stores nothing.
    if (isUniqueViolation(error, 'conversations_user_client_id_unique')) {
      throw new DomainError('CONFLICT', 'This conversation is being imported by another call; try again');
    }
    throw error;
  }
}

async function insertConversationRow(db: Database, userId: string, conversation: ConversationLine): Promise<string> {
  const row = await db
    .insertInto('conversations')
    .values({
      id: newId(),
      user_id: userId,
      client_id: conversation.id,
      title: conversation.title,
      archived: conversation.archived,
      pinned: conversation.pinned,
      created_at: new Date(conversation.createdAt),
      // Activity moves to its newest message as they are stored.
      updated_at: new Date(conversation.createdAt),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
