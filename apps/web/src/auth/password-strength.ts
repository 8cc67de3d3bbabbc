/**
 * How hard a new password is to guess, by zxcvbn-ts with its common and English dictionaries: the
 * same packages and settings the server refuses a password with (below a score of 2). They are
 * large, so they load on first use, in a chunk of their own, not with the app.
 */
export interface PasswordStrength {
  /** 0–4, zxcvbn's score. */
  score: number;
  /** What makes it easy to guess ("This is a very common password."), if anything. */
  warning: string | null;
  suggestions: string[];
}

export type StrengthCheck = (password: string, userInputs: string[]) => PasswordStrength;

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

/** What a password must not be built from, as the server reads it: the email, its local part, the name. */
export function personalInputs(email: string, name?: string | null): string[] {
  return [email, email.split('@')[0] ?? '', name ?? ''].filter(Boolean);
}

/** The meter's words: 0–1 the server refuses. */
export function strengthWords(score: number): string {
  if (score < 2) return 'Too easy to guess';
  return ['Fair', 'Good', 'Strong'][score - 2] ?? 'Strong';
}
