import { newId } from '@taskchat/db';
import type { z } from 'zod';
import type { SignedInContext } from '../context.ts';
import { type Database, isUniqueViolation } from '../database.ts';
import { DomainError } from '../errors.ts';
import {
  type ConversationLine,
  conversationLine,
  headerLine,
  type MessageLine,
  messageLine,
} from '../export/export-format.ts';
import { lineError, parseLine, readLines, runImport } from '../export/import-run.ts';
import { findBranchEnd, updateLeaf } from '../messages/branch.data.ts';
import { appendMessages, findMessagesByKeys, type NewMessage } from '../messages/messages.data.ts';
import { upsertVote } from '../messages/votes.data.ts';
import {
  type ConversationOutput,
  findImportedConversation,
  insertImportedConversation,
  lockConversation,
  selectConversation,
} from './conversations.data.ts';
import type { importConversationInput } from './conversations.schemas.ts';

export interface ImportResult {
  conversation: ConversationOutput;
  /** `created`: a new conversation; `existing`: imported before (or exported from this account), completed. */
  status: 'created' | 'existing';
  storedMessages: number;
  /** Messages it already had (by client id, or by id when it came from this account). */
  skippedMessages: number;
}

/** A message line and where it stood in the input. */
interface NumberedMessage extends MessageLine {
  line: number;
}

/** One conversation's lines of an export (an optional header, the conversation, its messages), checked. */
function parseConversation(ndjson: string): { conversation: ConversationLine; messages: NumberedMessage[] } {
  let conversation: ConversationLine | undefined;
  const messages: NumberedMessage[] = [];
  for (const { line, value } of readLines(ndjson)) {
    switch (value.type) {
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
      case 'project':
      case 'label':
      case 'task':
        throw lineError(
          line,
          `a ${value.type}; conversations.import takes one conversation and its messages (tasks.import takes projects, labels and tasks)`,
        );
      default:
        throw lineError(line, 'type must be header, conversation or message');
    }
  }
  if (!conversation) throw new DomainError('BAD_REQUEST', 'No conversation line');
  // Stored in the order they were written, whatever the order of the lines, each after its parent.
  messages.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  return { conversation, messages: parentsFirst(messages) };
}

/**
 * The messages with every one after its parent (when the parent is in the file), otherwise in
 * their order; a parent chain that loops back is refused (a tree has none).
 */
function parentsFirst(messages: NumberedMessage[]): NumberedMessage[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const placed = new Set<string>();
  const ordered: NumberedMessage[] = [];
  for (const message of messages) {
    // The chain of parents not placed yet, from this message up: placed from the top down.
    const chain: NumberedMessage[] = [];
    const onChain = new Set<string>();
    for (let next: NumberedMessage | undefined = message; next && !placed.has(next.id); ) {
      if (onChain.has(next.id)) throw lineError(next.line, 'its parents lead back to it');
      onChain.add(next.id);
      chain.push(next);
      next = next.parentId ? byId.get(next.parentId) : undefined;
    }
    for (const link of chain.reverse()) {
      placed.add(link.id);
      ordered.push(link);
    }
  }
  return ordered;
}

/**
 * `conversations.import`: one conversation of an export into the caller's account, in one
 * transaction: all of it or, on any error, nothing. Idempotent: the conversation is found again by
 * the id it had in the export (its client id here), its messages by their client ids (or ids), so
 * importing the same lines twice stores each message once. New rows get ids of their own: nothing
 * of another user's is ever touched, whatever the file says.
 *
 * So that imports cannot starve other users of the pool: one import of a user runs at a time (a
 * second is TOO_MANY_REQUESTS while the first holds its lock), a user may start so many a minute,
 * rows go in multi-row inserts, and every statement is bounded in time (past it, nothing is kept
 * and the answer is TOO_MANY_REQUESTS).
 */
export async function importConversation(
  ctx: Pick<SignedInContext, 'db' | 'userId' | 'imports' | 'conversations'>,
  input: z.output<typeof importConversationInput>,
): Promise<ImportResult> {
  return await runImport(ctx, async (tx) => {
    const { conversation, messages } = parseConversation(input.ndjson);
    return await importLines(tx, ctx, conversation, messages);
  });
}

