import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@taskchat/client';
import { type FormEvent, useRef, useState } from 'react';
import { errorText } from '../errors/error-text.ts';
import { useEditFocus } from '../focus/use-edit-focus.ts';
import { href, navigate } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { conversationTitle } from './conversation-title.ts';

type Conversation = RouterOutputs['conversations']['list']['items'][number];

/** A conversation in the list, with its actions behind a disclosure: rename, pin, archive, delete. */
export function ConversationItem({ conversation, active }: { conversation: Conversation; active: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState('');
  const link = useRef<HTMLAnchorElement>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  const name = conversationTitle(conversation);
  const done = () => queryClient.invalidateQueries(trpc.conversations.pathFilter());
  const options = { onSuccess: done };
  const rename = useMutation(trpc.conversations.rename.mutationOptions(options));
  const pin = useMutation(trpc.conversations[conversation.pinned ? 'unpin' : 'pin'].mutationOptions(options));
  const archive = useMutation(
    trpc.conversations[conversation.archived ? 'unarchive' : 'archive'].mutationOptions(options),
  );
  const remove = useMutation(trpc.conversations.delete.mutationOptions(options));
  /** Runs a menu action; the menu closes once one is chosen. */
  const choose = (action: () => void) => () => {
    if (menu.current) menu.current.open = false;
    action();
  };
  const error = rename.error ?? pin.error ?? archive.error ?? remove.error;

  useEditFocus(renaming, titleInput, link);

  const stopRenaming = () => setRenaming(false);

  function save(event: FormEvent) {
    event.preventDefault();
    rename.mutate({ id: conversation.id, title }, { onSuccess: stopRenaming });
  }

  function moveToTrash() {
    remove.mutate(
      { id: conversation.id },
      {
        onSuccess: () => {
          // The open conversation is gone: a new chat takes its place, with focus on its composer.
          if (active) navigate(href.chat(), { replace: true });
          document.querySelector<HTMLElement>('.new-chat')?.focus();
        },
      },
    );
  }

  if (renaming) {
    return (
      <li className="conversation">
        <form className="rename" onSubmit={save}>
          <input
            ref={titleInput}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') stopRenaming();
            }}
            aria-label={`New title for ${name}`}
            maxLength={255}
          />
          <button type="submit" className="primary" disabled={rename.isPending}>
            Save
          </button>
          <button type="button" onClick={stopRenaming}>
            Cancel
          </button>
        </form>
        {rename.error && (
          <p className="form-error" role="alert">
            {errorText(rename.error)}
          </p>
        )}
      </li>
    );
  }

  return (
    <li className="conversation">
      <a
        ref={link}
        className="conversation-link"
        href={href.chat(conversation.id)}
        aria-current={active ? 'page' : undefined}
      >
        {conversation.pinned && <span className="badge">Pinned</span>}
        <span className="conversation-name">{name}</span>
      </a>
      <details ref={menu} className="actions">
        <summary aria-label={`Actions for ${name}`}>⋯</summary>
        <div className="menu">
          <button
            type="button"
            onClick={choose(() => {
              setTitle(conversation.title ?? '');
              setRenaming(true);
            })}
          >
            Rename
          </button>
          <button type="button" onClick={choose(() => pin.mutate({ id: conversation.id }))}>
            {conversation.pinned ? 'Unpin' : 'Pin'}
          </button>
          <button type="button" onClick={choose(() => archive.mutate({ id: conversation.id }))}>
            {conversation.archived ? 'Unarchive' : 'Archive'}
          </button>
          <button type="button" className="danger" onClick={choose(moveToTrash)}>
            Delete
          </button>
        </div>
      </details>
      {error && !rename.error && (
        <p className="form-error" role="alert">
          {errorText(error)}
        </p>
      )}
    </li>
  );
}
