import { useEffect, useState } from 'react';
import { type PasswordStrength, passwordStrengthCheck } from './password-strength.ts';

/** How long the typing pauses before the meter scores the new text. */
const TYPING_PAUSE_MS = 150;

/**
 * The strength of `password` as it is typed: null while it is empty, or before the dictionaries
 * have loaded (they start loading with the first character).
 */
export function usePasswordStrength(password: string, userInputs: string[]): PasswordStrength | null {
  const [strength, setStrength] = useState<PasswordStrength | null>(null);
  // A value the effect can compare: the caller's array is a new one at every render.
  const inputs = userInputs.join('\n');
  useEffect(() => {
    if (!password) return;
    let current = true;
    // A check costs up to ~40 ms of the main thread: it waits for a pause in the typing.
    const timer = setTimeout(() => {
      passwordStrengthCheck()
        .then((check) => {
          if (current) setStrength(check(password, inputs.split('\n')));
        })
        // Without the meter the form still works: the server checks the password anyway.
        .catch(() => undefined);
    }, TYPING_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, inputs]);
  // Until the new text's answer comes (a moment), the last one stays: the meter does not flicker.
  return password ? strength : null;
}
