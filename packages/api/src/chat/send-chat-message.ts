import { type ChatTurnStatus, limits, type MessagePart } from '@taskchat/db';
import { stepCountIs, streamText, type TelemetryOptions } from 'ai';
import type { z } from 'zod';
import type { SignedInContext } from '../context.ts';
import { assertConversationExists, insertConversation, lockConversation } from '../conversations/conversations.data.ts';
import { type Database, inTransaction, isUniqueViolation } from '../database.ts';
import { DomainError, notFound } from '../errors.ts';
import { appendMessage } from '../messages/append-message.ts';
import { countChildren } from '../messages/branch.data.ts';
import { appendToConversation, getMessage, type MessageOutput } from '../messages/messages.data.ts';
import { chatTurnMetrics } from '../metrics/chat-turn-metrics.ts';
import { observedModel } from '../metrics/model-call-metrics.ts';
import { consumeRateLimit } from '../rate-limits/rate-limit.data.ts';
import type { RegenerateChatInput, SendChatInput } from './chat.schemas.ts';
import { ChatEventQueue } from './chat-event-queue.ts';
import type { ChatErrorCode, ChatEvent, TaskEffect, TurnProgress } from './chat-events.ts';
import { modelNameOf } from './chat-settings.ts';
import { type ChatTurnRow, findTurn, finishTurn, insertRunningTurn, settleRunningTurns } from './chat-turns.data.ts';
import { readHistory } from './history.data.ts';
import { insertTaskEffects, listTaskEffects, publicEffect, type RecordedEffect } from './task-effects.data.ts';
import { taskTools } from './task-tools.ts';
import { assertUnderTokenQuota } from './token-quota.ts';
import { loadTurnFacts } from './tools/tool-scope.ts';
import { TurnEventLog } from './turn-event-log.ts';
import { turnInstructions } from './turn-instructions.ts';
import { traceTurn } from './turn-spans.ts';
import { addStepUsage, NO_TOKENS } from './turn-usage.ts';

type Json = z.infer<ReturnType<typeof z.json>>;

/** What a chat turn needs: the caller, the database, the assistant's settings, the log and the process's turns. */
export type ChatContext = Pick<
  SignedInContext,
  'db' | 'userId' | 'chat' | 'conversations' | 'logger' | 'runningTurns' | 'tasks'
>;

const ERROR_MESSAGES: Record<ChatErrorCode, string> = {
  MODEL_ERROR: 'The assistant failed to answer; your message is saved.',
  MODEL_TIMEOUT: 'The assistant took too long to answer; your message is saved.',
  TURN_IN_PROGRESS: 'This turn (or another one in this conversation) is still running; try again when it ends.',
};
const errorEvent = (code: ChatErrorCode): ChatEvent => ({ type: 'error', code, message: ERROR_MESSAGES[code] });

type Start =
  | { kind: 'replay'; events: ChatEvent[] }
  | { kind: 'busy' }
  | {
      kind: 'started';
      turnId: string;
      conversationId: string;
      /** The message the turn answers: stored by this call (`chat.send`), or an earlier one (`chat.regenerate`). */
      userMessage: MessageOutput;
      stored: boolean;
      startedAt: number;
    };

/** What a finished turn answered, sent again to a retry with its clientId. */
async function replay(
  db: Database,
  userId: string,
  turn: {
    conversationId: string;
    status: ChatTurnStatus;
    userMessageId: string;
    assistantMessageId: string | null;
    errorCode: ChatErrorCode | null;
  },
): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  const userMessage = await getMessage(db, userId, turn.userMessageId);
  if (userMessage) events.push({ type: 'user-message', conversationId: turn.conversationId, message: userMessage });
  const assistant = turn.assistantMessageId ? await getMessage(db, userId, turn.assistantMessageId) : undefined;
  if (assistant) {
    events.push({
      type: 'assistant-message',
      message: assistant,
      effects: await listTaskEffects(db, userId, assistant.id),
    });
  }
  if (turn.errorCode) events.push(errorEvent(turn.errorCode));
  // Still marked running but past its time: its process died before it could say so.
  else if (turn.status === 'running') events.push(errorEvent('MODEL_TIMEOUT'));
  return events;
}

