import type { ListedTask } from './tool-shapes.ts';
import { describeDue, describeRecurrence, dueOf } from './when.ts';

/**
 * The numbered lists in the offline assistant's answers, both ways. A turn's history is message
 * text only, so "the first one" next turn is read back from these lines: `1. title — details`.
 * A line names its task by title (markdown-escaped); the details after " — " are for people.
 */

const MARKDOWN = /[\\*_`[\]~]/g;

/** A title as markdown text shows it as typed ("a *b*" is not emphasis). */
const escapeTitle = (title: string): string => title.replace(MARKDOWN, (c) => `\\${c}`).replace(/^#/, '\\#');
const unescapeTitle = (text: string): string => text.replace(/\\([\\*_`[\]~#])/g, '$1');

/** A title in quotes, for answers: “buy oat milk”. */
export const quoted = (title: string): string => `“${escapeTitle(title)}”`;

/** "a", "a and b", "a, b and c". */
export function andList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** What a line says about a task besides its title: its day, repetition, priority, project and labels. */
function details(task: ListedTask, today: string, omitProject: boolean): string {
  const parts: string[] = [];
  if (task.completed) parts.push('done');
  const due = dueOf(task.due);
  if (due) parts.push(`${!task.completed && due.date < today ? 'overdue since ' : ''}${describeDue(task.due, today)}`);
  if (task.recurrence) parts.push(describeRecurrence(task.recurrence));
  if (task.deadline) parts.push(`deadline ${describeDue(task.deadline, today)}`);
  if (task.priority < 4) parts.push(`p${task.priority}`);
  if (!omitProject && task.project && task.project !== 'Inbox') parts.push(`#${task.project}`);
  for (const label of task.labels) parts.push(`@${label}`);
  return parts.join(', ');
}

/** `n. title — details`, one task a line. */
export function renderTaskLines(tasks: ListedTask[], today: string, options: { omitProject?: boolean } = {}): string {
  return tasks.map((task, index) => `${index + 1}. ${lineOf(task, today, options.omitProject)}`).join('\n');
}

/** The lines of the latest numbered list in `text` ("1. …", "2. …"), by number; empty when none. */
export function readNumberedLines(text: string): Map<number, string> {
  const lines = new Map<number, string>();
  for (const match of text.matchAll(/^(\d{1,3})\. (.+)$/gm)) {
    lines.set(Number(match[1]), (match[2] ?? '').trim());
  }
  return lines;
}

/** The titles an answer names in quotes: “buy oat milk”. */
export function quotedTitles(text: string): string[] {
  return [...new Set([...text.matchAll(/“([^”\n]{1,300})”/g)].map((match) => unescapeTitle(match[1] ?? '')))];
}

/** The line of a task, without its number. */
const lineOf = (task: ListedTask, today: string, omitProject = false) => {
  const about = details(task, today, omitProject);
  return `${escapeTitle(task.title)}${about ? ` — ${about}` : ''}`;
};

/**
 * The tasks `lines` name (a line's title is the title of a task, then nothing or " — …"), in
 * order; null for a line whose task is gone. Lines with the same title take distinct tasks, the
 * one whose whole line is the same first (the same title, due tomorrow and due today).
 */
export function tasksOfLines(lines: string[], tasks: ListedTask[], today: string): (ListedTask | null)[] {
  const taken = new Set<string>();
  const found: (ListedTask | null)[] = lines.map((line) => {
    const same = tasks.find(
      (task) => !taken.has(task.id) && (lineOf(task, today) === line || lineOf(task, today, true) === line),
    );
    if (same) taken.add(same.id);
    return same ?? null;
  });
  return lines.map((line, index) => {
    if (found[index]) return found[index];
    const text = unescapeTitle(line);
    let best: ListedTask | null = null;
    for (const task of tasks) {
      if (taken.has(task.id)) continue;
      const fits = text === task.title || text.startsWith(`${task.title} — `);
      if (fits && (!best || task.title.length > best.title.length)) best = task;
    }
    if (best) taken.add(best.id);
    return best;
  });
}
