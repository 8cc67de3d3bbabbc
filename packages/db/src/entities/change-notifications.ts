/**
 * Committed changes are announced on this channel (PostgreSQL LISTEN/NOTIFY) by the triggers
 * below, for the servers' live subscriptions. A notification carries ids only (`k` the kind, `u`
 * the user, `c` the conversation, `s` the session); listeners read the rows themselves. It is sent
 * by the transaction that writes the row, so only committed writes are announced, whichever code
 * path or process wrote them.
 */
export const CHANGES_CHANNEL = 'taskchat_changes';

type TriggerEvent = 'insert' | 'update' | 'delete';

/**
 * An after-row trigger that notifies `kind` with the given `name: sql` fields (`kind` is SQL too),
 * only when `condition` (SQL) holds, if one is given.
 */
export function notifyTrigger(
  name: string,
  events: TriggerEvent[],
  kind: string,
  fields: Record<string, string>,
  condition?: string,
) {
  const payload = [`'k', ${kind}`, ...Object.entries(fields).map(([key, value]) => `'${key}', ${value}`)].join(', ');
  const notify = `perform pg_notify('${CHANGES_CHANNEL}', json_build_object(${payload})::text);`;
  return {
    name,
    timing: 'after' as const,
    events,
    forEach: 'row' as const,
    body: `${condition ? `if ${condition} then ${notify} end if;` : notify} return null;`,
  };
}
