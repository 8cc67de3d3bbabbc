import { protectedProcedure, router } from '../trpc.ts';
import { completeTask } from './complete-task.ts';
import { createTask } from './create-task.ts';
import { deleteTask } from './delete-task.ts';
import { importTasks } from './import-tasks.ts';
import { listTaskTrash } from './list-task-trash.ts';
import { listTasks } from './list-tasks.ts';
import { moveTask } from './move-task.ts';
import { parseTask } from './parse-task.ts';
import { purgeTask } from './purge-task.ts';
import { quickAddTask } from './quick-add-task.ts';
import { reopenTask } from './reopen-task.ts';
import { restoreTask } from './restore-task.ts';
import { searchTasks } from './search-tasks.ts';
import {
  createTaskInput,
  importTasksInput,
  listTasksInput,
  listTaskTrashInput,
  moveTaskInput,
  quickAddInput,
  searchTasksInput,
  taskIdInput,
  taskTextInput,
  updateTaskInput,
} from './tasks.schemas.ts';
import { updateTask } from './update-task.ts';
import { watchTasks } from './watch-tasks.ts';

export const tasksRouter = router({
  list: protectedProcedure.input(listTasksInput).query(({ ctx, input }) => listTasks(ctx, input)),
  create: protectedProcedure.input(createTaskInput).mutation(({ ctx, input }) => createTask(ctx, input)),
  update: protectedProcedure.input(updateTaskInput).mutation(({ ctx, input }) => updateTask(ctx, input)),
  complete: protectedProcedure.input(taskIdInput).mutation(({ ctx, input }) => completeTask(ctx, input)),
  reopen: protectedProcedure.input(taskIdInput).mutation(({ ctx, input }) => reopenTask(ctx, input)),
  move: protectedProcedure.input(moveTaskInput).mutation(({ ctx, input }) => moveTask(ctx, input)),
  parse: protectedProcedure.input(taskTextInput).query(({ ctx, input }) => parseTask(ctx, input)),
  quickAdd: protectedProcedure.input(quickAddInput).mutation(({ ctx, input }) => quickAddTask(ctx, input)),
  /** Moves it and its subtasks to the trash (see `trash`, `restore`, `purge`). */
  delete: protectedProcedure.input(taskIdInput).mutation(({ ctx, input }) => deleteTask(ctx, input)),
  trash: protectedProcedure.input(listTaskTrashInput).query(({ ctx, input }) => listTaskTrash(ctx, input)),
  restore: protectedProcedure.input(taskIdInput).mutation(({ ctx, input }) => restoreTask(ctx, input)),
  purge: protectedProcedure.input(taskIdInput).mutation(({ ctx, input }) => purgeTask(ctx, input)),
  search: protectedProcedure.input(searchTasksInput).query(({ ctx, input }) => searchTasks(ctx, input)),
  /** The planning part of an export (header, projects, labels, tasks; version 1 or 2), idempotent. */
  import: protectedProcedure.input(importTasksInput).mutation(({ ctx, input }) => importTasks(ctx, input)),
  /** Live, over Server-Sent Events: the caller's tasks and delivered reminders as they change (`TaskChange`). */
  onChange: protectedProcedure.subscription(({ ctx, signal }) => watchTasks({ ...ctx, signal })),
});
