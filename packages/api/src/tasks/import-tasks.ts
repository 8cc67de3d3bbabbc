import { type Color, limits, newId } from '@taskchat/db';
import { generateNKeysBetween } from 'fractional-indexing';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { SignedInContext } from '../context.ts';
import type { Database } from '../database.ts';
import { DomainError } from '../errors.ts';
import {
  type HeaderLine,
  headerLine,
  type LabelLine,
  labelLine,
  type ProjectLine,
  projectLine,
  type TaskLine,
  taskLine,
  taskLineV1,
} from '../export/export-format.ts';
import { lineError, parseLine, readLines, runImport } from '../export/import-run.ts';
import { positionAt } from '../projects/project-order.ts';
import { countProjects, insertProject } from '../projects/projects.data.ts';
import { fireAt, localInstant } from './local-time.ts';
import { recurrenceSchema } from './recurrence.ts';
import {
  countLabelsOf,
  findImportedTasks,
  type ImportedReminderRow,
  type ImportedTask,
  type ImportedTaskRow,
  insertImportedReminders,
  insertImportedTaskLabels,
  insertImportedTasks,
  selectProjectsForImport,
} from './task-imports.data.ts';
import { distinctNames, ensureLabels } from './task-labels.data.ts';
import { lockProject, renumberProject, selectInboxId, selectLastPosition } from './task-positions.data.ts';
import { checkRecurrence, keyAfter } from './task-rules.ts';
import { selectAncestry } from './task-tree.data.ts';
import { assertTaskRoom, lockUserForCreation } from './tasks.data.ts';
import type { importTasksInput } from './tasks.schemas.ts';

/** Lines one `tasks.import` takes: the planning part of an account at the default caps, with room. */
export const TASK_IMPORT_MAX_LINES = 25_000;

export interface TaskImportResult {
  /** The file's format version. */
  version: HeaderLine['version'];
  /** Tasks stored by this import. */
  storedTasks: number;
  /** Tasks of the file the account already had (imported before, or exported from it; the trash included). */
  skippedTasks: number;
  /** Projects created (the others matched one of the caller's by name, or the Inbox). */
  createdProjects: number;
  /** Labels created (the others matched by name). */
  createdLabels: number;
}

/** A task line as read, with where it stood (version 1 lines are read as version 2 ones into the Inbox). */
interface NumberedTask {
  line: number;
  task: TaskLine;
  /** A version 1 task: no project, place or planning fields in the file. */
  v1: boolean;
}

interface ParsedFile {
  header: HeaderLine;
  projects: { line: number; project: ProjectLine }[];
  labels: LabelLine[];
  tasks: NumberedTask[];
}

/** A version 1 task as a version 2 one: in the Inbox (`projectId` null here), open or done, nothing planned. */
function fromV1(task: z.infer<typeof taskLineV1>): TaskLine {
  return {
    ...task,
    projectId: '',
    parentId: null,
    position: '',
    due: null,
    deadline: null,
    priority: 4,
    recurrence: null,
    labels: [],
    reminders: [],
    completedAt: task.completed ? task.updatedAt : null,
  };
}

/**
 * The planning part of an export, checked: the header first (it says the version), then (version
 * 2) projects and labels, and tasks. Conversation and message lines are refused: a client cuts the
 * file at its first conversation line and sends each conversation to `conversations.import`.
 */
