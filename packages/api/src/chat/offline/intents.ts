import { parseTaskText } from '../../task-text/parse-task-text.ts';
import { type ListQuery, readListQuery } from './list-queries.ts';
import { type NewTasks, readNewTasks } from './new-tasks.ts';
import {
  COMPLETE_VERBS,
  DELETE_VERBS,
  DONE_WORDS,
  MAX_COMMAND_LENGTH,
  normalise,
  PRIORITY_PATTERN,
  pastTenseStem,
  priorityWord,
  SMALL_TALK,
  unquote,
  withoutCourtesy,
  withoutFinalPunctuation,
} from './phrases.ts';
import { readReference, type Target } from './references.ts';
import type { Priority } from './tool-shapes.ts';
import type { UserContext } from './user-context.ts';
import { readDate, readWhen, type When } from './when.ts';

/**
 * The offline assistant's grammar: what one message asks for. Pure and deterministic: the same
 * text and context give the same intent. Each reader below tries one kind of request; the first
 * that recognises the message wins, in the order of `READERS`. docs/offline-assistant.md lists
 * what it understands.
 */
export type Action =
  | { verb: 'complete' }
  | { verb: 'reopen' }
  | { verb: 'delete' }
  | { verb: 'rename'; title: string }
  | { verb: 'reschedule'; when: When }
  | { verb: 'move'; project: string }
  | { verb: 'prioritize'; priority: Priority }
  | { verb: 'label'; label: string; remove: boolean };

export type Talk = 'greeting' | 'thanks' | 'farewell' | 'help' | 'cancel' | 'acknowledge';

export type Intent =
  | ({ kind: 'add' } & NewTasks)
  | { kind: 'list'; query: ListQuery }
  /**
   * One or more readings of a change, tried in order ("rename a to b to c" has two). `fallback`:
   * the text to add as a task when no task matches ("put the bins out on tuesday").
   */
  | { kind: 'change'; choices: { target: Target; action: Action }[]; fallback?: string }
  | { kind: 'clear-done' }
  | { kind: 'undo' }
  | { kind: 'talk'; topic: Talk }
  /** Understood, but something is missing: the answer asks for it. */
  | { kind: 'unclear'; answer: string }
  /** Not understood; `suggestion` is the request it looks like ("add buy milk"). */
  | { kind: 'unknown'; suggestion: string | null };

type Reader = (text: string, context: UserContext, question: boolean) => Intent | null;

const change = (target: Target | null, action: Action): Intent | null =>
  target ? { kind: 'change', choices: [{ target, action }] } : null;

const smallTalk: Reader = (text) => {
  if (text.length > 80) return null;
  for (const [pattern, topic] of SMALL_TALK) if (pattern.test(text)) return { kind: 'talk', topic };
  return null;
};

const undo: Reader = (text) =>
  /\b(?:undo|revert|roll ?back)\b|^(?:take (?:that|it) back|put (?:it|that|them|everything) back(?: the way it was)?|reverse (?:that|it|the last change)|that was (?:a mistake|wrong)|oops,? (?:go back|put it back)|go back)$/i.test(
    text,
  )
    ? { kind: 'undo' }
    : null;

const DONE_THINGS = '(?:done|finished|completed|complete|checked|checked off|ticked|ticked off|crossed off)';
const CLEAR_VERBS =
  '(?:clear|clean up|clean out|purge|delete|remove|get rid of|wipe|wipe out|tidy up|trash|bin|empty|erase|drop|archive|hide)';

/** "clear everything that's done": delete the completed tasks (and "clear" alone means that too). */
const clearDone: Reader = (text) => {
  const about = new RegExp(
    `^${CLEAR_VERBS}\\s+(?:out\\s+|up\\s+)?(?:all\\s+(?:of\\s+)?)?(?:the\\s+|my\\s+)?(?:(?:everything|all|tasks|ones|items|stuff|things|todos|to-dos)\\s+(?:that'?s|that are|that is|that were|which are|i'?ve|i have|i|we'?ve)\\s+(?:already\\s+)?${DONE_THINGS}|${DONE_THINGS}(?:\\s+(?:ones|tasks|items|stuff|things|todos|to-dos|list))?)(?:\\s+(?:tasks|items|from (?:my|the) list))?$`,
    'i',
  );
  if (about.test(text)) return { kind: 'clear-done' };
  return /^clear(?:\s+(?:out|up))?(?:\s+(?:my|the))?(?:\s+(?:list|to-?do list|tasks|it|it all|everything|all))?$/i.test(
    text,
  )
    ? { kind: 'clear-done' }
    : null;
};

