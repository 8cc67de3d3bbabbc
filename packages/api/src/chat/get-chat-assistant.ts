import type { SignedInContext } from '../context.ts';
import type { AssistantInfo } from './chat-settings.ts';

/** `chat.assistant`: which assistant answers this server's turns (the offline one, or a model's name and host; never a key). */
export function getChatAssistant(ctx: Pick<SignedInContext, 'chat'>): AssistantInfo {
  return { ...ctx.chat.assistant };
}