function parseFile(ndjson: string): ParsedFile {
  let header: HeaderLine | undefined;
  const projects: ParsedFile['projects'] = [];
  const labels: LabelLine[] = [];
  const tasks: NumberedTask[] = [];
  const projectIds = new Set<string>();
  const projectNames = new Set<string>();
  const taskIds = new Set<string>();
  let inboxes = 0;
  for (const { line, value } of readLines(ndjson, TASK_IMPORT_MAX_LINES)) {
    if (value.type !== 'header' && !header) throw lineError(line, 'the header comes first');
    const v2 = (header?.version ?? 1) >= 2;
    switch (value.type) {
      case 'header':
        if (header) throw lineError(line, 'a second header');
        header = parseLine(headerLine, value, line);
        break;
      case 'project': {
        if (!v2) throw lineError(line, 'a project line in a version 1 file');
        const project = parseLine(projectLine, value, line);
        if (projectIds.has(project.id)) throw lineError(line, 'id: a second project of this id');
        if (projectNames.has(project.name.toLowerCase())) throw lineError(line, 'name: a second project of this name');
        if (project.inbox && ++inboxes > 1) throw lineError(line, 'inbox: a second Inbox');
        projectIds.add(project.id);
        projectNames.add(project.name.toLowerCase());
        projects.push({ line, project });
        break;
      }
      case 'label':
        if (!v2) throw lineError(line, 'a label line in a version 1 file');
        labels.push(parseLine(labelLine, value, line));
        break;
      case 'task': {
        const task = v2 ? parseLine(taskLine, value, line) : fromV1(parseLine(taskLineV1, value, line));
        if (taskIds.has(task.id)) throw lineError(line, 'id: a second task of this id');
        taskIds.add(task.id);
        tasks.push({ line, task, v1: !v2 });
        break;
      }
      case 'conversation':
      case 'message':
        throw lineError(
          line,
          `a ${value.type}; tasks.import takes the header, projects, labels and tasks (send each conversation to conversations.import)`,
        );
      default:
        throw lineError(line, 'type must be header, project, label or task');
    }
  }
  if (!header) throw new DomainError('BAD_REQUEST', 'No header line');
  for (const { line, task, v1 } of tasks) {
    if (!v1 && !projectIds.has(task.projectId)) throw lineError(line, 'projectId: no project of this id in the file');
  }
  return { header, projects, labels, tasks };
}

/** Runs `check`, naming the line in the BAD_REQUEST it throws. */
function atLine<T>(line: number, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'BAD_REQUEST') throw lineError(line, error.message);
    throw error;
  }
}

/**
 * The new tasks with parents before their subtasks, whatever the order of the lines; each with its
 * parent in the file (or, imported before, in the account), its depth checked against
 * limits.taskDepth and its project its parent's.
 */
async function orderByParents(
  tx: Database,
  userId: string,
  fresh: NumberedTask[],
  existing: Map<string, ImportedTask>,
): Promise<NumberedTask[]> {
  const byId = new Map(fresh.map((entry) => [entry.task.id, entry]));
  const depth = new Map<string, number>();
  const ordered: NumberedTask[] = [];
  const visiting = new Set<string>();
  const existingDepth = new Map<string, number>();
  // Iteratively, so a long chain in a hostile file cannot overflow the stack.
  for (const root of fresh) {
    const stack: NumberedTask[] = [root];
    while (stack.length > 0) {
      const entry = stack.at(-1) as NumberedTask;
      const { task, line } = entry;
      if (depth.has(task.id)) {
        stack.pop();
        continue;
      }
      const parentId = task.parentId;
      let parentDepth = 0;
      if (parentId !== null) {
        const inFile = byId.get(parentId);
        if (inFile) {
          if (!depth.has(parentId)) {
            if (visiting.has(parentId)) throw lineError(line, 'parentId: the parents go round in a cycle');
            visiting.add(task.id);
            stack.push(inFile);
            continue;
          }
          if (inFile.task.projectId !== task.projectId) {
            throw lineError(line, "projectId: a subtask must be in its parent's project");
          }
          parentDepth = depth.get(parentId) as number;
        } else {
          const stored = existing.get(parentId);
          if (!stored) throw lineError(line, 'parentId: no task of this id in the file');
          if (!existingDepth.has(stored.id)) {
            existingDepth.set(stored.id, (await selectAncestry(tx, userId, stored.id)).length);
          }
          parentDepth = existingDepth.get(stored.id) as number;
        }
      }
      if (parentDepth + 1 > limits.taskDepth) {
        throw lineError(line, `parentId: subtasks go at most ${limits.taskDepth} tasks deep`);
      }
      depth.set(task.id, parentDepth + 1);
      visiting.delete(task.id);
      ordered.push(entry);
      stack.pop();
    }
  }
  return ordered;
}

