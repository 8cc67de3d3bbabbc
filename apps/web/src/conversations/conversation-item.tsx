import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@taskchat/client';
import { useRef, useState } from 'react';
import { TitleForm } from '../editing/title-form.tsx';
import { useReturnFocus } from '../editing/use-return-focus.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { href, navigate } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { conversationTitle } from './conversation-title.ts';

type Conversation = RouterOutputs['conversations']['list']['items'][number];

/** A conversation in the list, with its actions behind a disclosure: rename, pin, archive, delete. */
export function ConversationItem({ conversation, active }: { conversation: Conversation; active: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const link = useRef<HTMLAnchorElement>(null);
  const menu = useRef<HTMLDetailsElement>(null);
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

  useReturnFocus(renaming, link);
  const stopRenaming = () => setRenaming(false);

  function moveToTrash() {
    remove.mutate(
      { id: conversation.id },
      {
        onSuccess: () => {
          // The open conversation is gone: a new chat takes its place, and focus goes to its button.
          if (active) navigate(href.chat(), { replace: true });
          document.querySelector<HTMLElement>('.new-chat')?.focus();
        },
      },
    );
  }

  if (renaming) {
    return (
      <li className="conversation">
        <TitleForm
          className="rename"
          initial={conversation.title ?? ''}
          label={`New title for ${name}`}
          saving={rename.isPending}
          onSave={(title) => rename.mutate({ id: conversation.id, title }, { onSuccess: stopRenaming })}
          onCancel={stopRenaming}
        />
        <ErrorAlert error={rename.error} />
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
          <button type="button" onClick={choose(() => setRenaming(true))}>
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
      {!rename.error && <ErrorAlert error={error} />}
    </li>
  );
}
