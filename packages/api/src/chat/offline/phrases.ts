import type { Priority } from './tool-shapes.ts';

/**
 * The offline assistant's vocabulary: the small word lists and rewrites the intent grammar
 * (intents.ts) is written in. English only; every pattern is anchored or bounded, so a long
 * message costs linear time.
 */

/** Commands are read from messages up to this long; a longer one can only be a list to add. */
export const MAX_COMMAND_LENGTH = 400;

/** `text` as a regular expression matching it literally. */
export const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Curly quotes and apostrophes as straight ones, whitespace collapsed (newlines kept), trimmed. */
export function normalise(message: string): string {
  return message
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/[“”„]/g, '"')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** Strips final full stops and exclamation marks (a loop: a regex for it backtracks on long runs). */
export function withoutFinalPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && '.!'.includes(text[end - 1] ?? '')) end--;
  return text.slice(0, end).trimEnd();
}

/** Quotes a user may put around a title, and a final full stop, removed. */
export function unquote(text: string): string {
  const trimmed = withoutFinalPunctuation(text.trim());
  const quoted = /^["'](.*)["']$/s.exec(trimmed);
  return (quoted?.[1] ?? trimmed).trim();
}

const POLITE_START =
  /^(?:(?:ok(?:ay)?|so|hey|hi|well|um+|uh+|also|and|then|now|oh|right|alright|actually|assistant),? )*(?:(?:please|pls|plz|kindly|just) |(?:can|could|would|will) (?:you|u) (?:please |pls |just )?|(?:can|could|shall|should) we (?:please |just )?|would you mind |i'?d like you to |i want you to |i need you to |go ahead and |let'?s |help me )*/i;
const POLITE_END = /(?:,? (?:please|pls|plz|thanks|thank you|thx|for me|now|asap please))+$/i;

/**
 * What is left of a request without its courtesies: "could you please add milk, thanks" → "add
 * milk". Question marks are kept (they tell a question from a statement).
 */
export function withoutCourtesy(text: string): string {
  const start = POLITE_START.exec(text)?.[0].length ?? 0;
  const rest = text.slice(start);
  return rest.replace(POLITE_END, '').trim() || text;
}

/** "a", "one", "two" … "ten" or digits → a number, else null. */
export function amount(word: string): number | null {
  const small: Record<string, number> = {
    a: 1,
    an: 1,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    couple: 2,
    'a couple of': 2,
    'a few': 3,
  };
  const key = word.toLowerCase();
  if (key in small) return small[key] ?? null;
  return /^\d{1,3}$/.test(key) ? Number(key) : null;
}

const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  'twenty-first': 21,
  'twenty first': 21,
  'twenty-second': 22,
  'twenty second': 22,
  'twenty-third': 23,
  'twenty third': 23,
  thirtieth: 30,
  'thirty-first': 31,
  'thirty first': 31,
};

