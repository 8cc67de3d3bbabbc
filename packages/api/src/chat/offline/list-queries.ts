import { parseTaskText } from '../../task-text/parse-task-text.ts';
import { literal, PRIORITY_PATTERN, priorityWord } from './phrases.ts';
import type { ListTasksInput, Priority, TaskView } from './tool-shapes.ts';
import type { UserContext } from './user-context.ts';
import { addDays, weekRange } from './when.ts';

/**
 * Which tasks a question (or a bulk change) is about: "what's due today", "anything overdue in
 * #Home?", "what's tagged bills", "anything urgent?", "what did I finish", "tasks about taxes".
 * Each facet is a phrase taken out of the text; what is left must be question words.
 */
export interface ListQuery {
  view: TaskView;
  /** Due days, inclusive, in the user's zone, and how they were said ("tomorrow", "this week"). */
  due?: { from: string; to: string; said?: string };
  project?: string;
  label?: string;
  /** Several: one list_tasks call each ("important": priorities 1 and 2). */
  priorities?: Priority[];
  search?: string;
}

/** Words a question is made of besides its facets: "what do I still have to do", "show me my tasks". */
const QUESTION_WORDS = new Set(
  `what what's whats which show list display view give tell me get any anything everything all is are was were do
  does did i i'm i've i'd i'll im ive have has had got gotten left still to on my the a an tasks task todos todo
  to-do to-dos lists items item stuff things thing due for in at there today there's theres plate agenda schedule
  lined up need needs should must be doing done remaining pending open outstanding else now right currently how
  many much please can you could would let lemme check look like looks looking ones one of them it yet so far
  again current whole full entire next gonna going am will with coming see more rest work working our we us that
  this these those it's its about know knows planned plans plan go ahead ok okay hey hi well and or but just also
  actually really kind sort bit few some lot lots other others remind reminder print read out find search seek
  under tagged labelled labeled label tag project projects named called set first something bunch exactly status
  overview summary rundown recap wrong mine`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** Words around a project or label name said alone ("show me Home", "what's in errands"). */
const NAME_ALONE_FILLER = new Set([
  'show',
  'me',
  'my',
  'the',
  'list',
  'what',
  "what's",
  'whats',
  'is',
  'in',
  'tasks',
  'open',
  'all',
  'view',
]);

/** A word of a facet phrase taken out, blanked so offsets stay. */
function take(text: { value: string }, pattern: RegExp): RegExpExecArray | null {
  const match = pattern.exec(text.value);
  if (!match) return null;
  text.value =
    text.value.slice(0, match.index) + ' '.repeat(match[0].length) + text.value.slice(match.index + match[0].length);
  return match;
}

const WORD_END = '(?![\\p{L}\\p{N}_-])';
const WORD_START = '(?<![\\p{L}\\p{N}_-])';

/** A known name in the text, the longest first, spelt as the user's list spells it. */
function takeName(text: { value: string }, names: string[], before: string, after: string): string | null {
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    const pattern = new RegExp(`${before}${WORD_START}${literal(name)}${WORD_END}${after}`, 'iu');
    if (take(text, pattern)) return name;
  }
  return null;
}

interface ReadQueryOptions {
  /** Only facets (a bulk reference: "everything due today"), no question words. */
  bare?: boolean;
  /** No word the grammar does not know ("today", "my tasks"), facets or not. */
  strict?: boolean;
}

/**
 * The query of a question or bulk reference, or null when the text is not one. A question may
 * have a few words this grammar does not know ("what's on my plate this arvo"), at most two.
 */