/**
 * Locks the conversation and admits a turn into it: false when another turn still runs there;
 * TOO_MANY_REQUESTS past the user's token quota or turn rate (nothing is counted then).
 */
async function admitTurn(tx: Database, ctx: ChatContext, conversationId: string): Promise<boolean> {
  const { userId } = ctx;
  await lockConversation(tx, userId, conversationId);
  if (await settleRunningTurns(tx, userId, conversationId)) return false;
  await assertUnderTokenQuota(tx, userId, ctx.chat.tokensPerDay);
  // Only a turn that runs counts: a replay or a refusal costs the model nothing.
  await consumeRateLimit(
    tx,
    `chat:${userId}`,
    [
      { windowMs: 60_000, max: ctx.chat.turnsPerMinute },
      { windowMs: 86_400_000, max: ctx.chat.turnsPerDay },
    ],
    'Too many chat turns; try again later',
  );
  return true;
}

/** Registers the admitted turn as running, answering `userMessage`. */
async function registerTurn(
  tx: Database,
  ctx: ChatContext,
  clientId: string,
  userMessage: MessageOutput,
  stored: boolean,
  startedAt: number,
): Promise<Start> {
  const { conversationId } = userMessage;
  const turnId = await insertRunningTurn(tx, ctx.userId, {
    conversationId,
    clientId,
    userMessageId: userMessage.id,
    // A turn past its timeout plus a margin for storing its answer was abandoned.
    runsForMs: ctx.chat.timeoutMs + 30_000,
  });
  return { kind: 'started', turnId, conversationId, userMessage, stored, startedAt };
}

/** Starts a turn in one transaction: `start` stores what it asks, or finds an earlier turn of its clientId. */
async function startTurn(ctx: ChatContext, start: (tx: Database, startedAt: number) => Promise<Start>): Promise<Start> {
  // A turn's latency counts from here (performance.now: a clock that never jumps).
  const startedAt = performance.now();
  try {
    return await inTransaction(ctx.db, (tx) => start(tx, startedAt));
  } catch (error) {
    // The same clientId sent twice at once without a conversation: the other call runs it.
    if (isUniqueViolation(error, 'chat_turns_user_client_id_unique')) return { kind: 'busy' };
    chatTurnMetrics.refused(error);
    throw error;
  }
}

/** A finished turn of this clientId is replayed; a running one is busy. */
async function replayOrBusy(tx: Database, userId: string, earlier: ChatTurnRow): Promise<Start> {
  if (earlier.live) return { kind: 'busy' };
  return { kind: 'replay', events: await replay(tx, userId, earlier) };
}

const reusedClientId = () => new DomainError('CONFLICT', 'This clientId was already used for another turn');

/**
 * `chat.send`'s start: stores the user message (after `parentId`, or the current leaf) and
 * registers the turn as running, in one transaction under the conversation's row lock, so a
 * conversation runs one turn at a time and a clientId runs once.
 */
function sendStart(ctx: ChatContext, input: SendChatInput) {
  const { userId } = ctx;
  return async (tx: Database, startedAt: number): Promise<Start> => {
    const earlier = await findTurn(tx, userId, input.clientId);
    if (earlier) {
      // A turn of a conversation in the trash is as gone as the conversation.
      await assertConversationExists(tx, userId, earlier.conversationId);
      const question = await getMessage(tx, userId, earlier.userMessageId);
      const sameRequest =
        (!input.conversationId || earlier.conversationId === input.conversationId) &&
        question?.content === input.content &&
        (input.parentId === undefined || question.parentId === input.parentId);
      if (!sameRequest) throw reusedClientId();
      return await replayOrBusy(tx, userId, earlier);
    }
    const conversationId = input.conversationId ?? (await insertConversation(tx, userId, {})).id;
    if (!(await admitTurn(tx, ctx, conversationId))) return { kind: 'busy' };
    const { message } = await appendMessage(
      { db: tx, userId },
      { conversationId, role: 'user', content: input.content, clientId: input.clientId, parentId: input.parentId },
      { branchesPerMessage: ctx.conversations.branchesPerMessage },
    );
    return await registerTurn(tx, ctx, input.clientId, message, true, startedAt);
  };
}

