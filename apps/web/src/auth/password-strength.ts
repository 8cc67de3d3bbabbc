/**
 * How hard a new password is to guess, by zxcvbn-ts with its common and English dictionaries: the
 * packages, settings and personal words the server refuses a password with, below a score of 2
 * (`packages/api/src/auth/password-strength.ts`), so the meter says what the server will say. The
 * dictionaries are large: they load on first use, in chunks of their own, not with the app.
 */
export interface PasswordStrength {
  /** 0–4, zxcvbn's score. */
  score: number;
  /** What makes it easy to guess ("This is a very common password."), if anything. */
  warning: string | null;
  suggestions: string[];
}

export type StrengthCheck = (password: string, userInputs: string[]) => PasswordStrength;

/** As the server scores: the first 32 characters, at most 5 l33t readings (bounding the work). */
const SCORED_LENGTH = 32;
const L33T_VARIANTS = 5;

async function loadCheck(): Promise<StrengthCheck> {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  const zxcvbn = new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
    maxLength: SCORED_LENGTH,
    l33tMaxSubstitutions: L33T_VARIANTS,
  });
  return (password, userInputs) => {
    // Scored as the server stores it: NFKC-normalised.
    const { score, feedback } = zxcvbn.check(password.normalize('NFKC'), userInputs);
    return { score, warning: feedback.warning || null, suggestions: feedback.suggestions };
  };
}

let loading: Promise<StrengthCheck> | null = null;

/** The check, loaded once; a failed load (the network) is tried again at the next call. */
export function passwordStrengthCheck(): Promise<StrengthCheck> {
  loading ??= loadCheck().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * The words an attacker tries first, as the server counts them: the email, its local part and the
 * name, whole, word by word ("ada.lovelace": "ada", "lovelace") and cut where scoring stops.
 */
export function personalInputs(email: string, name?: string | null): string[] {
  const whole = [email, email.slice(0, Math.max(0, email.lastIndexOf('@'))), name ?? ''];
  const words = whole.slice(1).flatMap((text) => text.split(/[^\p{L}\p{N}]+/u));
  return [...new Set([...whole, ...whole.map((text) => text.slice(0, SCORED_LENGTH)), ...words])].filter(Boolean);
}

/** The meter's words: 0–1 the server refuses. */
export function strengthWords(score: number): string {
  if (score < 2) return 'Too easy to guess';
  return ['Fair', 'Good', 'Strong'][score - 2] ?? 'Strong';
}
