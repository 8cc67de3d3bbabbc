interface ConfirmPromptProps {
  /** What is about to happen, asked: "Delete “Groceries” forever?". */
  question: string;
  /** The button that does it: "Delete forever". */
  confirm: string;
  onConfirm: () => void;
  /** The other button ("Keep it") or Escape: nothing happens. */
  onCancel: () => void;
}

/**
 * An inline question before something that cannot be undone (what can be undone offers Undo
 * instead): the button that does it has the focus, Escape or "Keep it" leaves things as they are.
 */
export function ConfirmPrompt({ question, confirm, onConfirm, onCancel }: ConfirmPromptProps) {
  return (
    <fieldset
      className="confirm"
      aria-label={question}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <span>{question}</span>
      <button
        type="button"
        className="danger"
        // biome-ignore lint/a11y/noAutofocus: the question the button just pressed asked
        autoFocus
        onClick={onConfirm}
      >
        {confirm}
      </button>
      <button type="button" onClick={onCancel}>
        Keep it
      </button>
    </fieldset>
  );
}
