import { parseTaskText } from '../../task-text/parse-task-text.ts';
import type { ParsedTaskText, TaskReminder, TaskTextRange } from '../../task-text/task-text-types.ts';
import { literal, PRIORITY_PATTERN, priorityWord, unquote } from './phrases.ts';
import type { AddTaskInput, Priority } from './tool-shapes.ts';
import type { UserContext } from './user-context.ts';
import { isoDue } from './when.ts';

/**
 * The tasks an "add" message names, each read by the quick-add parser (dates, times,
 * recurrence, p1–p4, #project, @labels, reminders) after the rewrites of when.ts.
 *
 * The list rule: commas (or semicolons, or one item a line) make a list, and in a list the last
 * "and"/"&"/"or" splits too: "eggs, bread and butter" is three tasks. Without a comma "and"
 * never splits: "bread and butter" is one task, and so is "call mom and dad". Phrases said once
 * at the end of a list (a date, #project, @label, priority) apply to every item ("eggs, milk
 * tomorrow #Shopping"); said inside the list, each belongs to its own item. A first item that
 * starts with a verb lends it to items that have none: "buy eggs, milk and bread" → "buy milk".
 */
export interface NewTasks {
  tasks: AddTaskInput[];
  /** What the answer should also say: an unknown #project, items past the cap. */
  notes: string[];
}

interface NewTaskOptions {
  /** "remind me to …": a task with a time also gets a reminder then. */
  remind?: boolean;
  /** A priority said around the request ("urgent: …", "I urgently need to …"). */
  priority?: Priority | null;
  /** The message began with "add"/"put": a bare "to Home" at its end names the project. */
  explicit?: boolean;
}

/** add_tasks takes at most this many. */
const MAX_NEW_TASKS = 50;

const TASK_VERBS = new Set(
  `buy get grab order pick call phone ring text email mail message write send post visit see meet clean wash tidy fix
  repair pay book read watch cook bake make prepare plan print sign file submit check review return take bring collect
  renew cancel schedule finish start update install clear empty water feed walk mow vacuum hoover iron fold pack unpack
  charge drop donate sell ship wrap fill refill ask remind invite thank congratulate apply practice practise study learn
  go do have put set sort organise organize move call find look research draft edit`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** A reminder as add_tasks takes it: "30 minutes before", or a local date and time. */
function reminderPhrase(reminder: TaskReminder): string {
  return reminder.kind === 'relative'
    ? `${reminder.minutesBefore} minutes before`
    : `${reminder.date}T${reminder.time}`;
}

/** Takes a priority said in words at the start ("urgent: …") or the end ("…, asap") of the text. */
function takePriorityWords(text: string): { text: string; priority: Priority | null } {
  const start = new RegExp(
    `^(?:\\(?(${PRIORITY_PATTERN})\\)?\\s*[:\\-–—,!]+\\s*|(urgent|asap|urgently)\\s+)`,
    'i',
  ).exec(text);
  if (start) {
    return { text: text.slice(start[0].length), priority: priorityWord(start[1] ?? start[2] ?? '') };
  }
  const end = new RegExp(
    `(?:^|[\\s,;\\-–—(]+)(?:(?:it'?s|its|this is|is)\\s+)?(${PRIORITY_PATTERN}|!!!)\\)?\\s*!*$`,
    'i',
  ).exec(text);
  if (end && end.index > 0) return { text: text.slice(0, end.index), priority: priorityWord(end[1] ?? '') };
  const middle = new RegExp(`\\s*\\((${PRIORITY_PATTERN})\\)`, 'i').exec(text);
  if (middle) {
    return {
      text: text.slice(0, middle.index) + text.slice(middle.index + middle[0].length),
      priority: priorityWord(middle[1] ?? ''),
    };
  }
  return { text, priority: null };
}

/** Takes "to my Home list", "in #Home", "to the shopping list" off the end. */
function takeDestination(
  text: string,
  context: UserContext,
  explicit: boolean,
): { text: string; project: string | null } {
  for (const name of [...context.projects].sort((a, b) => b.length - a.length)) {
    const pattern = new RegExp(
      `\\s+(?:to|on|onto|in|into|under|for)\\s+(?:(?:my|the|our)\\s+)?(#?)${literal(name)}(?:'s)?(\\s+(?:project|list|folder|tasks))?\\s*$`,
      'iu',
    );
    const match = pattern.exec(text);
    if (match && (explicit || match[1] || match[2] || /\s(?:my|the|our)\s/i.test(match[0]))) {
      return { text: text.slice(0, match.index), project: name };
    }
  }
  const generic =
    /\s+(?:to|on|onto|in|into)\s+(?:my|the|our)\s+(?:(?:to-?do|todo|task|tasks|shopping|grocery|groceries)\s+)?(?:list|tasks|to-?dos?|inbox)\s*$/i.exec(
      text,
    );
  if (generic) return { text: text.slice(0, generic.index), project: null };
  return { text, project: null };
}

interface Segment {
  start: number;
  end: number;
}

const inRange = (ranges: TaskTextRange[], at: number) => ranges.some((range) => at >= range.start && at < range.end);

/** The items of a list (see the list rule above), as spans of `text`; one span when it is no list. */
function segments(text: string, ranges: TaskTextRange[]): Segment[] {
  if (text.includes('\n')) {
    const spans: Segment[] = [];
    let start = 0;
    for (const line of text.split('\n')) {
      const bullet = /^\s*(?:[-*•·]|\d{1,2}[.)]|\[ ?\])?\s*/.exec(line)?.[0].length ?? 0;
      if (line.trim() !== '') spans.push({ start: start + bullet, end: start + line.length });
      start += line.length + 1;
    }
    return spans;
  }
  const spans: Segment[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if ((text[i] === ',' || text[i] === ';') && !inRange(ranges, i)) {
      spans.push({ start, end: i });
      start = i + 1;
    }
  }
  spans.push({ start, end: text.length });
  if (spans.length === 1) return spans;
  const last = spans.pop() as Segment;
  const piece = text.slice(last.start, last.end);
  const joins = [...piece.matchAll(/\s(?:and|&|or|plus)\s/gi)].filter(
    (join) => !inRange(ranges, last.start + join.index),
  );
  const join = joins.at(-1);
  if (join) {
    spans.push({ start: last.start, end: last.start + join.index });
    spans.push({ start: last.start + join.index + join[0].length, end: last.end });
  } else {
    spans.push(last);
  }
  return spans;
}

