import type { MessagePart } from '@taskchat/client';
import { href } from '../routing/route.ts';
import { chipLinks, type DisplayPart, displayParts } from './display-parts.ts';
import { MarkdownText } from './markdown-text.tsx';
import type { Message } from './use-chat-turn.ts';

interface MessageViewProps {
  author: Message['role'];
  /** The message's text, shown as is when it has no parts (the user's words). */
  content: string;
  parts: MessagePart[] | null;
  /** Still being written (a draft), or sent and not yet stored. */
  pending?: boolean;
  incomplete?: boolean;
}

/** One message: the user's words, or the assistant's text (markdown) with a chip for each task it touched. */
export function MessageView({ author, content, parts, pending = false, incomplete = false }: MessageViewProps) {
  const shown = parts ? displayParts(parts) : [{ kind: 'text' as const, text: content }];
  return (
    <li className={`message ${author}${pending ? ' pending' : ''}`} aria-busy={pending || undefined}>
      <span className="visually-hidden">{author === 'user' ? 'You:' : 'Assistant:'}</span>
      {shown.map((part, index) => (
        // Parts never move or leave once shown: their place is their identity.
        <PartView key={`${part.kind}-${index}`} part={part} markdown={author === 'assistant'} />
      ))}
      {pending && shown.length === 0 && <p className="text typing">Thinking…</p>}
      {incomplete && <p className="note">This answer was cut short.</p>}
    </li>
  );
}

function PartView({ part, markdown }: { part: DisplayPart; markdown: boolean }) {
  if (part.kind === 'text') return markdown ? <MarkdownText text={part.text} /> : <p className="text">{part.text}</p>;
  if (part.kind === 'working') return <span className="chip working">{part.what}</span>;
  if (part.kind === 'tool-error') return <span className="chip failed">{part.error}</span>;
  return chipLinks(part, false) ? (
    <a className="chip" href={href.tasks(part.taskId)}>
      {part.label}
    </a>
  ) : (
    <span className="chip">{part.label}</span>
  );
}
