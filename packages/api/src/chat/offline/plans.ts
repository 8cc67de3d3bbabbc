import type { Action, Intent } from './intents.ts';
import { type ListQuery, listCalls } from './list-queries.ts';
import { readNewTasks } from './new-tasks.ts';
import { andList, quoted, quotedTitles, readNumberedLines, renderTaskLines, tasksOfLines } from './numbered-lists.ts';
import { type Position, readReference, type Target } from './references.ts';
import {
  added,
  completed,
  count,
  listHeading,
  notUnderstood,
  prioritized,
  rescheduled,
  talk,
  titles,
  WHICH_ONE,
} from './replies.ts';
import { matchTitle } from './task-matching.ts';
import type { ListedTask, ListTasksInput, ToolCall, ToolOutcome } from './tool-shapes.ts';
import type { UserContext } from './user-context.ts';
import { addDays, dueOf, isoDue } from './when.ts';

/**
 * The offline assistant's planner: for an intent, which tools to call and what to answer. A plan
 * is a generator that yields the tool calls of one model step and receives their outcomes. The
 * model is called once per step with the whole prompt, so each call replays the plan from the
 * start over the outcomes the prompt already holds (cheap: no parsing, only the decisions) and
 * returns the plan's next step: more tool calls, or the answer.
 */
export type Step = { calls: ToolCall[] } | { text: string };

/** What a turn's prompt holds, as the planner reads it. */
export interface Turn {
  text: string;
  context: UserContext;
  /** The conversation before this message, oldest first (message text only). */
  earlier: { role: 'user' | 'assistant'; text: string }[];
  /** The outcomes of this turn's tool calls so far, one array per model step. */
  steps: ToolOutcome[][];
}

type Plan = Generator<ToolCall[], string, ToolOutcome[]>;

/** A list shows at most this many tasks; a change looks among at most this many. */
const SHOWN = 50;
const LOOKED_AT = 100;

class ToolFailed extends Error {}

/** One step's calls; the outputs, or ToolFailed with the first error the model saw. */
function* call(...calls: ToolCall[]): Generator<ToolCall[], unknown[], ToolOutcome[]> {
  const outcomes = yield calls;
  for (const outcome of outcomes) if (!outcome.ok) throw new ToolFailed(outcome.error);
  return outcomes.map((outcome) => (outcome.ok ? outcome.output : null));
}

interface Page {
  tasks: ListedTask[];
  more: boolean;
}
interface Changed {
  tasks: ListedTask[];
  missing?: string[];
}

const asPage = (output: unknown): Page => {
  const page = output as Partial<Page> | null;
  return { tasks: Array.isArray(page?.tasks) ? page.tasks : [], more: page?.more === true };
};
const asTasks = (output: unknown): ListedTask[] => {
  const result = output as (Changed & ListedTask) | null;
  if (Array.isArray(result?.tasks)) return result.tasks;
  return result && typeof result.id === 'string' ? [result] : [];
};

/** The lists a turn has read, by their calls: asking again costs no step (a plan asks for the open tasks from several places). */
const readLists = new WeakMap<Turn, Map<string, Page>>();

/** list_tasks, and the tasks of several such calls merged (each task once, in order). */
function* listTasks(turn: Turn, ...inputs: ListTasksInput[]): Generator<ToolCall[], Page, ToolOutcome[]> {
  const key = JSON.stringify(inputs);
  const lists = readLists.get(turn) ?? new Map<string, Page>();
  readLists.set(turn, lists);
  const known = lists.get(key);
  if (known) return known;
  const outputs = yield* call(...inputs.map((input) => ({ tool: 'list_tasks', input: { ...input } })));
  const seen = new Set<string>();
  const tasks: ListedTask[] = [];
  let more = false;
  for (const page of outputs.map(asPage)) {
    more ||= page.more;
    for (const task of page.tasks) if (!seen.has(task.id) && seen.add(task.id)) tasks.push(task);
  }
  lists.set(key, { tasks, more });
  return { tasks, more };
}

/** The latest assistant answer with a numbered list, and the last answer's text. */
function shown(turn: Turn): { lines: Map<number, string>; last: string } {
  const answers = turn.earlier.filter((message) => message.role === 'assistant');
  const last = answers.at(-1)?.text ?? '';
  for (let i = answers.length - 1; i >= 0; i--) {
    const lines = readNumberedLines(answers[i]?.text ?? '');
    if (lines.size > 0) return { lines, last };
  }
  return { lines: new Map(), last };
}

