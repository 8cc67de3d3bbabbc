import { keepPreviousData, useQueries } from '@tanstack/react-query';
import type { TaskEffect } from '@taskchat/client';
import { useTRPC } from '../trpc.ts';
import { changesTasks } from './display-parts.ts';
import type { StoredMessage } from './use-chat-turn.ts';

/** Most messages one `chat.effects` call takes. */
const EFFECTS_BATCH = 100;

/**
 * What each shown answer that touched tasks did, as recorded (`chat.effects`): whether its
 * changes were undone, here or elsewhere. Asked in fixed batches of the messages in order, so a
 * new answer asks again only for the last batch (showing the previous answer meanwhile). A message
 * is in the map once its batch answered (with no effects when it has none recorded).
 */
export function useTurnEffects(messages: StoredMessage[]): Map<string, TaskEffect[]> {
  const trpc = useTRPC();
  const ids = messages
    .filter((message) => message.role === 'assistant' && changesTasks(message.parts))
    .map((m) => m.id);
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += EFFECTS_BATCH) batches.push(ids.slice(start, start + EFFECTS_BATCH));
  const answers = useQueries({
    queries: batches.map((messageIds) =>
      trpc.chat.effects.queryOptions({ messageIds }, { placeholderData: keepPreviousData }),
    ),
  });
  const effects = new Map<string, TaskEffect[]>();
  answers.forEach((answer, index) => {
    if (!answer.data || answer.isPlaceholderData) {
      // The previous answer of a batch that grew: what it knew still holds.
      for (const { messageId, effects: recorded } of answer.data ?? []) effects.set(messageId, recorded);
      return;
    }
    for (const messageId of batches[index] ?? []) effects.set(messageId, []);
    for (const { messageId, effects: recorded } of answer.data) effects.set(messageId, recorded);
  });
  return effects;
}
