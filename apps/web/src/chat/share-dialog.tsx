import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';

/**
 * "Share": a read-only link to the conversation's current branch as it is now, made on request,
 * with Copy and Revoke. The link is shown this once (only its hash is stored); the account
 * screen lists every link made, to revoke later.
 */
export function ShareDialog({ conversationId }: { conversationId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const refreshList = () => queryClient.invalidateQueries(trpc.conversations.shares.queryFilter());
  const share = useMutation(trpc.conversations.share.mutationOptions({ onSuccess: refreshList }));
  const unshare = useMutation(trpc.conversations.unshare.mutationOptions({ onSuccess: refreshList }));
  const created = share.data;
  const url = created && new URL(created.path, location.origin).href;
  const close = () => {
    setOpen(false);
    setCopied(false);
    share.reset();
    unshare.reset();
  };
  return (
    <div className="share">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="share-panel"
        onClick={() => (open ? close() : setOpen(true))}
      >
        Share
      </button>
      {open && (
        <section id="share-panel" className="share-panel" aria-label="Share this conversation">
          <p>
            Anyone with the link can read this conversation as it is now, without signing in. Your tasks and other
            conversations stay private, and what you write next is not added to it.
          </p>
          {!created ? (
            <button type="button" disabled={share.isPending} onClick={() => share.mutate({ id: conversationId })}>
              Create link
            </button>
          ) : unshare.isSuccess ? (
            <p role="status">The link was revoked: it shows nothing now.</p>
          ) : (
            <>
              <label>
                Link
                <input readOnly value={url} onFocus={(event) => event.target.select()} />
              </label>
              <div className="share-actions">
                <button
                  type="button"
                  onClick={() =>
                    url &&
                    void navigator.clipboard.writeText(url).then(
                      () => setCopied(true),
                      () => setCopied(false),
                    )
                  }
                >
                  Copy link
                </button>
                <button
                  type="button"
                  className="link danger"
                  disabled={unshare.isPending}
                  onClick={() => unshare.mutate({ shareId: created.share.id })}
                >
                  Revoke
                </button>
                {copied && <span role="status">Copied</span>}
              </div>
            </>
          )}
          <ErrorAlert error={share.error ?? unshare.error} />
          <button type="button" className="link" onClick={close}>
            Close
          </button>
        </section>
      )}
    </div>
  );
}