const lineTitle = (line: string) => line.split(' — ')[0] ?? line;

/** The words of a title for list_tasks' search: letters and digits only, so no search syntax slips in. */
const searchWords = (text: string) => (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12).join(' ').slice(0, 200);

type Resolved = { tasks: ListedTask[]; notes: string[] } | { answer: string };

/** The tasks named by lines of an earlier answer: the newest tasks first, then a search for any not among them. */
function* tasksNamed(
  turn: Turn,
  lines: string[],
): Generator<ToolCall[], { tasks: (ListedTask | null)[] }, ToolOutcome[]> {
  const page = yield* listTasks(turn, { view: 'all', limit: LOOKED_AT });
  let tasks = tasksOfLines(lines, page.tasks, turn.context.today);
  const missing = lines.filter((_, i) => tasks[i] === null);
  if (missing.length > 0 && page.more) {
    const found = yield* listTasks(
      turn,
      ...missing.slice(0, 5).map((line) => ({ view: 'all' as const, search: searchWords(lineTitle(line)), limit: 20 })),
    );
    tasks = tasksOfLines(lines, [...page.tasks, ...found.tasks], turn.context.today);
  }
  return { tasks };
}

/** Positions ("the last two") → line numbers of the shown list, or an answer saying what is wrong. */
function linesAt(positions: Position[], lines: Map<number, string>): number[] | string {
  const size = Math.max(0, ...lines.keys());
  const numbers = positions.map((position) => (position.from === 'start' ? position.index : size - position.index + 1));
  const wrong = numbers.find((n) => !lines.has(n));
  if (wrong !== undefined) {
    return wrong < 1 || positions.some((p) => p.from === 'end')
      ? `The list I showed has only ${count(size)}.`
      : `There is no number ${wrong} in the list I showed: it has ${count(size)}.`;
  }
  return [...new Set(numbers)];
}

/** Where to look for a title first, by what is to be done to it. */
const firstView = (action: Action) => (action.verb === 'reopen' ? 'done' : 'open');

/** Which tasks a target means. */
function* resolve(
  target: Target,
  action: Action,
  turn: Turn,
  options: { search: boolean },
): Generator<ToolCall[], Resolved | 'none', ToolOutcome[]> {
  const { lines, last } = shown(turn);
  if (
    target.kind === 'positions' ||
    target.kind === 'listed' ||
    (target.kind === 'bulk' && !target.query && lines.size > 0)
  ) {
    if (lines.size === 0) {
      // A number with no list shown yet is a guess: show the list, and let the answer pick.
      const open = yield* listTasks(turn, { view: 'open', limit: SHOWN });
      if (open.tasks.length === 0) return { answer: listHeading({ view: 'open' }, 0, turn.context.today) };
      return {
        answer: `I haven’t shown you a list yet. ${WHICH_ONE}\n${renderTaskLines(open.tasks, turn.context.today)}`,
      };
    }
    const numbers = target.kind === 'positions' ? linesAt(target.positions, lines) : [...lines.keys()];
    if (typeof numbers === 'string') return { answer: numbers };
    return yield* fromLines(numbers.map((n) => lines.get(n) ?? ''));
  }
  if (target.kind === 'recent') {
    // "it": the one task the last answer listed or named.
    const lastLines = [...readNumberedLines(last).values()];
    const named = lastLines.length > 0 ? lastLines.map(lineTitle) : quotedTitles(last);
    if (named.length === 1 && named[0]) return yield* fromLines([named[0]]);
    if (named.length > 1) return { answer: [WHICH_ONE, ...named.map((title, i) => `${i + 1}. ${title}`)].join('\n') };
    return { answer: 'Which task do you mean? Tell me its name, or ask “what’s left?” and pick a number.' };
  }
  if (target.kind === 'bulk') {
    const query: ListQuery | null = target.query ?? (action.verb === 'reschedule' ? { view: 'today' } : null);
    if (!query) {
      return {
        answer:
          'Which tasks do you mean? Say, for example, “complete everything due today”, or ask “what’s left?” and then say “all of them”.',
      };
    }
    const page = yield* listTasks(turn, ...listCalls(query, LOOKED_AT));
    if (page.tasks.length === 0) return { answer: listHeading(query, 0, turn.context.today) };
    return {
      tasks: page.tasks,
      notes: page.more ? [`There are more than ${LOOKED_AT}; say it again for the rest.`] : [],
    };
  }
  // A title: the likely tasks first, then a search of all of them.
  const view = firstView(action);
  const open = yield* listTasks(turn, { view, limit: LOOKED_AT });
  const found = byTitle(open.tasks, target.text, target.hint);
  if (found !== 'none') return found;
  const words = searchWords(target.text);
  if (words === '' || !options.search) return 'none';
  let searched: Page;
  try {
    searched = yield* listTasks(turn, { view: 'all', search: words, limit: LOOKED_AT });
  } catch (error) {
    if (error instanceof ToolFailed) return 'none';
    throw error;
  }
  return byTitle(searched.tasks, target.text, target.hint);

  function* fromLines(chosen: string[]): Generator<ToolCall[], Resolved, ToolOutcome[]> {
    const { tasks } = yield* tasksNamed(turn, chosen);
    const present = tasks.filter((task): task is ListedTask => task !== null);
    const gone = chosen.filter((_, i) => tasks[i] === null).map((line) => quoted(lineTitle(line)));
    if (present.length === 0)
      return { answer: `I can’t find ${andList(gone)} any more: ask “what’s left?” to see your tasks.` };
    return { tasks: present, notes: gone.length ? [`(${andList(gone)} is no longer there.)`] : [] };
  }
}