/** "tag the dentist with @health", "add @errands to 2", "remove the label bills from rent". */
const labels: Reader = (text, context) => {
  let match = /^(?:tag|label)\s+(.+?)\s+(?:with|as)\s+(?:the\s+)?(?:label\s+|tag\s+)?@?([\p{L}\p{N}_-]+)$/iu.exec(text);
  if (match?.[1] && match[2])
    return change(readReference(match[1], context), { verb: 'label', label: match[2], remove: false });
  match = /^add\s+(?:the\s+)?(?:(?:label|tag)\s+@?|@)([\p{L}\p{N}_-]+)\s+(?:label\s+|tag\s+)?to\s+(.+)$/iu.exec(text);
  if (match?.[1] && match[2])
    return change(readReference(match[2], context), { verb: 'label', label: match[1], remove: false });
  match =
    /^(?:remove|delete|drop|take off|take)\s+(?:the\s+)?(?:(?:label|tag)\s+@?|@)([\p{L}\p{N}_-]+)\s+(?:label\s+|tag\s+)?(?:off\s+|from\s+|off of\s+)(.+)$/iu.exec(
      text,
    );
  if (match?.[1] && match[2])
    return change(readReference(match[2], context), { verb: 'label', label: match[1], remove: true });
  match = /^untag\s+(.+?)\s+(?:from\s+)?@?([\p{L}\p{N}_-]+)$/iu.exec(text);
  if (match?.[1] && match[2])
    return change(readReference(match[1], context), { verb: 'label', label: match[2], remove: true });
  return null;
};

/** "remove the due date from the dentist", "unschedule 2". */
const clearDate: Reader = (text, context) => {
  const match =
    /^(?:remove|clear|delete|drop|take off|unset|get rid of|take away)\s+(?:the\s+)?(?:due\s+)?(?:date|due date|day|schedule|time)\s+(?:from|of|on|for|off)\s+(.+)$/i.exec(
      text,
    ) ??
    /^(?:unschedule|undate|unset the date of|unset the due date of)\s+(.+)$/i.exec(text) ??
    /^(.+?)\s+(?:has|needs|should have|gets)\s+no\s+(?:due\s+)?date(?:\s+any\s*more)?$/i.exec(text);
  return match?.[1] ? change(readReference(match[1], context), { verb: 'reschedule', when: { clear: true } }) : null;
};

const ADD_NOUN =
  '(?:(?:a|an|the|one|some)\\s+)?(?:new\\s+)?(?:tasks?|todos?|to-dos?|items?|reminders?|entry|entries|note)';

/**
 * "put "call the bank" on my list for monday", "put milk on the shopping list": the task, what
 * follows the list, and the project when the list is one ("shopping list" and a project Shopping).
 */
function putOnList(text: string, context: UserContext): string | null {
  const match =
    /^(?:put|stick|pop)\s+(.+?)\s+(?:on|in|to|onto)\s+(?:my|the)\s+(?:(.+?)\s+)?(?:list|tasks|inbox)\b(.*)$/i.exec(
      text,
    );
  if (!match?.[1]) return null;
  const [, task, kind = '', rest = ''] = match;
  if (kind === '' || /^(?:to-?do|todo|task)$/i.test(kind)) return `${task}${rest}`;
  const project = context.projects.find((name) => name.toLowerCase() === kind.toLowerCase());
  return project ? `${task}${rest} #${project}` : null;
}

const SOFT_ADD = [
  /^(?:(?:i|we)\s*)?(?:(?:really|urgently|still|also|definitely|seriously|just|then)\s+)?(?:need to|needs to|have to|has to|'ve got to|'ve gotta|have got to|got to|gotta|must|should|ought to|want to|wanna|'d like to|would like to|plan to|'m planning to|am planning to|mean to|intend to|'m going to|am going to|'m gonna|am gonna|'ll need to|'ll have to|will need to|will have to|will|'ll|can't forget to|cannot forget to|mustn't forget to|must not forget to|shouldn't forget to)\s+(?:(?:really|definitely|also|still|just|probably|seriously|actually|urgently|finally|quickly)\s+)?(.+)$/i,
  /^(?:don'?t|do not|dont) (?:let me )?forget (?:to |about |that i need to )?(.+)$/i,
  /^(?:remember|make sure|be sure)\s+(?:to|that i|i)\s+(.+)$/i,
  /^(?:(?:to do|todo|to-do|tbd)\s*:)\s*(.+)$/i,
];

/** The task of "I need to …", "don't forget to …", and whether it was said to be urgent. */
function softAdd(text: string): { body: string; priority: Priority | null } | null {
  for (const pattern of SOFT_ADD) {
    const body = pattern.exec(text)?.[1];
    if (body) return { body, priority: /\burgently\b/i.test(text.slice(0, text.length - body.length)) ? 1 : null };
  }
  return null;
}

/** "tomorrow I need to pick up the car": a day said first. */
const LEADING_DAY =
  /^((?:today|tonight|tomorrow|this (?:morning|afternoon|evening|weekend|week)|next week|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tues|wednes|thurs|fri|satur|sun)day)),?\s+(.+)$/i;