/** The text of `span` without the parts `ranges` claimed. */
function withoutRanges(text: string, span: Segment, ranges: TaskTextRange[]): string {
  let out = '';
  let at = span.start;
  for (const range of ranges) {
    if (range.end <= span.start || range.start >= span.end) continue;
    out += `${text.slice(at, Math.max(at, range.start))} `;
    at = Math.max(at, range.end);
  }
  return out + text.slice(at, span.end);
}

/** A title as it is kept: without a leading "and"/"to", wrapping quotes, dangling punctuation. */
function tidyTitle(title: string): string {
  return unquote(
    title
      .replace(/\s+/g, ' ')
      .replace(/^[\s,;:\-–—]+|[\s,;:\-–—]+$/g, '')
      .replace(/^(?:and|or|also|plus|then|&)\s+/i, '')
      .replace(/^to\s+(?=\S)/i, ''),
  );
}

/** "for" left at the end of a title by the date phrase after it ("book a table for friday"). */
function withoutDanglingPreposition(title: string, parsed: ParsedTaskText, text: string): string {
  const dated = parsed.ranges.some(
    (range) =>
      (range.kind === 'due' || range.kind === 'recurrence') &&
      /\s(?:for|until|till|before|from|starting)\s*$/i.test(text.slice(0, range.start)),
  );
  return dated ? title.replace(/\s+(?:for|until|till|before|from|starting)$/i, '') : title;
}

/** The task of one parse (of `text`), with what the whole request said around it. */
function taskOf(
  parsed: ParsedTaskText,
  text: string,
  title: string,
  extra: { priority: Priority | null; project: string | null; remind: boolean },
): AddTaskInput {
  const task: AddTaskInput = { title: unquote(withoutDanglingPreposition(title, parsed, text)) };
  if (parsed.due) task.due = isoDue(parsed.due);
  if (parsed.deadline) task.deadline = parsed.deadline;
  const priority = parsed.priority ?? extra.priority;
  if (priority) task.priority = priority;
  const project = parsed.project ?? extra.project;
  if (project) task.project = project;
  if (parsed.labels.length) task.labels = parsed.labels;
  if (parsed.recurrence) task.recurrence = parsed.recurrence;
  const reminders = parsed.reminders.map(reminderPhrase);
  // "remind me to call mom at 6": a reminder at that time, as the sentence asked.
  if (extra.remind && reminders.length === 0 && parsed.due?.time) reminders.push('0 minutes before');
  if (reminders.length) task.reminders = reminders;
  return task;
}

