import { taskDescriptionSchema, taskTitleSchema } from '@taskchat/db';
import { tool, zodSchema } from 'ai';
import { z } from 'zod';
import type { TaskScope } from '../context.ts';
import { completeTask } from '../tasks/complete-task.ts';
import { createTask } from '../tasks/create-task.ts';
import { deleteTask } from '../tasks/delete-task.ts';
import { listTasks } from '../tasks/list-tasks.ts';
import { reopenTask } from '../tasks/reopen-task.ts';
import { updateTask } from '../tasks/update-task.ts';
import type { TaskEffect } from './chat-events.ts';

const LIST_LIMIT = 100;

const taskId = z.uuid().describe('The id of the task, from list_tasks');

/**
 * The tools' input schemas, made once: the SDK turns each into JSON Schema for every model call,
 * and caches the result on the schema object (per turn, that conversion was 9% of a turn's CPU).
 */
const inputs = {
  addTask: zodSchema(z.object({ title: taskTitleSchema, description: taskDescriptionSchema.optional() })),
  selectTaskPage: zodSchema(z.object({ status: z.enum(['open', 'done', 'all']).default('open') })),
  taskId: zodSchema(z.object({ taskId })),
  updateTaskFields: zodSchema(
    z.object({
      taskId,
      title: taskTitleSchema.optional(),
      description: taskDescriptionSchema.nullable().optional(),
      completed: z.boolean().optional(),
    }),
  ),
};

/**
 * The assistant's tools: the tasks domain functions, bound to the caller by construction. No tool
 * takes a user id, so nothing a model writes can reach another user's tasks: their ids are as
 * unknown here as missing ones. Every change is recorded in `effects` for the turn's audit trail.
 */
export function taskTools(ctx: TaskScope, effects: TaskEffect[]) {
  /** Records what a tool did to a task, and hands the task back. */
  const changed = <T extends { id: string; title: string }>(action: TaskEffect['action'], task: T): T => {
    effects.push({ taskId: task.id, action, taskTitle: task.title });
    return task;
  };
  return {
    add_task: tool({
      description: 'Add a task to the todo list.',
      inputSchema: inputs.addTask,
      execute: async ({ title, description }) => {
        const task = changed('add', await createTask(ctx, { title, description }));
        return { id: task.id, title: task.title };
      },
    }),
    list_tasks: tool({
      description: `List the tasks, newest first (at most ${LIST_LIMIT}), numbered as shown to the user.`,
      inputSchema: inputs.selectTaskPage,
      execute: async ({ status }) => {
        // Open tasks: the `all` view (newest first) without the completed ones.
        const view = status === 'done' ? 'done' : 'all';
        const page = await listTasks(ctx, { view, openOnly: status === 'open', limit: LIST_LIMIT });
        return {
          tasks: page.items.map((task, index) => ({
            number: index + 1,
            id: task.id,
            title: task.title,
            completed: task.completed,
          })),
        };
      },
    }),
    complete_task: tool({
      description: 'Mark a task as done.',
      inputSchema: inputs.taskId,
      execute: async ({ taskId }) => {
        const task = changed('complete', await completeTask(ctx, { id: taskId }));
        return { id: task.id, title: task.title, completed: task.completed };
      },
    }),
    update_task: tool({
      description: "Change a task's title, description or done state.",
      inputSchema: inputs.updateTaskFields,
      execute: async ({ taskId, completed, ...changes }) => {
        const edits = Object.values(changes).some((value) => value !== undefined);
        let task = edits ? await updateTask(ctx, { id: taskId, ...changes }) : undefined;
        if (completed === true) task = await completeTask(ctx, { id: taskId });
        if (completed === false) task = await reopenTask(ctx, { id: taskId });
        task = changed('update', task ?? (await updateTask(ctx, { id: taskId, ...changes })));
        return { id: task.id, title: task.title, description: task.description, completed: task.completed };
      },
    }),
    delete_task: tool({
      description: 'Delete a task for good.',
      inputSchema: inputs.taskId,
      execute: async ({ taskId }) => {
        const task = changed('delete', await deleteTask(ctx, { id: taskId }));
        return { id: task.id, title: task.title, deleted: true };
      },
    }),
  };
}