/** A readable fractional-indexing key. */
const isKey = (key: string) => key.length > 0 && key.length <= limits.position && keyAfter(key) !== null;
const byPosition = (a: { position: string; id: string }, b: { position: string; id: string }) =>
  a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Keys for `count` new items after `last`, in the order given: the file's own keys when they are
 * all readable and come after `last` (a fresh project keeps its order exactly), else new ones;
 * null when `last` is no key fractional-indexing reads (the caller renumbers first).
 */
function keysAfter(last: string | null, fileKeys: (string | null)[]): string[] | null {
  const own = fileKeys.filter((key): key is string => key !== null);
  if (own.length === fileKeys.length && own.every(isKey) && (last === null || own.every((key) => key > last))) {
    return own;
  }
  if (last !== null && keyAfter(last) === null) return null;
  return generateNKeysBetween(last, null, fileKeys.length);
}

/** No time after now is stored (a file dated ahead cannot pin its rows on top of a list). */
const notAfter = (value: string, now: Date) => new Date(Math.min(Date.parse(value), now.getTime()));

/**
 * `tasks.import`: the planning part of an export (the header, projects, labels and tasks, version
 * 1 or 2) into the caller's account, in one transaction under the import bounds
 * (`export/import-run.ts`): all of it or, on a bad line or past a cap, nothing.
 *
 * Projects are matched by name case-insensitively (the file's Inbox is the caller's), created when
 * missing under PROJECTS_PER_USER (with their color, archived as they were); labels likewise under
 * LABELS_PER_USER. Tasks are found again by the id they had in the export (their `client_id`, or
 * their id when exported from this account), so importing the same file twice stores nothing new;
 * new ones get ids of their own, under TASKS_PER_USER. A timed due keeps its instant (its date is
 * its day in the caller's zone), a date-only one its date. Reminders whose time has passed are kept
 * as delivered, so an import sets off no burst of stale reminders.
 */