/** The ordinals in words, longest first, for building patterns. */
export const ORDINAL_PATTERN = Object.keys(ORDINAL_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** "first" → 1, "3rd" → 3, "3" → 3, else null. */
export function ordinal(word: string): number | null {
  const key = word.toLowerCase().trim();
  if (key in ORDINAL_WORDS) return ORDINAL_WORDS[key] ?? null;
  const match = /^(\d{1,3})(?:st|nd|rd|th)?$/.exec(key);
  return match ? Number(match[1]) : null;
}

/** Words for priorities, each to its level (p1 is the most urgent). */
const PRIORITY_WORDS: [RegExp, Priority][] = [
  [
    /^(?:urgent(?:ly)?|asap|critical|top priority|highest priority|very important|super important|priority (?:1|one)|p1|!!!)$/i,
    1,
  ],
  [/^(?:important|high priority|high|priority (?:2|two)|p2|!!)$/i, 2],
  [/^(?:medium priority|medium|normal priority|priority (?:3|three)|p3)$/i, 3],
  [
    /^(?:low priority|lowest priority|low|not urgent|not important|no priority|whenever|someday|priority (?:4|four)|p4)$/i,
    4,
  ],
];

export const PRIORITY_PATTERN =
  'urgent(?:ly)?|asap|critical|top priority|highest priority|very important|super important|important|high priority|medium priority|normal priority|low priority|lowest priority|not urgent|not important|no priority|priority (?:[1-4]|one|two|three|four)|p[1-4]';

/** A priority said in words ("urgent", "high priority", "p2"), else null. */
export function priorityWord(text: string): Priority | null {
  const key = text.trim();
  for (const [pattern, level] of PRIORITY_WORDS) if (pattern.test(key)) return level;
  return null;
}

/** "p1" → "urgent", for answers. */
export function priorityName(priority: Priority): string {
  return ['', 'priority 1 (urgent)', 'priority 2 (high)', 'priority 3 (medium)', 'priority 4 (none)'][priority] ?? '';
}

/** Words that say a task is done, after its reference ("… is done", "… done"). */
export const DONE_WORDS =
  'done|finished|complete|completed|sorted|sorted out|taken care of|handled|dealt with|ticked off|checked off|crossed off|over with';

/** The verbs of completing, before a reference ("finish 2", "check off milk"). */
export const COMPLETE_VERBS =
  'done with|done|finished with|finished|finish|completed|complete|check off|checked off|tick off|ticked off|cross off|crossed off';

/** The verbs of deleting, before a reference. */
export const DELETE_VERBS =
  'delete|remove|drop|erase|trash|bin|scrap|scratch|cancel|kill|nuke|ditch|discard|get rid of|take off|strike|cross out|forget about|forget';

/** A past-tense verb that tells of a finished task ("I bought the milk" → "buy"). */
export const IRREGULAR_PAST: Record<string, string> = {
  bought: 'buy',
  paid: 'pay',
  sent: 'send',
  wrote: 'write',
  written: 'write',
  made: 'make',
  took: 'take',
  taken: 'take',
  got: 'get',
  gotten: 'get',
  did: 'do',
  done: 'do',
  went: 'go',
  gone: 'go',
  ate: 'eat',
  eaten: 'eat',
  fed: 'feed',
  read: 'read',
  rang: 'ring',
  spoke: 'speak',
  told: 'tell',
  found: 'find',
  brought: 'bring',
  met: 'meet',
  ran: 'run',
  sold: 'sell',
  kept: 'keep',
  built: 'build',
  spent: 'spend',
  taught: 'teach',
  caught: 'catch',
  drove: 'drive',
  gave: 'give',
  swept: 'sweep',
  hung: 'hang',
  saw: 'see',
  seen: 'see',
  threw: 'throw',
  drew: 'draw',
  flew: 'fly',
  chose: 'choose',
  put: 'put',
  set: 'set',
  cut: 'cut',
  shut: 'shut',
  won: 'win',
  wore: 'wear',
  washed: 'wash',
  began: 'begin',
  understood: 'understand',
  sat: 'sit',
  slept: 'sleep',
  lent: 'lend',
  sang: 'sing',
  swam: 'swim',
  rode: 'ride',
  fixed: 'fix',
  mowed: 'mow',
  sewed: 'sew',
  hid: 'hide',
  froze: 'freeze',
  woke: 'wake',
  ground: 'grind',
  dug: 'dig',
  fought: 'fight',
};

/** Past tenses that do not mean a task got done ("I wanted to…", "I forgot the milk"). */
const NOT_DONE_PAST = new Set([
  'wanted',
  'needed',
  'forgot',
  'forgotten',
  'missed',
  'planned',
  'intended',
  'hoped',
  'tried',
  'started',
  'added',
  'scheduled',
  'rescheduled',
  'postponed',
  'moved',
  'decided',
  'used',
  'liked',
  'loved',
  'hated',
  'asked',
  'deleted',
  'removed',
  'renamed',
  'created',
  'changed',
  'wondered',
  'guess',
  'thought',
  'meant',
  'said',
  'heard',
  'had',
  'was',
  'were',
  'felt',
  'lost',
  'left',
  'failed',
  'skipped',
  'ignored',
  'dropped',
  'cancelled',
  'canceled',
  'delayed',
  'need',
  'wished',
  'hoped',
]);

/**
 * The present stem of a past tense that says a task got done ("bought" → "buy", "called" →
 * "call"), or null when the word is no such past tense.
 */
export function pastTenseStem(word: string): string | null {
  const key = word.toLowerCase();
  if (NOT_DONE_PAST.has(key)) return null;
  if (key in IRREGULAR_PAST) return IRREGULAR_PAST[key] ?? null;
  if (key.length < 4 || !key.endsWith('ed') || key.endsWith('eed')) return null;
  if (key.endsWith('ied')) return `${key.slice(0, -3)}y`;
  return key.slice(0, -2);
}

/** Greetings, thanks, goodbyes, help requests, cancels and yeses: whole messages. */
export const SMALL_TALK: [RegExp, 'greeting' | 'thanks' | 'farewell' | 'help' | 'cancel' | 'acknowledge'][] = [
  [
    /^(?:hi+|hello+|hey+|hiya|howdy|yo|heya|hallo|greetings|good (?:morning|afternoon|evening|day)|morning|evening|sup|what'?s up|whats up|how are you(?: doing)?|how'?s it going|hey there|hi there|hello there)(?: there)?(?: (?:assistant|bot|friend|buddy|mate))?[\s,!.?]*(?:how are you(?: doing)?|how'?s it going)?[\s!.?]*$/i,
    'greeting',
  ],
  [
    /^(?:(?:ok(?:ay)?|great|awesome|perfect|nice|cool|brilliant|lovely|excellent|wonderful|amazing|super|sweet|good job|well done|fantastic|neat)[,!. ]+)*(?:thanks+|thank you|thx|ty|tysm|cheers|much appreciated|appreciate it|you'?re (?:the best|great|awesome|a star)|ta)(?: (?:so|very) much| a lot| a ton| heaps)?(?: for (?:that|this|your help|the help|everything|helping))?(?: (?:mate|buddy|friend))?[\s!.]*(?:👍|🙏|❤️|😊)?$/i,
    'thanks',
  ],
  [
    /^(?:great|awesome|perfect|nice|brilliant|lovely|excellent|wonderful|amazing|fantastic|good job|well done|nice one|great job|nice work|great work|you rock)[\s!.]*(?:👍|🙏|❤️|😊)?$/i,
    'thanks',
  ],
  [
    /^(?:bye+|goodbye|good ?night|see (?:you|ya)(?: later| soon| tomorrow)?|later|cya|ttyl|talk (?:to you )?later|that'?s all(?: for now)?|that'?s it(?: for now)?|i'?m done for (?:today|now|the day)|catch you later)[\s!.]*$/i,
    'farewell',
  ],
  [
    /^(?:help|help me|\?+|what can you do|what (?:else )?can you do(?: for me)?|what do you do|what are you|who are you|how does this work|how do (?:i|you) use (?:this|you)|what can i (?:say|ask|do)|what do you understand|commands|examples?|show (?:me )?(?:some )?examples|how do i (?:add|use) (?:a )?tasks?|what are (?:the|your) commands|what are you (?:able to do|capable of|good at|for)|what can you help (?:me )?with|how can you help(?: me)?|what do you know|menu|options|instructions|usage)[\s?!.]*$/i,
    'help',
  ],
  [
    /^(?:never ?mind|nvm|cancel(?: that)?|forget it|forget that|no(?:pe)?(?: thanks| thank you)?|nothing|stop|don'?t|leave it|skip it|no worries)[\s!.]*$/i,
    'cancel',
  ],
  [
    /^(?:yes|yeah|yep|yup|sure|ok(?:ay)?|k|alright|all right|right|fine|sounds good|got it|understood|great|good|nice|cool|perfect|👍)[\s!.]*$/i,
    'acknowledge',
  ],
];