/** A title among tasks: one, an answer asking which, or none; "milk and eggs" may name two. */
function byTitle(tasks: ListedTask[], text: string, hint: string | null): Resolved | 'none' {
  const match = matchTitle(tasks, text, hint);
  if (match.kind === 'one') return { tasks: [match.task], notes: [] };
  if (match.kind === 'many') return { answer: askWhich(match.tasks, text) };
  const parts = text.split(/\s*(?:,|\band\b|&)\s*/i).filter((part) => part !== '');
  if (parts.length < 2) return 'none';
  const each = parts.map((part) => matchTitle(tasks, part, hint));
  if (each.every((m) => m.kind === 'one')) {
    return { tasks: each.flatMap((m) => (m.kind === 'one' ? [m.task] : [])), notes: [] };
  }
  return 'none';
}

function askWhich(tasks: ListedTask[], text: string): string {
  return [
    `${count(tasks.length)} match “${text}”. ${WHICH_ONE}`,
    ...tasks.slice(0, 20).map((task, i) => `${i + 1}. ${task.title}`),
  ].join('\n');
}

/** A task's due moved by `days`, keeping its time (from today when it has none). */
function shifted(task: ListedTask, days: number, today: string): string {
  const due = dueOf(task.due) ?? { date: today, time: null };
  return isoDue({ date: addDays(due.date, days), time: due.time });
}

