import { useQueryClient } from '@tanstack/react-query';
import type { MessagePart, RouterOutputs } from '@taskchat/client';
import { useCallback, useRef, useState } from 'react';
import { errorText } from '../errors/error-text.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';
import { newClientId } from './client-id.ts';
import { withProgress } from './draft.ts';

export type Message = RouterOutputs['messages']['list']['items'][number];

/** The turn this tab sent last: what `chat.send` has streamed back so far. */
export interface Turn {
  /** The conversation it was sent in; null for a first message (a new chat). */
  sentFrom: string | null;
  /** Null until the server names the conversation a first message starts. */
  conversationId: string | null;
  /** What the user wrote, shown until the server sends it back stored. */
  content: string;
  /** The stored messages it sent back: the user's, then the assistant's. */
  messages: Message[];
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
 * `send` runs one chat turn and streams its events into `turn`. `onConversation` hears the id of a
 * conversation the turn started.
 */
export function useChatTurn(onConversation: (conversationId: string) => void) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [turn, setTurn] = useState<Turn | null>(null);
  const running = useRef(false);

  const run = useCallback(
    async (conversationId: string | null, content: string, clientId: string) => {
      if (running.current) return;
      running.current = true;
      const update = (change: (turn: Turn) => Partial<Turn>) =>
        setTurn((current) => current && { ...current, ...change(current) });
      setTurn({
        sentFrom: conversationId,
        conversationId,
        content,
        messages: [],
        draft: null,
        running: true,
        error: null,
        retry: null,
      });
      let failed = false;
      try {
        const events = await client.chat.send.mutate({
          conversationId: conversationId ?? undefined,
          content,
          clientId,
        });
        for await (const event of events) {
          if (event.type === 'user-message') {
            update(() => ({ conversationId: event.conversationId, messages: [event.message], draft: [] }));
            if (!conversationId) onConversation(event.conversationId);
          } else if (event.type === 'assistant-message') {
            update((turn) => ({ messages: [...turn.messages, event.message], draft: null }));
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
          retry: failed ? () => void run(turn.conversationId ?? conversationId, content, clientId) : null,
        }));
      }
    },
    [client, queryClient, trpc, onConversation],
  );

  const send = useCallback(
    (conversationId: string | null, content: string) => run(conversationId, content, newClientId()),
    [run],
  );
  return { turn, send };
}