export async function importTasks(
  ctx: Pick<SignedInContext, 'db' | 'userId' | 'imports' | 'tasks' | 'projects'>,
  input: z.output<typeof importTasksInput>,
): Promise<TaskImportResult> {
  const { userId } = ctx;
  return await runImport(ctx, async (tx) => {
    const file = parseFile(input.ndjson);
    const now = new Date();
    const zone = await lockUserForCreation(tx, userId);
    const fileZone = file.header.user.timeZone ?? zone;

    // Projects: the file's id → the caller's project.
    const projectIdOf = new Map<string, string>();
    const inboxId = await selectInboxId(tx, userId);
    const mine = await selectProjectsForImport(tx, userId);
    const byName = new Map(mine.map((project) => [project.name.toLowerCase(), project.id]));
    const missing: { line: number; project: ProjectLine }[] = [];
    for (const entry of file.projects) {
      const { project } = entry;
      const id = project.inbox ? inboxId : byName.get(project.name.toLowerCase());
      if (id) projectIdOf.set(project.id, id);
      else missing.push(entry);
    }
    if (missing.length > 0) {
      const room = ctx.projects.perUser - (await countProjects(tx, userId));
      if (missing.length > room) {
        throw lineError(
          (missing[Math.max(room, 0)] as (typeof missing)[number]).line,
          `you can have at most ${ctx.projects.perUser} projects`,
        );
      }
      missing.sort((a, b) => byPosition(a.project, b.project));
      const order = mine.filter((project) => !project.inbox).map(({ id, position }) => ({ id, position }));
      const kept = keysAfter(
        order.at(-1)?.position ?? null,
        missing.map((entry) => entry.project.position),
      );
      for (const [index, { project }] of missing.entries()) {
        const position = kept?.[index] ?? (await positionAt(tx, userId, order, order.length));
        const id = await insertProject(tx, userId, {
          name: project.name,
          color: project.color,
          position,
          archived: project.archived,
          createdAt: notAfter(project.createdAt, now),
        });
        order.push({ id, position });
        projectIdOf.set(project.id, id);
      }
    }

    // Tasks the account already has are skipped; the rest are stored, parents first.
    const exportIds = file.tasks.map((entry) => entry.task.id);
    const existing = new Map<string, ImportedTask>();
    for (const row of await findImportedTasks(tx, userId, exportIds)) {
      existing.set(row.id, row);
      if (row.clientId) existing.set(row.clientId, row);
    }
    const fresh = file.tasks.filter((entry) => !existing.has(entry.task.id));
    const ordered = await orderByParents(tx, userId, fresh, existing);
    await assertTaskRoom(tx, userId, ctx.tasks.tasksPerUser, ordered.length);

    // Labels: the file's, and every name a new task carries, by name.
    const colors = new Map<string, Color>(file.labels.map((label) => [label.name.toLowerCase(), label.color]));
    const names = distinctNames([...file.labels.map((label) => label.name), ...ordered.flatMap((e) => e.task.labels)]);
    const labelsBefore = await countLabels(tx, userId, names, ctx.tasks.labelsPerUser, colors);
    const labelIdOf = new Map(names.map((name, index) => [name.toLowerCase(), labelsBefore.ids[index] as string]));

    // Each new task's row: its project (its parent's), trash stamp (a parent in the trash), due.
    const newIdOf = new Map(ordered.map((entry) => [entry.task.id, newId()]));
    const rows: ImportedTaskRow[] = [];
    const fileKeys: (string | null)[] = [];
    const reminders: ImportedReminderRow[] = [];
    const labelPairs: { taskId: string; labelId: string }[] = [];
    const rowOf = new Map<string, ImportedTaskRow>();
    for (const { line, task, v1 } of ordered) {
      const id = newIdOf.get(task.id) as string;
      let projectId = v1 ? inboxId : (projectIdOf.get(task.projectId) as string);
      let parentId: string | null = null;
      let deletedAt: string | null = null;
      if (task.parentId !== null) {
        const inFile = rowOf.get(task.parentId);
        const stored = existing.get(task.parentId);
        parentId = inFile?.id ?? (stored?.id as string);
        projectId = inFile?.projectId ?? (stored?.projectId as string);
        deletedAt = inFile?.deletedAt ?? stored?.deletedAt ?? null;
      }
      const due = atLine(line, () => dueOf(task, zone, fileZone));
      const recurrence =
        task.recurrence === null ? null : atLine(line, () => readRecurrence(task.recurrence as string));
      if (recurrence !== null && due.dueDate === null)
        throw lineError(line, 'recurrence: A recurring task needs a due date');
      if (!task.completed) atLine(line, () => checkRecurrence(recurrence, due.dueDate, 'recurrence'));
      const completedAt = task.completedAt ?? (task.completed ? task.updatedAt : null);
      const row: ImportedTaskRow = {
        id,
        clientId: task.id,
        projectId,
        parentId,
        position: '',
        title: task.title,
        description: task.description,
        dueDate: due.dueDate,
        dueAt: due.dueAt,
        deadline: task.deadline,
        priority: task.priority,
        recurrence,
        completed: task.completed,
        completedAt: completedAt === null ? null : notAfter(completedAt, now),
        deletedAt,
        createdAt: notAfter(task.createdAt, now),
        updatedAt: notAfter(task.updatedAt, now),
      };
      rows.push(row);
      fileKeys.push(v1 ? null : task.position);
      rowOf.set(task.id, row);
      for (const name of distinctNames(task.labels)) {
        labelPairs.push({ taskId: id, labelId: labelIdOf.get(name.toLowerCase()) as string });
      }
      for (const [index, reminder] of task.reminders.entries()) {
        reminders.push(atLine(line, () => reminderRow(id, reminder, due, zone, now, index)));
      }
    }

    // Places: per project, after its tasks, in the file's order (its own keys when they fit).
    const byProject = new Map<string, number[]>();
    for (const [index, row] of rows.entries()) {
      byProject.set(row.projectId, [...(byProject.get(row.projectId) ?? []), index]);
    }
    for (const projectId of [...byProject.keys()].sort()) {
      const indexes = (byProject.get(projectId) as number[]).sort((a, b) =>
        byPosition(
          { position: fileKeys[a] ?? '', id: String(a).padStart(8, '0') },
          { position: fileKeys[b] ?? '', id: String(b).padStart(8, '0') },
        ),
      );
      await lockProject(tx, userId, projectId);
      const wanted = indexes.map((index) => fileKeys[index] ?? null);
      let keys = keysAfter(await selectLastPosition(tx, userId, projectId), wanted);
      if (keys === null) {
        await renumberProject(tx, userId, projectId);
        keys = keysAfter(await selectLastPosition(tx, userId, projectId), wanted) as string[];
      }
      for (const [n, index] of indexes.entries()) (rows[index] as ImportedTaskRow).position = keys[n] as string;
    }

    await insertImportedTasks(tx, userId, rows);
    await insertImportedTaskLabels(tx, userId, labelPairs);
    await insertImportedReminders(tx, userId, reminders);
    return {
      version: file.header.version,
      storedTasks: rows.length,
      skippedTasks: file.tasks.length - fresh.length,
      createdProjects: missing.length,
      createdLabels: labelsBefore.created,
    };
  });
}

