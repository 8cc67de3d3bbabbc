import type { Talk } from './intents.ts';
import type { ListQuery } from './list-queries.ts';
import { andList, quoted, renderTaskLines } from './numbered-lists.ts';
import { priorityName } from './phrases.ts';
import type { ListedTask } from './tool-shapes.ts';
import { describeDate, describeDue, describeRecurrence } from './when.ts';

/** The offline assistant's words: fixed answers, and how it names what it found and changed. */

const HELP_TEXT = [
  'I’m the offline assistant. I understand everyday task talk, for example:',
  '- **Add**: “add eggs, bread and butter”, “I need to call mom tomorrow at 6”, “remind me to pay rent on the 1st of every month”, “urgent: file taxes by Friday #Admin”',
  '- **Ask**: “what’s left?”, “what’s due today?”, “what’s due this week?”, “anything overdue?”, “what’s in #Home?”, “anything urgent?”',
  '- **Complete**: “I bought the milk”, “mark the first one done”, “done 2”',
  '- **Change**: “move the dentist to next Tuesday”, “push everything due today to tomorrow”, “rename 2 to call the bank”, “make it urgent”, “move 3 to #Home”',
  '- **Delete**: “delete the last two”, “clear everything that’s done” (deletes your completed tasks)',
  '- **Undo**: “undo” puts back what my last change did',
  '- Numbers and “the first one” mean the last list I showed you.',
].join('\n');

const TALK: Record<Talk, string> = {
  greeting: 'Hi! What can I do for you? For example, ask “what’s due today?”.',
  thanks: 'You’re welcome!',
  farewell: 'Bye! Your tasks will be here when you’re back.',
  help: HELP_TEXT,
  cancel: 'OK, I left everything as it was.',
  acknowledge: 'OK! Tell me what to add, or ask “what’s left?”.',
};

export const talk = (topic: Talk): string => TALK[topic];

/** What it says to anything it does not understand: one example of what it can do. */
export function notUnderstood(suggestion: string | null): string {
  if (suggestion) {
    return `I’m not sure what you mean. To add it as a task, say “${suggestion}”; or say “help” to see what I understand.`;
  }
  return 'Sorry, I can’t help with that: I look after your tasks. For example, say “add call mom tomorrow at 6”.';
}

/** "3 tasks", "1 task". */
export const count = (n: number, noun = 'task'): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** How an answer names a query's tasks: "due tomorrow", "in #Home", "tagged @bills", "with priority 1". */
function qualifiers(query: ListQuery, today: string): string {
  const parts: string[] = [];
  if (query.due) {
    const { from, to, said } = query.due;
    const span = from === to ? describeDate(from, today) : `${describeDate(from, today)} to ${describeDate(to, today)}`;
    parts.push(`due ${said ?? span}`);
  }
  if (query.project) parts.push(`in #${query.project}`);
  if (query.label) parts.push(`tagged @${query.label}`);
  if (query.priorities) parts.push(`with priority ${query.priorities.join(' or ')}`);
  if (query.search) parts.push(`matching “${query.search}”`);
  return parts.join(' ');
}

/** What a view's tasks are called: "open tasks", "tasks due today (or overdue)", "completed tasks". */
const VIEW_NAMES: Record<ListQuery['view'], string> = {
  open: 'open tasks',
  today: 'tasks due today (or overdue)',
  upcoming: 'upcoming tasks',
  overdue: 'overdue tasks',
  inbox: 'open tasks in the Inbox',
  all: 'tasks',
  done: 'completed tasks',
};

/** The heading of a list answer: "Your open tasks:", "Your overdue tasks in #Home:", or that there are none. */
export function listHeading(query: ListQuery, n: number, today: string): string {
  const about = qualifiers(query, today);
  const name = `${VIEW_NAMES[query.view]}${about ? ` ${about}` : ''}`;
  if (n > 0) return `Your ${name}:`;
  return query.view === 'open' && !about ? 'You have no open tasks. Say “add …” to add one.' : `You have no ${name}.`;
}

/** A task's new state in words, for confirmations: " (tomorrow at 18:00, every week, p1, #Home, @bills)". */
function taskDetails(task: ListedTask, today: string): string {
  const parts: string[] = [];
  if (task.due) parts.push(describeDue(task.due, today));
  if (task.recurrence) parts.push(describeRecurrence(task.recurrence));
  if (task.deadline) parts.push(`deadline ${describeDue(task.deadline, today)}`);
  if (task.priority < 4) parts.push(`p${task.priority}`);
  if (task.project && task.project !== 'Inbox') parts.push(`#${task.project}`);
  for (const label of task.labels) parts.push(`@${label}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** "Added “eggs”." / "Added 3 tasks:" and a numbered list ("delete the last one" next). */
export function added(tasks: ListedTask[], today: string, notes: string[]): string {
  const lines =
    tasks.length === 1 && tasks[0]
      ? [`Added ${quoted(tasks[0].title)}${taskDetails(tasks[0], today)}.`]
      : [`Added ${count(tasks.length)}:`, renderTaskLines(tasks, today)];
  return [...lines, ...notes].join('\n');
}

/** "Completed “a” and “b”." with the next date of a repeating task. */
export function completed(tasks: ListedTask[], today: string): string {
  const names = tasks.map((task) =>
    task.recurrence && !task.completed && task.due
      ? `${quoted(task.title)} (it repeats: next one ${describeDue(task.due, today)})`
      : quoted(task.title),
  );
  return `Completed ${andList(names)}.`;
}

export const titles = (tasks: ListedTask[]): string => andList(tasks.map((task) => quoted(task.title)));

/** "Moved “dentist” to Tue 8 Dec." / "Removed the date from …" / several, each with its own date. */
export function rescheduled(tasks: ListedTask[], today: string): string {
  const undated = tasks.filter((task) => !task.due);
  const dated = tasks.filter((task) => task.due);
  const lines: string[] = [];
  if (undated.length) lines.push(`Removed the date from ${titles(undated)}.`);
  const byDue = new Map<string, ListedTask[]>();
  for (const task of dated) byDue.set(task.due ?? '', [...(byDue.get(task.due ?? '') ?? []), task]);
  for (const [due, group] of byDue) lines.push(`Moved ${titles(group)} to ${describeDue(due, today)}.`);
  return lines.join(' ');
}

export const prioritized = (tasks: ListedTask[], priority: number): string =>
  `Set ${titles(tasks)} to ${priorityName(priority as 1 | 2 | 3 | 4)}.`;

/** "Two tasks match “milk”. Which one do you mean?" — the question's own marker, read back next turn. */
export const WHICH_ONE = 'Which one do you mean?';
