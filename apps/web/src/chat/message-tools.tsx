import { type FormEvent, useState } from 'react';
import type { StoredMessage } from './use-chat-turn.ts';
import type { MessageActions } from './use-message-actions.ts';

/** "‹ 2 / 3 ›": which of its siblings (the edits of a message, the answers to one) this is, and the way to the others. */
function BranchSwitcher({ message, actions }: { message: StoredMessage; actions: MessageActions }) {
  const siblings = message.siblings;
  if (!siblings || siblings.count < 2) return null;
  const { previousId, nextId } = siblings;
  const what = message.role === 'user' ? 'version' : 'answer';
  return (
    <nav className="branch-switcher" aria-label={`${what} ${siblings.position} of ${siblings.count}`}>
      <button
        type="button"
        className="link"
        aria-label={`Previous ${what}`}
        disabled={previousId === null || actions.turnRunning}
        onClick={() => previousId && actions.switchTo(previousId)}
      >
        ‹
      </button>
      <span>
        {siblings.position} / {siblings.count}
      </span>
      <button
        type="button"
        className="link"
        aria-label={`Next ${what}`}
        disabled={nextId === null || actions.turnRunning}
        onClick={() => nextId && actions.switchTo(nextId)}
      >
        ›
      </button>
    </nav>
  );
}

/** Thumbs up or down on an answer, pressed again to take it back; a comment once voted. */
function Votes({ message, actions }: { message: StoredMessage; actions: MessageActions }) {
  const vote = message.vote ?? null;
  const [comment, setComment] = useState<string | null>(null);
  const cast = (value: 'up' | 'down') => actions.vote(message.id, vote?.value === value ? null : value);
  const saveComment = (event: FormEvent) => {
    event.preventDefault();
    if (vote && comment?.trim()) actions.vote(message.id, vote.value, comment.trim());
    setComment(null);
  };
  return (
    <div className="votes">
      <button
        type="button"
        className="link"
        aria-label="Good answer"
        aria-pressed={vote?.value === 'up'}
        onClick={() => cast('up')}
      >
        Good
      </button>
      <button
        type="button"
        className="link"
        aria-label="Bad answer"
        aria-pressed={vote?.value === 'down'}
        onClick={() => cast('down')}
      >
        Bad
      </button>
      {vote && comment === null && (
        <button type="button" className="link" onClick={() => setComment(vote.comment ?? '')}>
          {vote.comment ? 'Edit comment' : 'Add a comment'}
        </button>
      )}
      {vote && comment !== null && (
        <form className="vote-comment" onSubmit={saveComment}>
          <input
            aria-label="Comment on this answer"
            maxLength={1000}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
          <button type="submit">Save</button>
        </form>
      )}
    </div>
  );
}

/** The tools under a stored message: edit (the user's), regenerate and votes (an answer's), and its branch switcher. */
export function MessageTools({
  message,
  actions,
  onEdit,
}: {
  message: StoredMessage;
  actions: MessageActions;
  onEdit: () => void;
}) {
  return (
    <div className="message-tools">
      <BranchSwitcher message={message} actions={actions} />
      {message.role === 'user' && (
        <button type="button" className="link" disabled={actions.turnRunning} onClick={onEdit}>
          Edit
        </button>
      )}
      {message.role === 'assistant' && (
        <>
          <button
            type="button"
            className="link"
            disabled={actions.turnRunning}
            onClick={() => actions.regenerate(message)}
          >
            Regenerate
          </button>
          <Votes message={message} actions={actions} />
        </>
      )}
    </div>
  );
}

/** A user message's words, editable in place: sending them starts a new branch beside the old one. */
export function MessageEditor({
  message,
  actions,
  onDone,
}: {
  message: StoredMessage;
  actions: MessageActions;
  onDone: () => void;
}) {
  const [content, setContent] = useState(message.content);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!content.trim()) return;
    actions.edit(message, content);
    onDone();
  };
  return (
    <form className="message-editor" onSubmit={submit}>
      <textarea
        aria-label="Edit your message"
        value={content}
        maxLength={10_000}
        // biome-ignore lint/a11y/noAutofocus: the reader asked to edit this message: the cursor goes there.
        autoFocus
        onChange={(event) => setContent(event.target.value)}
      />
      <div className="message-editor-actions">
        <button type="submit" disabled={!content.trim() || actions.turnRunning}>
          Send
        </button>
        <button type="button" className="link" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