/** The labels' ids (created when missing, with the file's colors) and how many were created. */
async function countLabels(
  tx: Database,
  userId: string,
  names: string[],
  cap: number,
  colors: Map<string, Color>,
): Promise<{ ids: string[]; created: number }> {
  if (names.length === 0) return { ids: [], created: 0 };
  const before = await countLabelsOf(tx, userId);
  const ids = await ensureLabels(tx, userId, names, cap, colors);
  return { ids, created: (await countLabelsOf(tx, userId)) - before };
}

/** A task line's due as stored: a timed one keeps its instant (read in the file's zone when only its time is given). */
function dueOf(task: TaskLine, zone: string, fileZone: string): { dueDate: string | null; dueAt: Date | null } {
  if (!task.due) return { dueDate: null, dueAt: null };
  const { date, time, at } = task.due;
  if (at === null && time === null) return { dueDate: date, dueAt: null };
  const instant = at !== null ? new Date(at) : localInstant(fileZone, date, time as string);
  return { dueDate: DateTime.fromJSDate(instant, { zone }).toISODate() as string, dueAt: instant };
}

/** An RRULE body as tasks.create reads it; BAD_REQUEST naming `recurrence`. */
function readRecurrence(value: string): string {
  const parsed = recurrenceSchema.safeParse(value);
  if (!parsed.success) {
    throw new DomainError('BAD_REQUEST', `recurrence: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** A reminder of the file as stored, with its fire time; delivered already when that has passed. */
function reminderRow(
  taskId: string,
  reminder: TaskLine['reminders'][number],
  due: { dueDate: string | null; dueAt: Date | null },
  zone: string,
  now: Date,
  index: number,
): ImportedReminderRow {
  let value: { minutesBefore: number | null; at: Date | null };
  if ('minutesBefore' in reminder) {
    const minutes = reminder.minutesBefore;
    if (minutes < -limits.reminderMinutesAfter || minutes > limits.reminderMinutesBefore) {
      throw new DomainError(
        'BAD_REQUEST',
        `reminders.${index}.minutesBefore: must be from ${-limits.reminderMinutesAfter} to ${limits.reminderMinutesBefore}`,
      );
    }
    value = { minutesBefore: minutes, at: null };
  } else {
    value = { minutesBefore: null, at: new Date(reminder.at) };
  }
  const fire = fireAt(zone, due, value);
  return {
    id: newId(),
    taskId,
    ...value,
    fireAt: fire,
    deliveredAt: fire !== null && fire.getTime() <= now.getTime() ? fire : null,
    // Distinct times keep the order they were given in.
    createdAt: new Date(now.getTime() + index),
  };
}
