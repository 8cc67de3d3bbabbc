import { useEffect, useState } from 'react';
import { type PasswordStrength, passwordStrengthCheck } from './password-strength.ts';

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
    passwordStrengthCheck()
      .then((check) => {
        if (current) setStrength(check(password, inputs.split('\n')));
      })
      // Without the meter the form still works: the server checks the password anyway.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [password, inputs]);
  // Until the new text's answer comes (a moment), the last one stays: the meter does not flicker.
  return password ? strength : null;
}
