import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@taskchat/client';
import { useRef, useState } from 'react';
import { TitleForm } from '../editing/title-form.tsx';
import { useFocusSuccessor } from '../editing/use-focus-successor.ts';
import { useReturnFocus } from '../editing/use-return-focus.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { href, navigate } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { conversationTitle } from './conversation-title.ts';
import { useRefreshConversationLists } from './use-refresh-conversation-lists.ts';

type Conversation = RouterOutputs['conversations']['list']['items'][number];

/** A conversation in the list, with its actions behind a disclosure: rename, pin, archive, delete. */
export function ConversationItem({ conversation, active }: { conversation: Conversation; active: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const item = useRef<HTMLLIElement>(null);
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
  const refreshLists = useRefreshConversationLists();
  const remove = useMutation(
    trpc.conversations.delete.mutationOptions({
      onSuccess: () => {
        // The open conversation is gone: a new chat takes its place (before anything asks for it again).
        if (active) navigate(href.chat(), { replace: true });
        return refreshLists();
      },
    }),
  );
  /** Runs a menu action: the menu closes, and focus goes back to the conversation (or, when it leaves the list, to the next). */
  const choose = (action: () => void) => () => {
    if (menu.current) menu.current.open = false;
    link.current?.focus();
    action();
  };
  const error = rename.error ?? pin.error ?? archive.error ?? remove.error;

  useReturnFocus(renaming, link);
  useFocusSuccessor(item, '.new-chat');
  const stopRenaming = () => setRenaming(false);

  if (renaming) {
    return (
      <li ref={item} className="conversation">
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
    <li ref={item} className="conversation">
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
          <button type="button" className="danger" onClick={choose(() => remove.mutate({ id: conversation.id }))}>
            Delete
          </button>
        </div>
      </details>
      {!rename.error && <ErrorAlert error={error} />}
    </li>
  );
}