/**
 * `chat.regenerate`'s start: a new turn answering the question an answer answered, its answer a
 * sibling of the old one (which stays, as do the task changes it made).
 */
function regenerateStart(ctx: ChatContext, input: RegenerateChatInput) {
  const { userId } = ctx;
  return async (tx: Database, startedAt: number): Promise<Start> => {
    const answer = await getMessage(tx, userId, input.messageId);
    if (!answer) throw notFound('Message');
    // An answer in a conversation in the trash is as gone as the conversation.
    await assertConversationExists(tx, userId, answer.conversationId);
    const earlier = await findTurn(tx, userId, input.clientId);
    if (earlier) {
      if (earlier.userMessageId !== answer.parentId) throw reusedClientId();
      return await replayOrBusy(tx, userId, earlier);
    }
    const question = answer.parentId ? await getMessage(tx, userId, answer.parentId) : undefined;
    if (answer.role !== 'assistant' || question?.role !== 'user') {
      throw new DomainError('BAD_REQUEST', 'Only an answer to a user message can be regenerated');
    }
    if (!(await admitTurn(tx, ctx, answer.conversationId))) return { kind: 'busy' };
    const { branchesPerMessage } = ctx.conversations;
    if ((await countChildren(tx, userId, question.id)) >= branchesPerMessage) {
      throw new DomainError('BAD_REQUEST', `A message can be followed by at most ${branchesPerMessage} branches`);
    }
    return await registerTurn(tx, ctx, input.clientId, question, false, startedAt);
  };
}

/**
 * What the client, the stored parts and the model learn of a failed tool call: a domain error's
 * message ("Task not found") or the SDK's own (unknown tool, invalid input, which arrive as text);
 * anything else is unexpected, logged, and only "The tool failed".
 */
function toolErrorText(ctx: ChatContext, error: unknown): string {
  if (error instanceof DomainError) return error.message;
  if (typeof error === 'string') return error;
  ctx.logger.error({ err: error }, 'a chat tool failed');
  return 'The tool failed';
}

/** The answer's text within the column's limit. */
function clip(text: string): string {
  const codePoints = [...text];
  return codePoints.length <= limits.messageContent
    ? text
    : `${codePoints.slice(0, limits.messageContent - 1).join('')}…`;
}

/** An answer that only used tools still says what it did. */
function summarise(effects: TaskEffect[], parts: MessagePart[]): string {
  const verbs = {
    add: 'Added',
    update: 'Updated',
    complete: 'Completed',
    delete: 'Deleted',
    move: 'Moved',
    reopen: 'Reopened',
    restore: 'Restored',
  } as const;
  if (effects.length) {
    return effects.map((effect) => `${effect.change ?? `${verbs[effect.action]} “${effect.taskTitle}”`}.`).join(' ');
  }
  const tools = [...new Set(parts.flatMap((part) => (part.type === 'tool-call' ? [part.toolName] : [])))];
  return tools.length ? `Used ${tools.join(', ')}.` : 'I have no answer to that.';
}

/**
 * Runs the model with the task tools on the conversation's history, emitting events as they
 * happen, then stores the assistant's message with its parts and task effects and closes the turn.
 * When the model fails or times out, what it said and did before is stored, marked incomplete.
 * Resolves to the turn's error code (null when it answered).
 */
