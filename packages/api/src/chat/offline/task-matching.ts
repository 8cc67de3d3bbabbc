import { IRREGULAR_PAST } from './phrases.ts';
import type { ListedTask } from './tool-shapes.ts';

/**
 * Which task a title reference means. Words are compared by a crude stem (both sides alike, so
 * "bought"/"buy" or "dentists"/"dentist" meet) and a prefix ("dent" → "dentist"). Tiers, best
 * first: the same title; every word of the reference in the title; at least half of them. The
 * best tier with any task wins; within it the verb of a "I bought the milk" sentence breaks ties.
 * Two tasks left in the winning tier is an ambiguity: the caller asks which one.
 */
export type Match = { kind: 'one'; task: ListedTask } | { kind: 'many'; tasks: ListedTask[] } | { kind: 'none' };

/** Words that say nothing about which task: left out of a reference. */
const STOP_WORDS = new Set(
  'the a an my our your his her their this that these those to of for and or with on in at by from up off out it its task tasks item todo one thing some about please again too also just all'.split(
    ' ',
  ),
);

const IRREGULAR: Record<string, string> = {
  ...IRREGULAR_PAST,
  children: 'child',
  people: 'person',
  mice: 'mouse',
  teeth: 'tooth',
};

/** A crude stem: irregular forms, then -ies/-ied → y, -ing, -ed, -es, -s, a final e and a doubled consonant. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w in IRREGULAR) return IRREGULAR[w] ?? w;
  if (w.length > 4 && (w.endsWith('ies') || w.endsWith('ied'))) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && /(?:ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];

/** The words of a reference that tell tasks apart, stemmed. */
function referenceWords(text: string): string[] {
  return words(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
}

const same = (a: string, b: string) =>
  a === b || (a.length >= 3 && b.startsWith(a)) || (b.length >= 4 && a.startsWith(b));

function tier(wanted: string[], whole: string, task: ListedTask): number {
  const title = words(task.title);
  if (title.join(' ') === whole) return 3;
  const stems = title.map(stem);
  const found = wanted.filter((word) => stems.some((candidate) => same(word, candidate))).length;
  if (found === wanted.length) return 2;
  return found > 0 && found * 2 >= wanted.length ? 1 : 0;
}

/** The task(s) `reference` names among `tasks`. `hint` is a verb's stem ("buy") that breaks ties. */
export function matchTitle(tasks: ListedTask[], reference: string, hint: string | null = null): Match {
  const wanted = referenceWords(reference);
  const whole = words(reference).join(' ');
  if (wanted.length === 0 && whole === '') return { kind: 'none' };
  const scored = tasks.map((task) => ({
    task,
    tier: wanted.length ? tier(wanted, whole, task) : words(task.title).join(' ') === whole ? 3 : 0,
  }));
  const best = Math.max(0, ...scored.map((entry) => entry.tier));
  if (best === 0) return { kind: 'none' };
  let winners = scored.filter((entry) => entry.tier === best).map((entry) => entry.task);
  if (winners.length > 1 && hint) {
    const verb = stem(hint);
    const hinted = winners.filter((task) => words(task.title).some((word) => same(verb, stem(word))));
    if (hinted.length > 0) winners = hinted;
  }
  if (winners.length > 1) {
    // The same title twice (two "buy milk"): the first listed one, not a question nobody can answer.
    const titles = new Set(winners.map((task) => task.title.toLowerCase()));
    if (titles.size === 1) winners = winners.slice(0, 1);
  }
  const [first] = winners;
  if (winners.length === 1 && first) return { kind: 'one', task: first };
  return { kind: 'many', tasks: winners };
}
