import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@taskchat/client';
import { useRef, useState } from 'react';
import { TitleForm } from '../editing/title-form.tsx';
import { useFocusSuccessor } from '../editing/use-focus-successor.ts';
import { useReturnFocus } from '../editing/use-return-focus.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { downloadFile } from '../files/download-file.ts';
import { Menu } from '../menus/menu.tsx';
import { href } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { conversationTitle } from './conversation-title.ts';
import { useDeleteConversation } from './use-delete-conversation.ts';

type Conversation = RouterOutputs['conversations']['list']['items'][number];

/** A conversation in the list, with its actions behind a menu: rename, pin, archive, download as Markdown, delete (with an undo). */
export function ConversationItem({ conversation, active }: { conversation: Conversation; active: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const item = useRef<HTMLLIElement>(null);
  const link = useRef<HTMLAnchorElement>(null);
  const name = conversationTitle(conversation);
  const done = () => queryClient.invalidateQueries(trpc.conversations.pathFilter());
  const options = { onSuccess: done };
  const rename = useMutation(trpc.conversations.rename.mutationOptions(options));
  const pin = useMutation(trpc.conversations[conversation.pinned ? 'unpin' : 'pin'].mutationOptions(options));
  const archive = useMutation(
    trpc.conversations[conversation.archived ? 'unarchive' : 'archive'].mutationOptions(options),
  );
  const remove = useDeleteConversation({ name, open: active });
  // The server names the file; the title is the name when it does not.
  const download = useMutation({
    mutationFn: () => downloadFile(`/export/conversations/${conversation.id}.md`, `${name}.md`),
  });
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
      <Menu
        label={`Actions for ${name}`}
        items={[
          { label: 'Rename', onSelect: () => setRenaming(true) },
          { label: conversation.pinned ? 'Unpin' : 'Pin', onSelect: () => pin.mutate({ id: conversation.id }) },
          {
            label: conversation.archived ? 'Unarchive' : 'Archive',
            onSelect: () => archive.mutate({ id: conversation.id }),
          },
          { label: 'Download as Markdown', onSelect: () => download.mutate() },
          { label: 'Delete', danger: true, onSelect: () => remove.mutate({ id: conversation.id }) },
        ]}
      />
      {!rename.error && <ErrorAlert error={error} />}
      {download.error && (
        <p className="form-error" role="alert">
          {download.error.message}
        </p>
      )}
    </li>
  );
}