async function runTurn(
  ctx: ChatContext,
  turn: { turnId: string; conversationId: string; userMessage: MessageOutput; startedAt: number },
  emit: (event: ChatEvent) => void,
  telemetry: TelemetryOptions,
): Promise<ChatErrorCode | null> {
  const { userId } = ctx;
  const effects: RecordedEffect[] = [];
  const parts: MessagePart[] = [];
  let text = '';
  let tokens = NO_TOKENS;
  let errorCode: ChatErrorCode | null = null;
  const followers = new TurnEventLog(ctx.db, userId, turn, ctx.logger);
  const progress = (event: TurnProgress) => {
    emit(event);
    followers.record(event);
  };
  try {
    // Read once for the prompt and every tool call of the turn.
    const facts = await loadTurnFacts(ctx);
    const result = streamText({
      model: observedModel(ctx.chat.model),
      instructions: await turnInstructions(ctx, facts, ctx.chat.instructions),
      messages: await readHistory(
        ctx.db,
        userId,
        { conversationId: turn.conversationId, messageId: turn.userMessage.id },
        ctx.chat.historyChars,
      ),
      tools: taskTools(ctx, { conversationId: turn.conversationId, facts, effects }),
      stopWhen: stepCountIs(ctx.chat.maxSteps),
      timeout: ctx.chat.timeoutMs,
      // A shutdown that cannot wait any longer ends the turn as timed out (its partial answer stored).
      abortSignal: ctx.runningTurns.signal,
      onError: () => {}, // errors arrive as stream parts below
      telemetry, // the turn's model and tool spans (turn-spans.ts)
    });
    for await (const part of result.stream) {
      if (part.type === 'text-delta') {
        text += part.text;
        const previous = parts.at(-1);
        if (previous?.type === 'text') previous.text += part.text;
        else parts.push({ type: 'text', text: part.text });
        progress({ type: 'text-delta', text: part.text });
      } else if (part.type === 'tool-call') {
        const event = { toolCallId: part.toolCallId, toolName: part.toolName, input: part.input as Json };
        parts.push({ type: 'tool-call', ...event });
        progress({ type: 'tool-call', ...event });
      } else if (part.type === 'tool-result') {
        const event = { toolCallId: part.toolCallId, toolName: part.toolName, output: part.output as Json };
        parts.push({ type: 'tool-result', ...event });
        progress({ type: 'tool-result', ...event });
      } else if (part.type === 'tool-error') {
        const event = { toolCallId: part.toolCallId, toolName: part.toolName, error: toolErrorText(ctx, part.error) };
        parts.push({ type: 'tool-error', ...event });
        progress({ type: 'tool-error', ...event });
      } else if (part.type === 'finish-step') {
        tokens = addStepUsage(tokens, part.usage);
      } else if (part.type === 'error') {
        errorCode = 'MODEL_ERROR';
        ctx.logger.error({ err: part.error, conversationId: turn.conversationId }, 'the model failed');
      } else if (part.type === 'abort') {
        errorCode = 'MODEL_TIMEOUT';
      }
    }
  } catch (error) {
    errorCode = 'MODEL_ERROR';
    ctx.logger.error({ err: error, conversationId: turn.conversationId }, 'the model failed');
  }

  await followers.close();
  const answered = text.trim() !== '' || parts.length > 0;
  const stored = await inTransaction(ctx.db, async (tx) => {
    let message: MessageOutput | null = null;
    if (answered || !errorCode) {
      // A conversation moved to the trash while its turn ran still gets the answer (hidden until a
      // restore), so the tasks the turn changed stay explained.
      const appended = await appendToConversation(
        tx,
        userId,
        turn.conversationId,
        [
          {
            // On the branch of the question it answers, wherever the leaf moved meanwhile.
            parentId: turn.userMessage.id,
            role: 'assistant',
            content: clip(text.trim() || summarise(effects, parts)),
            clientId: null,
            parts,
            incomplete: errorCode !== null,
          },
        ],
        { includingTrash: true },
      );
      if (!appended) throw notFound('Conversation');
      [message = null] = appended.messages;
      if (message) await insertTaskEffects(tx, userId, message.id, effects);
    }
    const latencyMs = Math.round(performance.now() - turn.startedAt);
    const usage = { model: modelNameOf(ctx.chat), ...tokens, latencyMs };
    await finishTurn(tx, userId, turn.turnId, { assistantMessageId: message?.id ?? null, errorCode, usage });
    return message;
  });
  chatTurnMetrics.ran(errorCode, ctx.runningTurns.signal);
  if (stored) emit({ type: 'assistant-message', message: stored, effects: effects.map(publicEffect) });
  if (errorCode) emit(errorEvent(errorCode));
  return errorCode;
}