/**
 * "#word" that is no project: a label of that name when there is one; else, when the prompt listed
 * every project, left out (and said); when it did not, the project for the tools to find.
 */
function unknownTags(text: string, context: UserContext, notes: string[]): { text: string; project: string | null } {
  const known = context.projects.map((name) => name.toLowerCase());
  let project: string | null = null;
  const rest = text.replace(/(^|\s)#([\p{L}\p{N}_-]+)/gu, (whole, space: string, name: string) => {
    const lower = name.toLowerCase();
    if (known.some((candidate) => candidate === lower || candidate.startsWith(`${lower} `))) return whole;
    const label = context.labels.find((candidate) => candidate.toLowerCase() === lower);
    if (label) return `${space}@${label}`;
    if (context.moreProjects) project ??= name;
    else notes.push(`There is no project called “${name}”, so it went to the Inbox.`);
    return space;
  });
  return { text: rest, project };
}

/** Reads the tasks of an add request's body ("eggs, bread and butter tomorrow"). */
export function readNewTasks(body: string, context: UserContext, options: NewTaskOptions = {}): NewTasks {
  const notes: string[] = [];
  const said = takePriorityWords(body.trim());
  const destination = takeDestination(said.text, context, options.explicit ?? false);
  const tagged = unknownTags(destination.text, context, notes);
  const { text } = tagged;
  const parserContext = { timeZone: context.timeZone, now: context.now, projects: context.projects };
  const whole = parseTaskText(text, parserContext);
  const extra = {
    priority: said.priority ?? options.priority ?? null,
    project: destination.project ?? tagged.project,
    remind: options.remind ?? false,
  };
  const spans = segments(text, whole.ranges);
  let tasks: AddTaskInput[];
  if (spans.length === 1) {
    tasks = [taskOf(whole, text, tidyTitle(whole.title), extra)];
  } else {
    const first = spans[0] as Segment;
    const last = spans.at(-1) as Segment;
    const firstWord = /\S/.exec(text.slice(first.start))?.index ?? 0;
    const shared =
      !text.includes('\n') &&
      whole.ranges.every((range) => range.start >= last.start || range.end <= first.start + firstWord);
    tasks = spans.map((span) =>
      shared
        ? taskOf(whole, text, tidyTitle(withoutRanges(text, span, whole.ranges)), extra)
        : (() => {
            const item = text.slice(span.start, span.end);
            const parsed = parseTaskText(item, parserContext);
            return taskOf(parsed, item, tidyTitle(parsed.title), extra);
          })(),
    );
    lendVerb(tasks);
  }
  tasks = tasks.filter((task) => task.title !== '');
  if (tasks.length > MAX_NEW_TASKS) {
    notes.push(`I can add ${MAX_NEW_TASKS} tasks at a time, so I left out the last ${tasks.length - MAX_NEW_TASKS}.`);
    tasks = tasks.slice(0, MAX_NEW_TASKS);
  }
  return { tasks, notes };
}

/** "buy eggs, milk and bread": "buy" goes to "milk" and "bread" too (items that start with no verb of their own). */
function lendVerb(tasks: AddTaskInput[]): void {
  const [first] = tasks;
  const words = first?.title.split(' ') ?? [];
  const verb = words[0]?.toLowerCase() ?? '';
  if (!first || words.length < 2 || !TASK_VERBS.has(verb)) return;
  const lent = words[0] === 'pick' && words[1]?.toLowerCase() === 'up' ? `${words[0]} ${words[1]}` : words[0];
  for (const task of tasks.slice(1)) {
    const own = task.title.split(' ')[0]?.toLowerCase() ?? '';
    if (!TASK_VERBS.has(own) && task.title.split(' ').length <= 4) task.title = `${lent} ${task.title}`;
  }
}
