import type { MessagePart, TurnProgress } from '@taskchat/client';

/**
 * An answer while it is being written: the parts it has so far, built from the turn's progress
 * events exactly as the server builds the stored message's parts.
 */
export function withProgress(parts: MessagePart[], event: TurnProgress): MessagePart[] {
  if (event.type !== 'text-delta') return [...parts, event];
  const last = parts.at(-1);
  if (last?.type === 'text') return [...parts.slice(0, -1), { type: 'text', text: last.text + event.text }];
  return [...parts, { type: 'text', text: event.text }];
}
