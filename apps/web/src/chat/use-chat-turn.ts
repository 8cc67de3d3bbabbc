import { useQueryClient } from '@tanstack/react-query';
import type { MessagePart, RouterOutputs } from '@taskchat/client';
import { useCallback, useRef, useState } from 'react';
import { errorText } from '../errors/error-text.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';
import { newClientId } from './client-id.ts';
import { arrived } from './current-branch.ts';
import { withProgress } from './draft.ts';

/** A message as `messages.list` gives it: with its siblings and the reader's vote. */
export type Message = RouterOutputs['messages']['list']['items'][number];
/** A message as a turn or the live stream brings it: without them (the next list read has them). */
export type StoredMessage = Omit<Message, 'siblings' | 'vote'> & Partial<Pick<Message, 'siblings' | 'vote'>>;

/** Where a turn's first new message goes: after the current branch (a message sent), or after a given message. */
export type TurnStart =
  | { kind: 'send'; content: string; parentId?: string | null }
  /** An answer given again: a sibling of it, after the question it answered. */
  | { kind: 'regenerate'; answer: StoredMessage };

/** The turn this tab sent last: what `chat.send` has streamed back so far. */
export interface Turn {
  /** The conversation it was sent in; null for a first message (a new chat). */
  sentFrom: string | null;
  /** Null until the server names the conversation a first message starts. */
  conversationId: string | null;
  /** What the user wrote, shown until the server sends it back stored; null when an answer is regenerated. */
  content: string | null;
  /**
   * The message the turn's first new message follows, when it is not the end of the branch (an
   * edit's parent, a regenerated answer's question; null: a first message): what comes after it
   * is not shown while the turn runs. Undefined: the end of the branch.
   */
  after?: string | null;
  /** The stored messages it sent back: the user's (unless regenerated), then the assistant's. */
  messages: StoredMessage[];
  /** The answer while it is written; null before it starts and once it is stored. */
  draft: MessagePart[] | null;
  running: boolean;
  error: string | null;
  /**
   * Sends the same turn again (same clientId: the server never runs it twice), after a lost
   * connection or while another of the conversation's turns was running.
   */
  retry: (() => void) | null;
}

/**
 * `send` runs one chat turn (a message, an edit: a message after an earlier one, or a regenerated
 * answer) and streams its events into `turn`. `onConversation` hears the id of a conversation the
 * turn started.
 */
export function useChatTurn(onConversation: (conversationId: string) => void) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [turn, setTurn] = useState<Turn | null>(null);
  const running = useRef(false);

  const run = useCallback(
    async (conversationId: string | null, start: TurnStart, clientId: string) => {
      if (running.current) return;
      running.current = true;
      const update = (change: (turn: Turn) => Partial<Turn>) =>
        setTurn((current) => current && { ...current, ...change(current) });
      const regenerating = start.kind === 'regenerate';
      setTurn({
        sentFrom: conversationId,
        conversationId,
        content: regenerating ? null : start.content,
        after: regenerating ? start.answer.parentId : start.parentId,
        messages: [],
        // A regenerated answer is written from the start: nothing is sent first.
        draft: regenerating ? [] : null,
        running: true,
        error: null,
        retry: null,
      });
      let failed = false;
      try {
        const events = regenerating
          ? await client.chat.regenerate.mutate({ messageId: start.answer.id, clientId })
          : await client.chat.send.mutate({
              conversationId: conversationId ?? undefined,
              content: start.content,
              clientId,
              parentId: start.parentId,
            });
        for await (const event of events) {
          if (event.type === 'user-message') {
            update(() => ({ conversationId: event.conversationId, messages: [arrived(event.message)], draft: [] }));
            if (!conversationId) onConversation(event.conversationId);
          } else if (event.type === 'assistant-message') {
            update((turn) => ({ messages: [...turn.messages, arrived(event.message)], draft: null }));
            // The answer's siblings (a regenerated one's "2 / 2") come with the branch's next read.
            if (conversationId) void queryClient.invalidateQueries(trpc.messages.list.pathFilter());
          } else if (event.type === 'error') {
            // A model's failure is the turn's answer; a turn already running can be waited for.
            failed = event.code === 'TURN_IN_PROGRESS';
            update(() => ({ draft: null, error: event.message }));
          } else {
            update((turn) => ({ draft: withProgress(turn.draft ?? [], event) }));
            // The assistant changed a task: the task list is out of date.
            if (event.type === 'tool-result') void queryClient.invalidateQueries(trpc.tasks.pathFilter());
          }
        }
      } catch (error) {
        failed = true;
        update(() => ({ draft: null, error: errorText(error) }));
      } finally {
        running.current = false;
        update((turn) => ({
          running: false,
          retry: failed ? () => void run(turn.conversationId ?? conversationId, start, clientId) : null,
        }));
      }
    },
    [client, queryClient, trpc, onConversation],
  );

  const send = useCallback(
    (conversationId: string | null, start: TurnStart) => run(conversationId, start, newClientId()),
    [run],
  );
  return { turn, send };
}