/** Stores what the lines hold that the account does not have yet, under the caller's transaction. */
async function importLines(
  tx: Database,
  ctx: Pick<SignedInContext, 'userId' | 'conversations'>,
  conversation: ConversationLine,
  messages: NumberedMessage[],
): Promise<ImportResult> {
  const { userId } = ctx;
  const found = await findImportedConversation(tx, userId, conversation.id);
  if (found?.trashed) throw new DomainError('CONFLICT', 'This conversation is in your trash; restore it first');
  const locked = await lockConversation(tx, userId, found?.id ?? (await insertImported(tx, userId, conversation)));

  const keyOf = (message: MessageLine) => message.clientId ?? message.id;
  const keys = [...new Set(messages.flatMap((message) => [message.id, keyOf(message)]))];
  // What each key already stands for: a key names one message, so the same key with other
  // content is a CONFLICT (as for messages.append), not a silent skip.
  const seen = new Map<string, { id: string; role: string; content: string }>();
  for (const row of await findMessagesByKeys(tx, userId, locked.id, keys)) {
    seen.set(row.id, row);
    if (row.clientId) seen.set(row.clientId, row);
  }
  // Each message's id here, by its id in the export: its children's parent.
  const localIds = new Map<string, string>();
  const fresh: NewMessage[] = [];
  for (const message of messages) {
    const earlier = seen.get(message.id) ?? seen.get(keyOf(message));
    if (earlier) {
      if (earlier.role !== message.role || earlier.content !== message.content) {
        throw new DomainError('CONFLICT', `Line ${message.line}: this message was stored before with other content`);
      }
      localIds.set(message.id, earlier.id);
      continue;
    }
    const id = newId();
    localIds.set(message.id, id);
    seen.set(keyOf(message), { ...message, id });
    fresh.push({
      id,
      parentId: parentHere(message, localIds),
      role: message.role,
      content: message.content,
      clientId: keyOf(message),
      parts: message.parts ?? undefined,
      incomplete: message.incomplete,
      createdAt: new Date(message.createdAt),
    });
  }
  await appendMessages(tx, userId, locked, fresh, ctx.conversations.branchesPerMessage);
  await importVotes(tx, userId, locked.id, messages, localIds);
  const leafId = conversation.leafId && localIds.get(conversation.leafId);
  if (leafId) {
    // The export's leaf ends its branch there; anything stored below it since, the newest of that.
    await updateLeaf(tx, userId, locked.id, (await findBranchEnd(tx, userId, locked.id, leafId)) ?? leafId);
  }
  return {
    conversation: await selectConversation(tx, userId, locked.id),
    status: found ? 'existing' : 'created',
    storedMessages: fresh.length,
    skippedMessages: messages.length - fresh.length,
  };
}

/** A message's parent as stored here: undefined (a version 1 or 2 file: the one before), null, or its id here. */
function parentHere(message: NumberedMessage, localIds: Map<string, string>): string | null | undefined {
  if (message.parentId === undefined || message.parentId === null) return message.parentId;
  const parentId = localIds.get(message.parentId);
  if (!parentId) throw lineError(message.line, 'its parent is not a message of this conversation');
  return parentId;
}

/** The votes of a version 3 file on their answers, replacing the account's own on the same answers. */
async function importVotes(
  tx: Database,
  userId: string,
  conversationId: string,
  messages: NumberedMessage[],
  localIds: Map<string, string>,
): Promise<void> {
  for (const message of messages) {
    const messageId = localIds.get(message.id);
    if (!message.vote || !messageId) continue;
    if (message.role !== 'assistant') throw lineError(message.line, 'a vote on a message that is not an answer');
    await upsertVote(tx, userId, { conversationId, messageId, ...message.vote });
  }
}

async function insertImported(db: Database, userId: string, conversation: ConversationLine): Promise<string> {
  try {
    return await insertImportedConversation(db, userId, {
      ...conversation,
      createdAt: new Date(conversation.createdAt),
    });
  } catch (error) {
    // The same conversation imported by a racing call: this one stores nothing.
    if (isUniqueViolation(error, 'conversations_user_client_id_unique')) {
      throw new DomainError('CONFLICT', 'This conversation is being imported by another call; try again');
    }
    throw error;
  }
}
