import { strengthWords } from './password-strength.ts';
import { usePasswordStrength } from './use-password-strength.ts';

/**
 * How hard the password being typed is to guess: a meter, its words ("Too easy to guess" where
 * the server would refuse it, "Fair", "Good", "Strong") and zxcvbn's warning and suggestions.
 */
export function PasswordMeter({ password, userInputs }: { password: string; userInputs: string[] }) {
  const strength = usePasswordStrength(password, userInputs);
  if (!strength) return null;
  const words = strengthWords(strength.score);
  const advice = [strength.warning, ...strength.suggestions].filter(Boolean).join(' ');
  return (
    <div className={`strength score-${strength.score}`}>
      <meter aria-label="Strength" min={0} max={4} low={2} high={3} optimum={4} value={strength.score} />
      <p className="strength-words" aria-live="polite">
        {words}
        {advice && <span className="strength-advice"> · {advice}</span>}
      </p>
    </div>
  );
}
