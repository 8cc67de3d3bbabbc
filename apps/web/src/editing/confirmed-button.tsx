import { useRef, useState } from 'react';
import { ConfirmPrompt } from './confirm-prompt.tsx';
import { useReturnFocus } from './use-return-focus.ts';

interface ConfirmedButtonProps {
  /** The button's words, and the confirming one's: "Revoke". */
  action: string;
  /** Its accessible name, saying which of the list's items: "Revoke laptop, created 2 Dec 2026, 14:05". */
  label: string;
  /** What is about to happen, asked. */
  question: string;
  className?: string;
  disabled?: boolean;
  onConfirm: () => void;
}

/** A button for what nothing brings back: it asks again inline first, and focus comes back to it if kept. */
export function ConfirmedButton({ action, label, question, className, disabled, onConfirm }: ConfirmedButtonProps) {
  const [asking, setAsking] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useReturnFocus(asking, button);
  if (asking) {
    return (
      <ConfirmPrompt question={question} confirm={action} onConfirm={onConfirm} onCancel={() => setAsking(false)} />
    );
  }
  return (
    <button
      ref={button}
      type="button"
      className={className}
      aria-label={label}
      disabled={disabled}
      onClick={() => setAsking(true)}
    >
      {action}
    </button>
  );
}
