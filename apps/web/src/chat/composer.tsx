import { type FormEvent, type KeyboardEvent, type Ref, useId, useState } from 'react';

const MAX_MESSAGE_LENGTH = 10_000;

/** Where the user writes: Enter sends, Shift+Enter starts a new line; focus stays here after sending. */
export function Composer({
  disabled,
  onSend,
  ref,
}: {
  disabled: boolean;
  onSend: (content: string) => void;
  ref?: Ref<HTMLTextAreaElement>;
}) {
  const id = useId();
  const [content, setContent] = useState('');

  function send(event?: FormEvent) {
    event?.preventDefault();
    if (disabled || !content.trim()) return;
    onSend(content);
    setContent('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
  }

  return (
    <form className="composer" onSubmit={send}>
      <label htmlFor={id} className="visually-hidden">
        Message
      </label>
      <textarea
        id={id}
        ref={ref}
        value={content}
        onChange={(event) => setContent(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder="Ask the assistant, e.g. “add buy oat milk”"
        rows={2}
        maxLength={MAX_MESSAGE_LENGTH}
        // biome-ignore lint/a11y/noAutofocus: the chat screen exists to write in; focus starts here
        autoFocus
      />
      <button type="submit" className="primary" disabled={disabled || !content.trim()}>
        Send
      </button>
    </form>
  );
}
