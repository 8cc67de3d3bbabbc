/**
 * Which delivered reminders this browser has shown, so a reminder shows once per browser: live
 * (every open tab hears it) or, after the tab was away, from `reminders.list`. Kept in
 * localStorage per user: the latest delivery time seen and the ids delivered at that time.
 */
interface Seen {
  deliveredAt: string;
  ids: string[];
}

const key = (userId: string) => `taskchat.reminders-seen.${userId}`;

function read(userId: string): Seen | null {
  try {
    const value = JSON.parse(localStorage.getItem(key(userId)) ?? 'null') as Seen | null;
    return value && typeof value.deliveredAt === 'string' && Array.isArray(value.ids) ? value : null;
  } catch {
    return null;
  }
}

/** Whether anything was ever recorded for this user in this browser. */
export function hasSeenRecord(userId: string): boolean {
  return read(userId) !== null;
}

export function wasSeen(userId: string, reminder: { id: string; deliveredAt: Date }): boolean {
  const seen = read(userId);
  if (!seen) return false;
  const at = new Date(reminder.deliveredAt).toISOString();
  return at < seen.deliveredAt || seen.ids.includes(reminder.id);
}

/** Records `reminder` as shown; an older one than the latest recorded only adds its id. */
export function markSeen(userId: string, reminder: { id: string; deliveredAt: Date }): void {
  const seen = read(userId);
  const at = new Date(reminder.deliveredAt).toISOString();
  let next: Seen;
  if (!seen || at > seen.deliveredAt) next = { deliveredAt: at, ids: [reminder.id] };
  else if (at === seen.deliveredAt)
    next = { deliveredAt: at, ids: [...new Set([...seen.ids, reminder.id])].slice(-50) };
  else next = seen;
  localStorage.setItem(key(userId), JSON.stringify(next));
}

/** A first start in this browser: nothing delivered before `since` counts as missed. */
export function markSeenUntil(userId: string, since: Date): void {
  if (!read(userId)) localStorage.setItem(key(userId), JSON.stringify({ deliveredAt: since.toISOString(), ids: [] }));
}