/** Makes the change to resolved tasks and says what changed, by name. */
function* apply(action: Action, tasks: ListedTask[], turn: Turn): Generator<ToolCall[], string, ToolOutcome[]> {
  const { today } = turn.context;
  const ids = tasks.map((task) => task.id);
  switch (action.verb) {
    case 'complete': {
      const already = tasks.filter((task) => task.completed);
      const open = tasks.filter((task) => !task.completed);
      if (open.length === 0) return `${titles(already)} ${already.length === 1 ? 'is' : 'are'} already done.`;
      const [result] = yield* call({ tool: 'complete_tasks', input: { taskIds: open.map((task) => task.id) } });
      const note = already.length ? ` (${titles(already)} ${already.length === 1 ? 'was' : 'were'} already done.)` : '';
      return completed(asTasks(result), today) + note;
    }
    case 'reopen': {
      const done = tasks.filter((task) => task.completed);
      if (done.length === 0) return `${titles(tasks)} ${tasks.length === 1 ? 'is' : 'are'} not done yet.`;
      const results = yield* call(
        ...done.map((task) => ({ tool: 'update_task', input: { taskId: task.id, completed: false } })),
      );
      return `Reopened ${titles(results.flatMap(asTasks))}.`;
    }
    case 'delete': {
      const [result] = yield* call({ tool: 'delete_tasks', input: { taskIds: ids } });
      const gone = asTasks(result);
      return `Deleted ${titles(gone.length ? gone : tasks)}.${tasks.length > 1 ? ' Say “undo” to bring them back.' : ''}`;
    }
    case 'rename': {
      const [task, ...others] = tasks;
      if (!task || others.length > 0) return `I can rename one task at a time. ${askWhich(tasks, 'that')}`;
      const [result] = yield* call({ tool: 'update_task', input: { taskId: task.id, title: action.title } });
      const [renamed] = asTasks(result);
      return `Renamed ${quoted(task.title)} to ${quoted(renamed?.title ?? action.title)}.`;
    }
    case 'reschedule': {
      const { when } = action;
      let results: unknown[];
      if ('shiftDays' in when) {
        const byDue = new Map<string, string[]>();
        for (const task of tasks) {
          const due = shifted(task, when.shiftDays, today);
          byDue.set(due, [...(byDue.get(due) ?? []), task.id]);
        }
        results = yield* call(
          ...[...byDue].map(([due, taskIds]) => ({ tool: 'reschedule_tasks', input: { taskIds, due } })),
        );
      } else {
        const due = 'due' in when ? isoDue(when.due) : null;
        results = yield* call({ tool: 'reschedule_tasks', input: { taskIds: ids, due } });
      }
      return rescheduled(results.flatMap(asTasks), today);
    }
    case 'move': {
      const results = yield* call(
        ...tasks.map((task) => ({ tool: 'move_task', input: { taskId: task.id, project: action.project } })),
      );
      const moved = results.flatMap(asTasks);
      return `Moved ${titles(moved)} to #${moved[0]?.project ?? action.project}.`;
    }
    case 'prioritize': {
      const results = yield* call(
        ...tasks.map((task) => ({ tool: 'update_task', input: { taskId: task.id, priority: action.priority } })),
      );
      return prioritized(results.flatMap(asTasks), action.priority);
    }
    case 'label': {
      const key = action.label.toLowerCase();
      const changing = tasks.filter(
        (task) => task.labels.some((label) => label.toLowerCase() === key) === action.remove,
      );
      if (changing.length === 0) {
        return action.remove
          ? `${titles(tasks)} ${tasks.length === 1 ? 'has' : 'have'} no label @${action.label}.`
          : `${titles(tasks)} ${tasks.length === 1 ? 'is' : 'are'} already tagged @${action.label}.`;
      }
      const results = yield* call(
        ...changing.map((task) => ({
          tool: 'update_task',
          input: {
            taskId: task.id,
            labels: action.remove
              ? task.labels.filter((label) => label.toLowerCase() !== key)
              : [...task.labels, action.label],
          },
        })),
      );
      const changed = results.flatMap(asTasks);
      return action.remove
        ? `Removed @${action.label} from ${titles(changed)}.`
        : `Tagged ${titles(changed)} with @${action.label}.`;
    }
  }
}

/** A change: the first reading whose target names tasks; nothing found → the fallback add, or say so. */
function* changePlan(intent: Extract<Intent, { kind: 'change' }>, turn: Turn): Plan {
  let firstAnswer: string | null = null;
  let choices = intent.choices;
  if (choices.length > 1) {
    // "rename go to gym to go swimming": the reading whose task is a title as said goes first.
    const open = yield* listTasks(turn, { view: 'open', limit: LOOKED_AT });
    const openTitles = new Set(open.tasks.map((task) => task.title.toLowerCase()));
    const exact = ({ target }: (typeof choices)[number]) =>
      target.kind === 'title' && openTitles.has(target.text.toLowerCase());
    choices = [...choices.filter(exact), ...choices.filter((choice) => !exact(choice))];
  }
  for (const [index, choice] of choices.entries()) {
    // Only the first reading searches beyond the open tasks: the others would each cost a step.
    const resolved = yield* resolve(choice.target, choice.action, turn, { search: index === 0 });
    if (resolved === 'none') continue;
    if ('answer' in resolved) {
      firstAnswer ??= resolved.answer;
      continue;
    }
    const said = yield* apply(choice.action, resolved.tasks, turn);
    return [said, ...resolved.notes].join(' ');
  }
  if (firstAnswer) return firstAnswer;
  if (intent.fallback) return yield* addPlan({ kind: 'add', ...readNewTasks(intent.fallback, turn.context) }, turn);
  const [first] = intent.choices;
  const text = first?.target.kind === 'title' ? first.target.text : 'that';
  const open = yield* listTasks(turn, { view: 'open', limit: 10 });
  if (open.tasks.length === 0) return `I couldn’t find a task like “${text}”: you have no open tasks.`;
  return [`I couldn’t find a task like “${text}”. ${WHICH_ONE}`, renderTaskLines(open.tasks, turn.context.today)].join(
    '\n',
  );
}

function* addPlan(intent: Extract<Intent, { kind: 'add' }>, turn: Turn): Plan {
  if (intent.tasks.length === 0) return 'What should I add? For example: “add call mom tomorrow at 6”.';
  const [result] = yield* call({ tool: 'add_tasks', input: { tasks: intent.tasks } });
  return added(asTasks(result), turn.context.today, intent.notes);
}

