import { useRef, useState } from 'react';
import { ConfirmPrompt } from './confirm-prompt.tsx';
import { useReturnFocus } from './use-return-focus.ts';

/** "Delete forever" for something in the trash: asked again inline first, since nothing brings it back. */
export function PurgeButton({ name, label, onPurge }: { name: string; label: string; onPurge: () => void }) {
  const [asking, setAsking] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useReturnFocus(asking, button);
  if (asking) {
    return (
      <ConfirmPrompt
        question={`Delete “${name}” forever?`}
        confirm="Delete forever"
        onConfirm={onPurge}
        onCancel={() => setAsking(false)}
      />
    );
  }
  return (
    <button ref={button} type="button" className="danger" onClick={() => setAsking(true)} aria-label={label}>
      Delete forever
    </button>
  );
}
