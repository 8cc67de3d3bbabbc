import { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * The strength rule for a new password: zxcvbn-ts, with its common-password, English and keyboard
 * dictionaries, must score it at least 2 of 4 (at least 10^6 guesses: out of reach of a throttled
 * online attack), counting the account's email and name as words an attacker tries first. NIST SP
 * 800-63B asks verifiers to refuse such passwords. It runs on the password threads
 * (`password-worker.ts`), where a check's cost (up to ~30 ms of a core) cannot stall requests.
 */

const MIN_SCORE = 2;

/**
 * zxcvbn's work grows with the length and with the substitutions its l33t matcher tries: a
 * 128-character password takes up to 1.5 s with its defaults, the first 32 characters with at most
 * 5 substituted variants about 30 ms. A password whose first 32 characters are hard to guess is
 * hard to guess; one whose first 32 are not is refused however it goes on.
 */
const SCORED_LENGTH = 32;
const L33T_VARIANTS = 5;

/** The account a new password is for: its words are the first an attacker tries. */
export interface PasswordOwner {
  email: string;
  name: string | null;
}

let checker: Promise<ZxcvbnFactory> | undefined;

/** The dictionaries (~20 MB once built, ~0.3 s to load) load on the first check, once per thread. */
async function loadChecker(): Promise<ZxcvbnFactory> {
  const [common, english] = await Promise.all([import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
  return new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
    maxLength: SCORED_LENGTH,
    l33tMaxSubstitutions: L33T_VARIANTS,
  });
}

/**
 * The email, its local part and the name, whole and word by word ("ada.lovelace" gives "ada" and
 * "lovelace"), each also cut where scoring stops, so a long email as the password still matches.
 */
function ownerWords(owner: PasswordOwner): string[] {
  const localPart = owner.email.slice(0, owner.email.lastIndexOf('@'));
  const wholes = [owner.email, localPart, owner.name ?? ''];
  const words = wholes.slice(1).flatMap((whole) => whole.split(/[^\p{L}\p{N}]+/u));
  const cut = wholes.map((whole) => whole.slice(0, SCORED_LENGTH));
  return [...new Set([...wholes, ...cut, ...words])].filter((word) => word !== '');
}

/**
 * Why the password is too easy to guess ("Too easy to guess: this is a heavily used password. Add
 * more words that are less common."), or null when it is not.
 */
export async function passwordWeakness(password: string, owner: PasswordOwner): Promise<string | null> {
  checker ??= loadChecker();
  const { score, feedback } = (await checker).check(password, ownerWords(owner));
  if (score >= MIN_SCORE) return null;
  const warning = feedback.warning
    ? feedback.warning.charAt(0).toLowerCase() + feedback.warning.slice(1)
    : 'passwords like this one are among the first an attacker tries.';
  const suggestions = feedback.suggestions.length > 0 ? feedback.suggestions.join(' ') : 'Add another word or two.';
  return `Too easy to guess: ${warning} ${suggestions}`;
}