function* listPlan(query: ListQuery, turn: Turn): Plan {
  let page: Page;
  try {
    page = yield* listTasks(turn, ...listCalls(query, SHOWN));
  } catch (error) {
    // "No project called “Work”": the tool's words are the answer.
    if (error instanceof ToolFailed) return `${error.message}.`;
    throw error;
  }
  const { today } = turn.context;
  const heading = listHeading(query, page.tasks.length, today);
  if (page.tasks.length === 0) return heading;
  const more = page.more ? `\nThere are more: ask about a day, a #project or a @label to narrow it down.` : '';
  return `${heading}\n${renderTaskLines(page.tasks, today, { omitProject: query.project !== undefined })}${more}`;
}

function* clearPlan(turn: Turn): Plan {
  const page = yield* listTasks(turn, { view: 'done', limit: LOOKED_AT });
  if (page.tasks.length === 0) return 'Nothing to clear: you have no completed tasks.';
  const [result] = yield* call({ tool: 'delete_tasks', input: { taskIds: page.tasks.map((task) => task.id) } });
  const gone = asTasks(result);
  const more = page.more ? ` There are more; say “clear” again for the rest.` : '';
  return `Cleared ${count(gone.length, 'completed task')}: ${titles(gone)}. Say “undo” to bring them back.${more}`;
}

function* undoPlan(): Plan {
  const [result] = yield* call({ tool: 'undo_last_turn', input: {} });
  const reverted = (
    (result as { reverted?: { title: string; change: string | null }[] } | null)?.reverted ?? []
  ).filter((entry) => typeof entry?.title === 'string');
  if (reverted.length === 0) return 'There is nothing to undo.';
  return [
    `Undid ${count(reverted.length, 'change')}:`,
    ...reverted.map((entry) => `- ${entry.change ?? quoted(entry.title)}`),
  ].join('\n');
}

function* planFor(intent: Intent, turn: Turn): Plan {
  switch (intent.kind) {
    case 'talk':
      return talk(intent.topic);
    case 'unknown':
      return notUnderstood(intent.suggestion);
    case 'unclear':
      return intent.answer;
    case 'undo':
      return yield* undoPlan();
    case 'add':
      return yield* addPlan(intent, turn);
    case 'list':
      return yield* listPlan(intent.query, turn);
    case 'clear-done':
      return yield* clearPlan(turn);
    case 'change':
      return yield* changePlan(intent, turn);
  }
}

/**
 * The reply to "Which one do you mean?": "the first one", "2", "both", "oat milk" re-reads the
 * message that was asked about with this answer as its target.
 */
export function followUp(turn: Turn, intent: Intent, read: (text: string) => Intent): Intent {
  if (intent.kind !== 'unknown') return intent;
  const lastAnswer = turn.earlier.at(-1);
  if (lastAnswer?.role !== 'assistant' || !lastAnswer.text.includes(WHICH_ONE)) return intent;
  const asked = turn.earlier.at(-2);
  if (asked?.role !== 'user') return intent;
  const pending = read(asked.text);
  if (pending.kind !== 'change') return intent;
  let target = readReference(turn.text, turn.context);
  if (target?.kind === 'title') {
    const lines = readNumberedLines(lastAnswer.text);
    const options = [...lines].map(([n, line]) => ({ n, title: lineTitle(line) }));
    const match = matchTitle(
      options.map((option) => ({ id: String(option.n), title: option.title }) as ListedTask),
      target.text,
    );
    target =
      match.kind === 'one' ? { kind: 'positions', positions: [{ from: 'start', index: Number(match.task.id) }] } : null;
  }
  if (!target || target.kind === 'bulk') return intent;
  const chosen = target;
  return { ...pending, choices: pending.choices.map((choice) => ({ ...choice, target: chosen })) };
}

/** The next step of the turn: replays the plan of `intent` over the outcomes so far. */
export function nextStep(intent: Intent, turn: Turn): Step {
  const plan = planFor(intent, turn);
  try {
    let next = plan.next();
    for (const outcomes of turn.steps) {
      if (next.done) break;
      next = plan.next(outcomes);
    }
    return next.done ? { text: next.value } : { calls: next.value };
  } catch (error) {
    if (error instanceof ToolFailed) return { text: `That didn’t work: ${error.message}` };
    throw error;
  }
}