const NOTHING_TO_ADD: Intent = {
  kind: 'unclear',
  answer: 'What should I add? For example: “add call mom tomorrow at 6”.',
};

/** "add …", "new task: …", "remind me to …", "I need to …", "don't forget to …". */
const add: Reader = (text, context, question) => {
  if (/^add\s*:?$/i.test(text)) return NOTHING_TO_ADD;
  const explicit =
    /^(?:add|insert|jot down|write down|note down|log|capture|put down|stick)\s+(?!(?:the\s+)?(?:label|tag)\s|@)(.+)$/i.exec(
      text,
    )?.[1] ??
    new RegExp(`^(?:create|make|new|set up|start|open|put in|put)\\s+${ADD_NOUN}\\s*(.*)$`, 'i').exec(text)?.[1] ??
    /^(?:new\s+)?(?:task|todo|to-?do|reminder|note to self|memo|note)\s*[:\-–]\s*(.+)$/i.exec(text)?.[1] ??
    putOnList(text, context);
  if (explicit !== undefined && explicit !== null) {
    const body = explicit
      .replace(
        new RegExp(
          `^${ADD_NOUN}(?:\\s*:\\s*|\\s+(?:to|called|named|for|about|saying|that says|which says|:)\\s+|\\s+)`,
          'i',
        ),
        '',
      )
      .replace(/^(?:to|onto)\s+(?:my|the)\s+(?:to-?do\s+|task\s+)?(?:list|tasks|to-?dos?)\s*:?\s*/i, '')
      .replace(/^(?:these|the following|this)\s*:?\s*/i, '')
      .replace(/^:\s*/, '');
    if (body.trim() === '') return NOTHING_TO_ADD;
    // "add a reminder to call mom at 5": a reminder at that time, as "remind me to" gives.
    const remind = /^\S+\s+(?:(?:a|an|one)\s+)?(?:new\s+)?reminders?\b/i.test(text);
    return { kind: 'add', ...readNewTasks(body, context, { explicit: true, remind }) };
  }
  const remind =
    /^(?:remind me|reminder|set a reminder|set up a reminder|add a reminder|give me a reminder|ping me)\s+(?:to|that i (?:need|have) to|that i should|that i must|about|of|for|i need to)\s+(.+)$/i.exec(
      text,
    );
  if (remind?.[1]) return { kind: 'add', ...readNewTasks(remind[1], context, { remind: true }) };
  // "remind me every friday to submit my timesheet", "remind me tomorrow about the dentist".
  const later = /^(?:remind me|ping me)\s+(.{1,60}?)\s+(?:to|about|that i need to|that i have to)\s+(.+)$/i.exec(text);
  if (later?.[1] && later[2] && (/^(?:every|each)\s/i.test(later[1]) || readDate(later[1], context))) {
    return { kind: 'add', ...readNewTasks(`${later[2]} ${later[1]}`, context, { remind: true }) };
  }
  if (question) return null;
  const lead = LEADING_DAY.exec(text);
  const led = lead?.[2] ? softAdd(lead[2]) : null;
  if (lead?.[1] && led) {
    return { kind: 'add', ...readNewTasks(`${led.body} ${lead[1]}`, context, { priority: led.priority }) };
  }
  const soft = softAdd(text);
  return soft ? { kind: 'add', ...readNewTasks(soft.body, context, { priority: soft.priority }) } : null;
};

/** Whether the text says a date or a repetition. */
function hasDate(text: string, context: UserContext): boolean {
  const parsed = parseTaskText(text, { timeZone: context.timeZone, now: context.now });
  return parsed.due !== null || parsed.recurrence !== null;
}

/** The longest date phrase tried after "to" ("next tuesday at 3pm"), in characters and in words. */
const MAX_DATE_PHRASE = 60;
const MAX_DATE_WORDS = 6;