/**
 * `chat.send`: one stateless turn. Stores the user message (a new conversation without
 * `conversationId`; after `parentId` when given, so an edit is a new branch beside the old one),
 * then returns the turn's events as they happen. The turn runs on its own: a reader that goes away
 * does not stop it, and its outcome is stored either way. The same clientId again replays a
 * finished turn and never runs the model or a tool twice; while the turn (or any turn of the
 * conversation) still runs, the answer is a TURN_IN_PROGRESS error event. NOT_FOUND when the
 * conversation (or the parent) is not the user's; CONFLICT when the clientId names another turn;
 * TOO_MANY_REQUESTS past the user's quota, BAD_REQUEST past the branches a message may have
 * (nothing is stored then).
 */
export async function sendChatMessage(ctx: ChatContext, input: SendChatInput): Promise<AsyncIterable<ChatEvent>> {
  return await runStartedTurn(ctx, await startTurn(ctx, sendStart(ctx, input)));
}

/**
 * `chat.regenerate`: `chat.send` again for the question `messageId` answered, on the history of
 * that question's branch; the new answer is a sibling of the old one and becomes the leaf. Its
 * events are `chat.send`'s without the user message. NOT_FOUND when the message is not the
 * user's; BAD_REQUEST when it is not an answer to a user message, or past the branches a message
 * may have.
 */
export async function regenerateChatAnswer(
  ctx: ChatContext,
  input: RegenerateChatInput,
): Promise<AsyncIterable<ChatEvent>> {
  return await runStartedTurn(ctx, await startTurn(ctx, regenerateStart(ctx, input)));
}

/** Runs a started turn on its own, returning its events as they happen (or what a replay or a busy conversation answers). */
async function runStartedTurn(ctx: ChatContext, start: Start): Promise<AsyncIterable<ChatEvent>> {
  const { userId } = ctx;
  if (start.kind !== 'started') chatTurnMetrics.ended(start.kind === 'replay' ? 'replayed' : 'busy');
  if (start.kind === 'replay') return toAsyncIterable(start.events);
  if (start.kind === 'busy') return toAsyncIterable([errorEvent('TURN_IN_PROGRESS')]);

  const events = new ChatEventQueue();
  if (start.stored) {
    events.push({ type: 'user-message', conversationId: start.conversationId, message: start.userMessage });
  }
  const turn = traceTurn(modelNameOf(ctx.chat), (telemetry) =>
    runTurn(ctx, start, (event) => events.push(event), telemetry),
  )
    .catch(async (error) => {
      ctx.logger.error({ err: error, conversationId: start.conversationId }, 'storing a chat turn failed');
      // The turn must not keep its conversation busy until it expires.
      await finishTurn(ctx.db, userId, start.turnId, {
        assistantMessageId: null,
        errorCode: 'MODEL_ERROR',
        usage: null,
      }).catch(() => {});
      chatTurnMetrics.ran('MODEL_ERROR', ctx.runningTurns.signal);
      events.push(errorEvent('MODEL_ERROR'));
    })
    .finally(() => events.close());
  ctx.runningTurns.track(turn);
  return events;
}

async function* toAsyncIterable(events: ChatEvent[]): AsyncIterable<ChatEvent> {
  yield* events;
}
