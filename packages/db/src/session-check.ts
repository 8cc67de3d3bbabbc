import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { withClient } from './database-admin.ts';

/** How long a notification may take to reach a connection that keeps its session (it takes milliseconds). */
const SESSION_CHECK_TIMEOUT_MS = 5_000;

/** The direct URL reaches PostgreSQL through a transaction pooler: LISTEN and session locks cannot work on it. One line. */
export class SessionNotHeldError extends Error {
  constructor() {
    super(
      `DATABASE_DIRECT_URL does not keep a session (a LISTEN on it heard nothing in ${SESSION_CHECK_TIMEOUT_MS / 1000} s): point it past the transaction pooler, at PostgreSQL itself (unset, it is DATABASE_URL).`,
    );
    this.name = 'SessionNotHeldError';
  }
}

/**
 * Proves that `client`, connected to `url`, keeps its session from one statement to the next, as
 * LISTEN and session advisory locks need: it listens on a channel of its own and another connection
 * notifies that channel. Through a transaction pooler (PgBouncer in transaction mode, Neon's pooled
 * endpoint) the LISTEN stays behind on whichever server connection ran it and the notification
 * never reaches `client`: SessionNotHeldError.
 */
export async function proveSessionHeld(client: pg.Client, url: string): Promise<void> {
  const channel = `taskchat_session_check_${randomBytes(8).toString('hex')}`;
  let heard = () => {};
  const arrived = new Promise<void>((resolve) => (heard = resolve));
  const onNotification = (notification: pg.Notification) => {
    if (notification.channel === channel) heard();
  };
  client.on('notification', onNotification);
  let timer: NodeJS.Timeout | undefined;
  try {
    await client.query(`listen ${channel}`);
    await withClient(url, (notifier) => notifier.query('select pg_notify($1, $2)', [channel, '']));
    const timedOut = new Promise<'timed out'>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), SESSION_CHECK_TIMEOUT_MS);
    });
    if ((await Promise.race([arrived, timedOut])) === 'timed out') throw new SessionNotHeldError();
    await client.query(`unlisten ${channel}`);
  } finally {
    clearTimeout(timer);
    client.off('notification', onNotification);
  }
}
