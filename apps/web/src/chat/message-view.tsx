import type { MessagePart, TaskEffect } from '@taskchat/client';
import { useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { href } from '../routing/route.ts';
import { chipLinks, type DisplayPart, displayParts } from './display-parts.ts';
import { MarkdownText } from './markdown-text.tsx';
import { MessageEditor, MessageTools } from './message-tools.tsx';
import type { Message, StoredMessage } from './use-chat-turn.ts';
import type { MessageActions } from './use-message-actions.ts';
import { type TurnUndo, useTurnUndo } from './use-turn-undo.ts';

interface MessageViewProps {
  author: Message['role'];
  /** The message's text, shown as is when it has no parts (the user's words). */
  content: string;
  parts: MessagePart[] | null;
  /** Still being written (a draft), or sent and not yet stored. */
  pending?: boolean;
  incomplete?: boolean;
  /** A stored message's id, with what it did to tasks as recorded (once known): an answer with changes offers Undo. */
  messageId?: string;
  effects?: TaskEffect[];
  /** The message a link opened the conversation at (a search result's): marked. */
  marked?: boolean;
  /** A stored message of an open conversation, with what can be done to it: edit, regenerate, switch, vote. */
  tools?: { message: StoredMessage; actions: MessageActions };
}

/** The id of a stored message's element, for scrolling to it. */
export const messageElementId = (messageId: string) => `message-${messageId}`;

type TaskChip = Extract<DisplayPart, { kind: 'task' }>;

/** One message: the user's words, or the assistant's text (markdown) with a chip for each task it touched. */
export function MessageView({
  author,
  content,
  parts,
  pending = false,
  incomplete = false,
  messageId,
  effects,
  marked = false,
  tools,
}: MessageViewProps) {
  const [editing, setEditing] = useState(false);
  const shown = parts ? displayParts(parts) : [{ kind: 'text' as const, text: content }];
  const undo = useTurnUndo(messageId, effects);
  const chip = (part: TaskChip) => ({ part, undone: undo.undone, links: chipLinks(part, undo.undone, effects) });
  return (
    <li
      id={messageId && messageElementId(messageId)}
      className={`message ${author}${pending ? ' pending' : ''}${marked ? ' marked' : ''}`}
      aria-busy={pending || undefined}
      aria-current={marked || undefined}
    >
      <span className="visually-hidden">{author === 'user' ? 'You:' : 'Assistant:'}</span>
      {editing && tools ? (
        <MessageEditor message={tools.message} actions={tools.actions} onDone={() => setEditing(false)} />
      ) : (
        shown.map((part, index) => (
          // Parts never move or leave once shown: their place is their identity.
          <PartView key={`${part.kind}-${index}`} part={part} markdown={author === 'assistant'} chip={chip} />
        ))
      )}
      {pending && shown.length === 0 && <p className="text typing">Thinking…</p>}
      {incomplete && <p className="note">This answer was cut short.</p>}
      <UndoControl undo={undo} chips={shown.filter((part) => part.kind === 'task')} />
      {tools && !editing && <MessageTools {...tools} onEdit={() => setEditing(true)} />}
    </li>
  );
}

function PartView({
  part,
  markdown,
  chip,
}: {
  part: DisplayPart;
  markdown: boolean;
  chip: (part: TaskChip) => { undone: boolean; links: boolean };
}) {
  if (part.kind === 'text') return markdown ? <MarkdownText text={part.text} /> : <p className="text">{part.text}</p>;
  if (part.kind === 'working') return <span className="chip working">{part.what}</span>;
  if (part.kind === 'tool-error') return <span className="chip failed">{part.error}</span>;
  const { undone, links } = chip(part);
  const label = (
    <>
      {part.label}
      {undone && <span className="visually-hidden"> (undone)</span>}
    </>
  );
  const className = `chip${undone ? ' undone' : ''}`;
  return links ? (
    <a className={className} href={href.tasks(part.taskId)}>
      {label}
    </a>
  ) : (
    <span className={className}>{label}</span>
  );
}

/** Undo under an answer that changed tasks; once undone, what it reverted. */
function UndoControl({ undo, chips }: { undo: TurnUndo; chips: TaskChip[] }) {
  const note = useRef<HTMLParagraphElement>(null);
  const { reverted, undoneHere } = undo;
  // The button the reader pressed is gone: focus goes to what it did.
  useEffect(() => {
    if (undoneHere) note.current?.focus();
  }, [undoneHere]);
  if (undo.undone) {
    const changes = reverted?.map((effect) => effect.change ?? `${effect.action} ${effect.taskTitle}`);
    // The server skips a change it can no longer revert (its task purged, its project deleted).
    const text = !changes ? 'Undone.' : changes.length ? `Undone: ${changes.join('; ')}.` : 'Nothing left to undo.';
    return (
      <p ref={note} className="note undone-note" tabIndex={-1}>
        {text}
      </p>
    );
  }
  if (!undo.undoable) return null;
  const [first, ...others] = chips;
  const what = first ? ` ${first.label}${others.length ? ` and ${others.length} more` : ''}` : '';
  return (
    <div className="undo-turn">
      <button type="button" className="link" disabled={undo.pending} onClick={undo.undo} aria-label={`Undo${what}`}>
        Undo
      </button>
      <ErrorAlert error={undo.error} />
    </div>
  );
}
