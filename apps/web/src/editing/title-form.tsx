import { type FormEvent, useEffect, useRef, useState } from 'react';

interface TitleFormProps {
  className: string;
  /** The title being changed: the field starts with it, selected. */
  initial: string;
  /** The field's accessible name, e.g. "New title for buy oat milk". */
  label: string;
  saving: boolean;
  onSave: (title: string) => void;
  /** Escape or the Cancel button. */
  onCancel: () => void;
}

/** A title edited in place (a task's, a conversation's): Enter saves, Escape cancels. */
export function TitleForm({ className, initial, label, saving, onSave, onCancel }: TitleFormProps) {
  const [title, setTitle] = useState(initial);
  const form = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Taller than the line it replaced: all of it is scrolled into view (the end of a list, a phone's short strip).
    form.current?.scrollIntoView({ block: 'nearest' });
    input.current?.select();
  }, []);

  function save(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === initial) onCancel();
    else onSave(title);
  }

  return (
    <form ref={form} className={className} onSubmit={save}>
      <input
        ref={input}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
        }}
        aria-label={label}
        maxLength={255}
      />
      <button type="submit" className="primary" disabled={saving}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
