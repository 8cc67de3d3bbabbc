import type { z } from 'zod';
import type { UserScope } from '../context.ts';
import { inTransaction } from '../database.ts';
import { parseTaskText } from '../task-text/parse-task-text.ts';
import type { ParsedTaskText } from '../task-text/task-text-types.ts';
import { selectProjectNames } from './task-positions.data.ts';
import { selectTimeZone } from './tasks.data.ts';
import type { taskTextInput } from './tasks.schemas.ts';

/** `tasks.parse`: what quick add would read in the text, in the caller's zone and with their project names. */
export async function parseTask(ctx: UserScope, input: z.output<typeof taskTextInput>): Promise<ParsedTaskText> {
  return await inTransaction(ctx.db, async (tx) => {
    const timeZone = await selectTimeZone(tx, ctx.userId);
    const projects = await selectProjectNames(tx, ctx.userId);
    return parseTaskText(input.text, { timeZone, now: new Date(), projects: projects.map((project) => project.name) });
  });
}
