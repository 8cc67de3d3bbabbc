import type { Message, StoredMessage } from './use-chat-turn.ts';

/** When each message reached this tab (a turn's answer, the live stream): compared with the last branch switch. */
const arrivals = new WeakMap<StoredMessage, number>();

/** Notes that `message` arrived now (`Date.now()`, the clock TanStack Query stamps reads with). */
export function arrived<T extends StoredMessage>(message: T): T {
  arrivals.set(message, Date.now());
  return message;
}

/**
 * The branch on screen: the one `messages.list` read (oldest first), with the messages newer than
 * all of it that arrived since the reader last switched branch (`switchedAt`: those before belong
 * to the branch switched away from; older ones are in the list already, or on a branch it left).
 * The server moves the leaf to every new message, so a new message replaces whatever followed its
 * parent here too (an edit's new branch, a regenerated answer, another tab's). `cut`: the message
 * a running edit or regeneration follows (null: before the first), shown with nothing after it
 * until the turn's first message arrives.
 */
export function currentBranch(
  listed: Message[],
  extra: StoredMessage[],
  switchedAt: number,
  cut?: string | null,
): StoredMessage[] {
  let branch: StoredMessage[] = listed;
  const keepUpTo = (parentId: string | null) => {
    const index = parentId === null ? -1 : branch.findIndex((message) => message.id === parentId);
    return index === -1 && parentId !== null ? null : branch.slice(0, index + 1);
  };
  const listedUntil = listed.reduce((newest, message) => Math.max(newest, message.createdAt.getTime()), 0);
  const news = extra
    .filter((message) => (arrivals.get(message) ?? 0) > switchedAt && message.createdAt.getTime() > listedUntil)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const message of news) {
    if (branch.some((shown) => shown.id === message.id)) continue;
    const kept = keepUpTo(message.parentId);
    if (kept) branch = [...kept, message];
  }
  if (cut !== undefined) {
    const stored = news.some((message) => message.parentId === cut);
    // Until the turn's first message is stored, what followed the message it goes after is hidden.
    if (!stored) branch = keepUpTo(cut) ?? branch;
  }
  return branch;
}
