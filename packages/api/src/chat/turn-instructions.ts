import { DateTime } from 'luxon';
import type { UserScope } from '../context.ts';
import { selectLabelNamesOf } from '../labels/labels.data.ts';
import type { TurnFacts } from './tools/tool-scope.ts';

/** Names of projects and of labels the prompt lists at most, each (the caps allow hundreds). */
export const PROMPT_NAMES = 50;

/** "a, b, c" and how many more there are past `PROMPT_NAMES`. */
function nameList(names: string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, PROMPT_NAMES).join(', ');
  return names.length > PROMPT_NAMES ? `${shown} and ${names.length - PROMPT_NAMES} more` : shown;
}

/**
 * A turn's system prompt: the configured instructions, then what a model cannot know on its
 * own: the date and time now in the user's time zone (so it can read "tomorrow" or "Friday"), and
 * the user's projects (not archived) and labels by name, bounded.
 */
export async function turnInstructions(
  ctx: UserScope,
  facts: TurnFacts,
  instructions: string,
  now = new Date(),
): Promise<string> {
  const labels = await selectLabelNamesOf(ctx.db, ctx.userId);
  const { zone } = facts;
  const projects = facts.projects.filter((project) => !project.archived);
  const local = DateTime.fromJSDate(now, { zone });
  return [
    instructions,
    '',
    `Now: ${local.toFormat('cccc d LLLL yyyy, HH:mm')} in the user's time zone (${zone}, UTC${local.toFormat('ZZ')}).`,
    `The user's projects: ${nameList(projects.map((project) => project.name))}.`,
    `The user's labels: ${nameList(labels)}.`,
  ].join('\n');
}
