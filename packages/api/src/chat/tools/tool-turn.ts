import type { TaskScope } from '../../context.ts';
import type { RecordedEffect } from '../task-effects.data.ts';
import type { TurnFacts } from './tool-scope.ts';

/**
 * What the tools of one turn share: the caller, the conversation, and where each change is
 * recorded. An MCP request is a turn without a conversation (null).
 */
export interface ToolTurn {
  ctx: TaskScope;
  conversationId: string | null;
  /** The user's zone and projects as the turn began. */
  facts: TurnFacts;
  /** Records a change the turn made (stored with the assistant's message). */
  record(effect: RecordedEffect): void;
}