export function readListQuery(raw: string, context: UserContext, options: ReadQueryOptions = {}): ListQuery | null {
  const text = { value: raw.replace(/[?!.]+$/, '') };
  const query: ListQuery = { view: 'open' };
  let facets = 0;
  const found = (pattern: RegExp) => {
    const match = take(text, pattern);
    if (match) facets++;
    return match;
  };

  // "what needs to be done", "anything not finished": open tasks, not the done ones.
  take(
    text,
    /\b(?:(?:needs? |still |yet |left )?to (?:be|get) (?:done|finished|completed)|not (?:yet )?(?:done|finished|completed)|unfinished|incomplete|undone|uncompleted)\b/i,
  );
  const project = found(/(?:^|\s)#([\p{L}\p{N}_-][\p{L}\p{N}_ -]*?)(?=$|[\s?!.,])/u);
  if (project?.[1]) {
    const spelt = context.projects.find((name) => name.toLowerCase() === project[1]?.toLowerCase());
    query.project = spelt ?? project[1];
  }
  const label = found(/(?:^|\s)@([\p{L}\p{N}_-]+)/u);
  if (label?.[1])
    query.label = context.labels.find((name) => name.toLowerCase() === label[1]?.toLowerCase()) ?? label[1];

  if (
    found(
      /\b(?:done|finished|completed|complete|checked off|ticked off|crossed off|accomplished|achieved|got done|did i do|have i done|i've done|i have done|i did|i finished|i've finished|i completed|i've completed|i've ticked off|(?:did|have) (?:i|we) (?:finish|finished|complete|completed|do|done|accomplish|accomplished|get done|tick off|check off|ticked off|checked off))\b/i,
    )
  ) {
    query.view = 'done';
  }
  if (
    found(/\b(?:overdue|late|past due|past their due dates?|behind(?: on)?|missed|miss|slipped|forgotten about)\b/i)
  ) {
    if (query.view !== 'done') query.view = 'overdue';
  }
  if (found(/\b(?:(?:in )?(?:my |the )?inbox)\b/i)) query.view = 'inbox';
  if (found(/\b(?:today'?s?|tonight|this (?:morning|afternoon|evening)|for the day|right now)\b/i)) {
    if (query.view === 'open') query.view = 'today';
  }
  const today = context.today;
  const range = (from: string, to: string, said?: string) => {
    if (query.view === 'open') query.due = { from, to, said };
  };
  if (found(/\b(?:the day after tomorrow)\b/i)) range(addDays(today, 2), addDays(today, 2), 'the day after tomorrow');
  if (found(/\b(?:tomorrow'?s?|tmrw|tmr)\b/i)) range(addDays(today, 1), addDays(today, 1), 'tomorrow');
  if (found(/\b(?:next week'?s?)\b/i)) range(...weekRange(today, 'next week'), 'next week');
  if (found(/\b(?:(?:this |the )?(?:coming )?weekend)\b/i)) range(...weekRange(today, 'weekend'), 'this weekend');
  if (found(/\b(?:this week'?s?|the rest of the week|rest of the week|the week|this coming week|the coming week)\b/i)) {
    range(...weekRange(today, 'this week'), 'this week');
  }
  if (found(/\b(?:the next (?:7|seven) days|next (?:7|seven) days|within a week|in the next week)\b/i)) {
    range(today, addDays(today, 6), 'in the next 7 days');
  }
  if (found(/\b(?:upcoming|coming up|later on|later|in the future|future|scheduled|planned ahead|ahead)\b/i)) {
    if (query.view === 'open' && !query.due) query.view = 'upcoming';
  }
  const priority = found(new RegExp(`\\b(?:${PRIORITY_PATTERN}|high-priority|top-priority|pressing)\\b`, 'i'));
  if (priority) {
    const word = priority[0].toLowerCase();
    const level = priorityWord(word.replace('-', ' ')) ?? 1;
    query.priorities = /important|high/.test(word) && level === 2 ? [1, 2] : [level];
  }

  if (!query.project) {
    const named =
      takeName(
        text,
        context.projects,
        '(?:\\b(?:in|for|on|under|from|inside|within)\\s+(?:the\\s+|my\\s+|our\\s+)?)',
        '(?:\\s+(?:project|list|folder))?',
      ) ?? takeName(text, context.projects, '', '\\s+(?:project|list|folder|tasks|todos|stuff|items)');
    if (named) {
      query.project = named;
      facets++;
    }
  }
  if (!query.label) {
    const tagged =
      /\b(?:tagged|labell?ed|marked|with the (?:label|tag)|with (?:label|tag)|under (?:the )?(?:label|tag)|label|tag)\s+(?:as\s+|with\s+)?["']?([\p{L}\p{N}_-]+)["']?/iu.exec(
        text.value,
      );
    if (tagged?.[1]) {
      const spelt = context.labels.find((name) => name.toLowerCase() === tagged[1]?.toLowerCase());
      take(text, new RegExp(literal(tagged[0]), 'iu'));
      query.label = spelt ?? tagged[1];
      facets++;
    } else {
      const named =
        takeName(text, context.labels, '(?:\\b(?:under|with|in|for)\\s+(?:the\\s+)?)', '(?:\\s+(?:label|tag))?') ??
        takeName(text, context.labels, '', '\\s+(?:label|tag|tasks|stuff|items)');
      if (named) {
        query.label = named;
        facets++;
      }
    }
  }
  const search =
    found(/^when(?:'s| is| are| was| do i have| do i need to| should i)\s+(?:the\s+|my\s+)?(.+?)(?:\s+due)?$/i) ??
    found(
      /\b(?:about|mentioning|mention|mentions|called|named|containing|contains|contain|including|includes|include|related to|regarding|matching|match|with the words?|with the title|titled|search for|search|find|look for|looking for|look up)\s+["']?(.+?)["']?\s*$/i,
    );
  if (search?.[1]) {
    query.search = search[1].replace(/^(?:the|a|an|my)\s+/i, '').trim();
    if (query.view === 'open') query.view = 'all';
  }
  if (query.view === 'open' && !query.due) {
    const dated = /\b(?:due|on|for|by|scheduled for|planned for)\s+(.+)$/i.exec(text.value);
    const phrase = dated?.[1];
    if (phrase) {
      const parsed = parseTaskText(phrase, { timeZone: context.timeZone, now: context.now, projects: [] });
      const at = parsed.ranges.find((range) => range.kind === 'due');
      if (parsed.due && at) {
        const from = dated.index;
        const to = from + dated[0].length - phrase.length + at.end;
        text.value = text.value.slice(0, from) + ' '.repeat(to - from) + text.value.slice(to);
        range(parsed.due.date, parsed.due.date);
        facets++;
      }
    }
  }

  const words = text.value
    .toLowerCase()
    .split(/[\s,;:]+/)
    .map((word) => word.replace(/^["'(]+|["')?!.]+$/g, ''))
    .filter((word) => word !== '');
  const rest = words.filter((word) => !QUESTION_WORDS.has(word));
  // A name alone: "Home", "show errands", "what's in work".
  const alone = words.filter((word) => !NAME_ALONE_FILLER.has(word)).join(' ');
  if (facets === 0 && alone !== '') {
    const projectName = context.projects.find((name) => name.toLowerCase() === alone);
    const labelName = context.labels.find((name) => name.toLowerCase() === alone);
    if (projectName) query.project = projectName;
    else if (labelName) query.label = labelName;
    if (projectName || labelName) return query;
  }
  if (options.bare) return facets > 0 && rest.length === 0 ? query : null;
  return rest.length <= (options.strict ? 0 : 2) ? query : null;
}

/** The list_tasks calls of a query: one, or one per priority. */
export function listCalls(query: ListQuery, limit: number): ListTasksInput[] {
  const base: ListTasksInput = { view: query.view, limit };
  if (query.project) base.project = query.project;
  if (query.label) base.label = query.label;
  if (query.search) base.search = query.search;
  if (query.due) {
    base.dueFrom = query.due.from;
    base.dueTo = query.due.to;
  }
  return query.priorities?.length ? query.priorities.map((priority) => ({ ...base, priority })) : [base];
}