/** What "to <value>" makes of a task: a date (or shift), a project, a priority; null when none. */
function valueAction(value: string, context: UserContext): Action | null {
  const cleaned = value.trim().replace(/\s+(?:instead|please|then|now)$/i, '');
  const project = projectNamed(cleaned, context);
  if (project) return { verb: 'move', project };
  // Date phrases are short: a long tail is read by no date parser (a long message stays cheap).
  const when = cleaned.length <= MAX_DATE_PHRASE ? readWhen(cleaned, context) : null;
  if (when) return { verb: 'reschedule', when };
  const priority = priorityWord(cleaned.replace(/\s+priority$/i, ' priority').replace(/^(?:a|an)\s+/i, ''));
  if (priority) return { verb: 'prioritize', priority };
  return null;
}

/** "#Home", "Home", "the Home project", "my Home list": a project's name, spelt as the user's list spells it. */
function projectNamed(text: string, context: UserContext): string | null {
  const match = /^(?:(?:the|my|our)\s+)?(#?)(.+?)(?:'s)?(?:\s+(?:project|list|folder))?$/i.exec(text.trim());
  const name = match?.[2]?.toLowerCase();
  if (!name) return null;
  const known = context.projects.find((project) => project.toLowerCase() === name);
  if (known) return known;
  // "#Errands" names a project even when it is not in the prompt's (bounded) list: the tool decides.
  return match?.[1] === '#' && /^[\p{L}\p{N}_-][\p{L}\p{N}_ -]*$/u.test(match[2] ?? '') ? (match[2] ?? null) : null;
}

/** Every way to cut "head <word> tail" at one of `words`, the leftmost cut first. */
function cuts(text: string, words: RegExp): { head: string; tail: string }[] {
  return [...text.matchAll(words)]
    .map((match) => ({
      head: text.slice(0, match.index).trim(),
      tail: text.slice(match.index + match[0].length).trim(),
    }))
    .filter((cut) => cut.head !== '' && cut.tail !== '');
}

/** "rename 2 to call the bank", "change the name of the dentist to orthodontist". */
const rename: Reader = (text, context) => {
  const named =
    /^(?:change|update|edit|set|fix)\s+(?:the\s+)?(?:name|title|wording|text|description)\s+(?:of|for|on)\s+(.+)$/i.exec(
      text,
    )?.[1] ?? /^(?:rename|retitle|re-title|re-name|reword|re-word)\s+(.+)$/i.exec(text)?.[1];
  const should = /^(.+?)\s+should\s+(?:be\s+called|be\s+named|say|read)\s+(.+)$/i.exec(text);
  if (should?.[1] && should[2])
    return change(readReference(should[1], context), { verb: 'rename', title: unquote(should[2]) });
  if (named === undefined) return null;
  const choices = renamings(named, context);
  if (choices.length === 0) {
    return { kind: 'unclear', answer: 'Rename it to what? Say, for example, “rename 2 to call the bank”.' };
  }
  // A position ("rename 2 to …") is certain: the other cuts are titles that cannot compete.
  const positional = choices.find((choice) => choice.target.kind === 'positions');
  return { kind: 'change', choices: positional ? [positional] : choices };
};

/** A rename tries at most this many cuts ("rename a to b to c to d"): each may cost the planner a step. */
const MAX_READINGS = 3;

/** The readings of "<task> to <new title>", one per " to " (or "as", "into"), the leftmost first. */
function renamings(text: string, context: UserContext): { target: Target; action: Action }[] {
  return cuts(text, /\s(?:to|as|into|->|→)\s/gi)
    .slice(0, MAX_READINGS)
    .flatMap(({ head, tail }) => {
      const target = readReference(head, context);
      const title = unquote(tail);
      return target && title ? [{ target, action: { verb: 'rename' as const, title } }] : [];
    });
}

const RESCHEDULE =
  /^(?:reschedule|move|push back|push out|push|postpone|delay|defer|snooze|bump|shift|put off|put|change|set|make|switch|update|do|handle|tackle)\s+(.+)$/i;
/** Verbs that also start new tasks ("put the bins out on tuesday"): with no such task, it is added. */
const ALSO_NEW = /^(?:put|set|make|change|switch|update|do|handle|tackle)$/;
const PREPOSITIONS = /\s(?:to|for|until|till|til|on|by|into|in|onto|under|due|at|till|from)\s/gi;

/** "move the dentist to next Tuesday", "push everything due today to tomorrow", "move 3 to #Home". */
const reschedule: Reader = (text, context) => {
  const dated =
    /^(?:change|set|move|update|make|push|shift)\s+(?:the\s+)?(?:due\s+)?(?:date|due date|day|time)\s+(?:of|for|on)\s+(.+?)\s+(?:to|for|as)\s+(.+)$/i.exec(
      text,
    );
  if (dated?.[1] && dated[2]) {
    const when = readWhen(dated[2], context);
    if (when) return change(readReference(dated[1], context), { verb: 'reschedule', when });
  }
  const verb = RESCHEDULE.exec(text);
  const rest = verb?.[1];
  if (rest) {
    const word = text
      .slice(0, text.length - rest.length)
      .trim()
      .toLowerCase();
    const orAdd = (intent: Intent | null): Intent | null =>
      intent?.kind === 'change' && ALSO_NEW.test(word) ? { ...intent, fallback: text } : intent;
    for (const { head, tail } of cuts(rest, PREPOSITIONS)) {
      const action = valueAction(tail, context);
      if (action && (action.verb !== 'prioritize' || /^(?:make|set|change|put|update)$/.test(word))) {
        return orAdd(change(readReference(head, context), action));
      }
    }
    // "push the dentist back a week", "postpone 2 by two days".
    const shift =
      /^(.+?)\s+((?:back|forward|out|ahead)\s+)?(?:by\s+)?((?:a|an|one|two|three|four|five|six|seven|\d{1,3}|a couple of|a few)\s+(?:days?|weeks?|months?))(?:\s+(?:later|back))?$/i.exec(
        rest,
      );
    if (shift?.[1] && shift[3]) {
      const when = readWhen(shift[3], context);
      if (when) return change(readReference(shift[1], context), { verb: 'reschedule', when });
    }
    // "postpone the dentist": to tomorrow, as Todoist's postpone does.
    if (/^(?:postpone|delay|defer|snooze|put off|push back|bump)$/.test(word)) {
      const target = readReference(rest.replace(/\s+(?:back|off)$/i, ''), context);
      const tomorrow = readWhen('tomorrow', context);
      if (target && tomorrow) return change(target, { verb: 'reschedule', when: tomorrow });
    }
    // "move the dentist next tuesday", "do the laundry tomorrow instead": a date at the end with no preposition.
    if (/^(?:move|reschedule|push|shift|do|switch|bump)$/.test(word)) {
      const words = rest.split(' ');
      for (let cut = Math.max(1, words.length - MAX_DATE_WORDS); cut < words.length; cut++) {
        const when = readWhen(words.slice(cut).join(' '), context);
        if (when && 'due' in when) {
          return orAdd(change(readReference(words.slice(0, cut).join(' '), context), { verb: 'reschedule', when }));
        }
      }
    }
  }
  // "change the milk to oat milk": no date, project or priority after "to", so a new title.
  if (rest && /^(?:change|update|edit|correct|fix|switch)\s/i.test(text)) {
    const choices = renamings(rest, context);
    if (choices.length > 0) return { kind: 'change', choices };
  }
  // "the dentist got moved to friday", "the meeting has been pushed to monday".
  const moved =
    /^(.+?)\s+(?:got|has been|have been|was|were|is being|'s been|is)\s+(?:moved|pushed(?: back)?|postponed|rescheduled|changed|delayed|bumped|put off)\s+(?:to|until|till|for|by)\s+(.+)$/i.exec(
      text,
    );
  const movedWhen = moved?.[2] ? readWhen(moved[2], context) : null;
  if (moved?.[1] && movedWhen) return change(readReference(moved[1], context), { verb: 'reschedule', when: movedWhen });
  const is =
    /^(.+?)\s+(?:is|'s|should be|needs to be|has to be|will be|can be|can wait until|can wait till|can wait)\s+(?:now\s+)?(?:due\s+|on\s+|for\s+|happening\s+|moved to\s+|scheduled for\s+|done\s+)?(.+)$/i.exec(
      text,
    );
  if (is?.[1] && is[2]) {
    const when = readWhen(is[2].replace(/\s+(?:instead|now)$/i, ''), context);
    const intent = when && 'due' in when ? change(readReference(is[1], context), { verb: 'reschedule', when }) : null;
    if (intent)
      return {
        ...intent,
        fallback: text.replace(/\s+(?:is|'s|should be|needs to be|has to be|will be|can be)\s+/i, ' '),
      } as Intent;
  }
  return null;
};

/** "make the dentist urgent", "the first one is important", "set 2 to p1", "prioritise taxes". */
const prioritize: Reader = (text, context) => {
  let match = new RegExp(
    `^(?:make|mark|set|flag|change|put|update|bump)\\s+(.+?)\\s+(?:as\\s+|to\\s+|at\\s+|a\\s+)*(${PRIORITY_PATTERN})(?:\\s+priority)?$`,
    'i',
  ).exec(text);
  if (match?.[1] && match[2])
    return change(readReference(match[1], context), { verb: 'prioritize', priority: priorityWord(match[2]) ?? 1 });
  match = new RegExp(
    `^(.+?)\\s+(?:is|'s|are)\\s+(?:(?:very|really|super|quite|now|more|actually)\\s+)*(${PRIORITY_PATTERN})$`,
    'i',
  ).exec(text);
  if (match?.[1] && match[2])
    return change(readReference(match[1], context), { verb: 'prioritize', priority: priorityWord(match[2]) ?? 1 });
  match =
    /^(?:change|set|raise|lower|bump|update|make)\s+(?:the\s+)?priority\s+(?:of|for|on)\s+(.+?)\s+(?:to|as)\s+(.+)$/i.exec(
      text,
    );
  if (match?.[1] && match[2]) {
    const value = match[2].trim();
    const priority = /^[1-4]$/.test(value)
      ? (Number(value) as Priority)
      : (priorityWord(value) ?? priorityWord(`${value} priority`));
    if (priority) return change(readReference(match[1], context), { verb: 'prioritize', priority });
  }
  match =
    /^(?:prioriti[sz]e|escalate|bump up|raise the priority of|increase the priority of|up the priority of)\s+(.+)$/i.exec(
      text,
    );
  if (match?.[1]) return change(readReference(match[1], context), { verb: 'prioritize', priority: 1 });
  match =
    /^(?:deprioriti[sz]e|de-prioriti[sz]e|lower the priority of|decrease the priority of|reduce the priority of)\s+(.+)$/i.exec(
      text,
    );
  if (match?.[1]) return change(readReference(match[1], context), { verb: 'prioritize', priority: 4 });
  return null;
};

/** "reopen 2", "mark the dentist as not done", "the milk isn't done". */
const reopen: Reader = (text, context) => {
  const match =
    /^(?:reopen|re-open|uncheck|untick|unmark|uncomplete|un-complete|unfinish|unarchive)\s+(.+)$/i.exec(text) ??
    /^(?:mark|set|put)\s+(.+?)\s+(?:as\s+|back\s+(?:to|as)\s+)?(?:not done|undone|not finished|incomplete|open|unfinished|not complete|not completed|to do|todo|pending)$/i.exec(
      text,
    ) ??
    /^(.+?)\s+(?:isn'?t|is not|wasn'?t|was not|aren'?t|are not|is no longer)\s+(?:actually\s+|really\s+)?(?:done|finished|complete|completed)(?:\s+yet)?(?:\s+after all)?$/i.exec(
      text,
    ) ??
    /^i\s+(?:didn'?t|did not|haven'?t|have not|never)\s+(?:actually\s+|really\s+)?(?:finish|finished|do|done|complete|completed)\s+(.+?)(?:\s+yet)?(?:\s+after all)?$/i.exec(
      text,
    );
  return match?.[1] ? change(readReference(match[1], context), { verb: 'reopen' }) : null;
};

/** "done 2", "mark the first one done", "milk is done", "I bought the milk", "finished the report". */
const complete: Reader = (text, context) => {
  const done = { verb: 'complete' } as const;
  if (
    /^(?:done|finished|completed|complete|did it|did that|that'?s done|it'?s done|this is done|all done with (?:it|that)|done with (?:it|that)|finished (?:it|that))$/i.test(
      text,
    )
  ) {
    return change({ kind: 'recent' }, done);
  }
  let match =
    /^(?:i\s+)?got\s+(.+?)\s+done$/i.exec(text) ??
    new RegExp(`^(?:mark|set|flag|tick|check)\\s+(.+?)\\s+(?:as\\s+)?(?:${DONE_WORDS}|off)$`, 'i').exec(text) ??
    new RegExp(
      `^(?:please\\s+)?(?:all\\s+)?(?:${COMPLETE_VERBS})\\s*[:\\-–]?\\s+(?:with\\s+)?(.+?)(?:\\s+(?:off|as done))?$`,
      'i',
    ).exec(text) ??
    new RegExp(
      `^(.+?)\\s+(?:is|are|was|were|'s|has been|have been|got|is now|are now|all)\\s+(?:all\\s+)?(?:${DONE_WORDS})(?:\\s+now)?$`,
      'i',
    ).exec(text) ??
    new RegExp(`^(.+?)\\s*(?:-|–|—|:)?\\s+(?:${DONE_WORDS}|✓|✔|✅)$`, 'i').exec(text) ??
    /^(?:i|we)(?:'ve|\s+have|\s+just|\s+already|\s+finally)*\s+(?:done|finished|completed|got through|dealt with|handled|sorted|sorted out|taken care of|took care of|crossed off|ticked off|checked off)\s+(?:with\s+)?(.+)$/i.exec(
      text,
    ) ??
    /^(?:i'?m|i am|we'?re|we are)\s+(?:all\s+)?(?:done|finished|through)\s+with\s+(.+)$/i.exec(text);
  if (match?.[1]) {
    const target = readReference(match[1], context);
    // "finish the report by friday" is a new task with a date, not a finished one.
    if (target?.kind === 'title' && hasDate(match[1], context)) return null;
    return change(target, done);
  }
  // "I bought the milk", "just called mom": a past tense; its verb breaks ties between titles.
  match =
    /^(?:(?:i|we)(?:'ve|\s+have)?\s+|just\s+)?(?:(?:just|already|finally|actually|now)\s+)*([\p{L}]+)\s+(.+)$/iu.exec(
      text,
    );
  const stem = match?.[1] ? pastTenseStem(match[1]) : null;
  if (match?.[2] && stem && !hasDate(match[2], context)) {
    const object = match[2]
      .replace(/^(?:up|off|out|back)\s+/i, '')
      .replace(/\s+(?:today|yesterday|already|earlier|this morning|just now|finally)$/i, '');
    return change(readReference(object, context, stem), done);
  }
  return null;
};

/** "delete 2", "remove the last two", "get rid of the dentist", "I don't need to call mom any more". */
const remove: Reader = (text, context) => {
  const match =
    new RegExp(
      `^(?:${DELETE_VERBS})\\s+(.+?)(?:\\s+(?:from|off)\\s+(?:my|the)\\s+(?:list|tasks|to-?do(?: list)?))?$`,
      'i',
    ).exec(text) ??
    /^(?:take|cross|strike|scratch)\s+(.+?)\s+(?:off|out)(?:\s+(?:of\s+)?(?:my|the)\s+(?:list|tasks|to-?do(?: list)?))?$/i.exec(
      text,
    ) ??
    /^(?:i\s+|we\s+)?(?:don'?t|do not|no longer|won'?t|will not)\s+(?:need|have|want)\s+(?:to\s+)?(.+?)(?:\s+any\s*more)?(?:\s+after all)?$/i.exec(
      text,
    ) ??
    /^(.+?)\s+(?:is|are|'s)\s+(?:cancelled|canceled|not needed|no longer needed|off|not happening|unnecessary|irrelevant)(?:\s+any\s*more)?$/i.exec(
      text,
    );
  if (!match?.[1]) return null;
  const target = readReference(match[1], context);
  if (target?.kind === 'bulk' && target.query === null) {
    return {
      kind: 'unclear',
      answer:
        'I won’t delete every task in one go. Name the ones to delete (“delete everything in #Home”, “delete 1 and 3”), or say “clear everything that’s done” to delete the completed ones.',
    };
  }
  if (target?.kind === 'bulk' && target.query?.view === 'done') return { kind: 'clear-done' };
  return change(target, { verb: 'delete' });
};

/** A question or request about tasks has one of these, or a facet ("today", "#Home", "urgent"). */
const ABOUT_TASKS =
  /\b(?:done|needs?|tasks?|todos?|to-?dos?|lists?|left|plate|agenda|do|doing|pending|remaining|outstanding|open|schedule|planned|items|stuff|anything|everything|reminders|things|next|show|list|upcoming|due)\b/i;
/** How a command starts: "move the dentist to next week?" is no question about next week. */
const COMMANDS =
  /^(?:add|move|reschedule|push|postpone|delay|defer|delete|remove|complete|mark|rename|change|set|make|put|clear|undo|tag|label|untag|finish|done|check off|tick off|cross off|cancel|drop|snooze|bump|shift|prioriti[sz]e|reopen|uncheck)\b/i;

/** How a question starts ("what's left", "show me…", "anything urgent?"), not a command's verb. */
const ASKS =
  /^(?:what|what'?s|whats|which|show|list|display|view|see|tell me|give me|any|anything|is there|are there|do i|do we|have i|have we|how many|how much|can i see|let me see|lemme see|find|search|look up|look for|when)\b/i;

function listOf(text: string, context: UserContext, question: boolean, strict: boolean): Intent | null {
  const query = readListQuery(text, context, { strict });
  if (!query) return null;
  const faceted =
    query.view !== 'open' || query.due || query.project || query.label || query.priorities || query.search;
  if (faceted || ((question || strict || ASKS.test(text)) && ABOUT_TASKS.test(text))) return { kind: 'list', query };
  return null;
}

/** "what's left?", "what's due today", "anything overdue in #Home?", "show @bills": a question's shape. */
const ask: Reader = (text, context, question) =>
  (question || ASKS.test(text)) && !COMMANDS.test(text) ? listOf(text, context, question, false) : null;

/** "today", "overdue", "#Home", "errands", "my tasks": a list asked for in words the grammar knows, all of them. */
const list: Reader = (text, context, question) => listOf(text, context, question, true);

/** A task in one line with a date, a #project, a priority…: "dentist next tuesday 3pm", "urgent: file taxes". */
const quickAdd: Reader = (text, context, question) => {
  if (question) return null;
  const parsed = parseTaskText(text, { timeZone: context.timeZone, now: context.now, projects: context.projects });
  const prefixed = new RegExp(`^\\(?(?:${PRIORITY_PATTERN})\\)?\\s*[:\\-–—!]`, 'i').test(text);
  if (!prefixed && (parsed.ranges.length === 0 || parsed.title === text.trim())) return null;
  // "I have a dentist appointment on thursday at 2pm", "there's a party on saturday": the thing itself.
  const thing = text.replace(
    /^(?:(?:i|we)(?:\s+have|'ve got|\s+have got|\s+got)|there(?:'s|\s+is))\s+(?:an?\s+)?(?=\S)/i,
    '',
  );
  return { kind: 'add', ...readNewTasks(thing, context) };
};

/** The order matters: small talk and undo first; adding before changing ("add the label…" aside). */
const READERS: Reader[] = [
  smallTalk,
  undo,
  clearDone,
  labels,
  clearDate,
  add,
  ask,
  prioritize,
  rename,
  reschedule,
  reopen,
  complete,
  remove,
  list,
  quickAdd,
];

/** A list of lines without a verb ("eggs\nmilk\nbread") is a list to add. */
function pastedList(text: string, context: UserContext): Intent | null {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2 || lines.some((line) => line.length > 200 || line.trim().endsWith('?'))) return null;
  return { kind: 'add', ...readNewTasks(text, context) };
}

/** Reads what one user message asks for. */
export function readIntent(message: string, context: UserContext): Intent {
  const normalised = normalise(message);
  if (normalised === '') return { kind: 'talk', topic: 'help' };
  const question = normalised.endsWith('?');
  const talk = smallTalk(withoutFinalPunctuation(normalised), context, question);
  if (talk) return talk;
  const text = withoutFinalPunctuation(withoutCourtesy(normalised)).replace(/\?+$/, '').trim();
  if (text.includes('\n') || text.length > MAX_COMMAND_LENGTH) {
    const firstLine = text.split('\n')[0] ?? '';
    const head = /^(?:(?:please\s+)?add|put|new tasks?|tasks?|todos?|to-?do)\b[^\n]*$/i.exec(firstLine);
    if (head && text.includes('\n')) {
      const body = text.slice(firstLine.length + 1);
      const inline = firstLine.replace(
        /^(?:(?:please\s+)?add|put|new tasks?|tasks?|todos?|to-?do)\b\s*(?:these|the following|this|to my list|to the list)?\s*:?\s*/i,
        '',
      );
      return { kind: 'add', ...readNewTasks(inline ? `${inline}\n${body}` : body, context, { explicit: true }) };
    }
    if (text.includes('\n')) return pastedList(text, context) ?? { kind: 'unknown', suggestion: null };
    const add = /^(?:please\s+)?add\s+(.+)$/is.exec(text);
    return add?.[1]
      ? { kind: 'add', ...readNewTasks(add[1], context, { explicit: true }) }
      : { kind: 'unknown', suggestion: null };
  }
  for (const reader of READERS) {
    const intent = reader(text, context, question);
    if (intent) return intent;
  }
  const looksLikeTask =
    !question && !ASKS.test(text) && text.split(' ').length <= 8 && !/\b(?:you|your|i|me|my|we)\b/i.test(text);
  return { kind: 'unknown', suggestion: looksLikeTask ? `add ${text}` : null };
}
