import { ConfirmedButton } from './confirmed-button.tsx';

/** "Delete forever" for something in the trash: asked again inline first, since nothing brings it back. */
export function PurgeButton({ name, label, onPurge }: { name: string; label: string; onPurge: () => void }) {
  return (
    <ConfirmedButton
      action="Delete forever"
      className="danger"
      label={label}
      question={`Delete “${name}” forever?`}
      onConfirm={onPurge}
    />
  );
}
