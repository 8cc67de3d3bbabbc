import { setTimeout as sleep } from 'node:timers/promises';
import { CHANGES_CHANNEL, proveSessionHeld, SessionNotHeldError } from '@taskchat/db';
import { TRPCError } from '@trpc/server';
import pg from 'pg';
import { addressKey } from '../auth/client-address.ts';
import { DomainError } from '../errors.ts';
import type { ApiLogger } from '../logger.ts';
import { liveStreamMetrics } from '../metrics/live-stream-metrics.ts';
import { settingDefault } from '../settings/settings-schema.ts';
import { type Change, parseChange } from './change.ts';

/** What a subscription hears: a change of its user's, or that the feed reconnected (changes may have been missed). */
export type FeedEvent = Change | { k: 'reconnected' };

export interface FeedSubscription {
  /**
   * Aborts (as an AbortError) when the stream must end: the client left (the request's signal),
   * shutdown, the session closed, or `end`. The subscription closes itself then.
   */
  readonly signal: AbortSignal;
  /** Ends the stream from inside (a consumer too slow to keep up). */
  end(reason: string): void;
  /** Stops hearing changes; safe to call more than once. */
  close(): void;
}

interface Subscriber {
  sessionId: string;
  hear: (event: FeedEvent) => void;
  controller: AbortController;
}

/** Who opens a subscription: the user and session, and the client's address (null in-process: no per-address limit). */
export interface FeedCaller {
  userId: string;
  sessionId: string;
  clientAddress: string | null;
}

export interface ChangeFeedOptions {
  /**
   * The database whose `taskchat_changes` channel to listen on: its direct URL (DATABASE_DIRECT_URL),
   * as a LISTEN is a session's and a transaction pooler keeps none.
   */
  url: string;
  logger: ApiLogger;
  /** Open subscriptions one user may hold on this process. */
  subscriptionsPerUser: number;
  /** Open subscriptions from one client address (`addressKey`: an IPv6 /64) on this process; 0 is no limit. */
  subscriptionsPerAddress?: number | undefined;
  /** Open subscriptions on this process, everyone's together. */
  subscriptionsPerProcess?: number | undefined;
}

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

const abortError = (message: string) => new DOMException(message, 'AbortError');

/** A limit on open streams reached: a place frees up when a stream closes. */
const tooMany = (message: string) => new DomainError('TOO_MANY_REQUESTS', message, { retryAfterSeconds: 1 });

/**
 * This process's one LISTEN connection, fanning the database's change notifications out to the
 * open subscriptions of the user each concerns (and only to them). When the connection breaks
 * (PostgreSQL restarted, the network) it reconnects with backoff and tells every subscription,
 * which then reads again from where it was, so nothing committed meanwhile is missed. Every
 * connection proves first that it keeps its session (`proveSessionHeld`): behind a transaction
 * pooler a LISTEN hears nothing, and the feed refuses to start rather than stay silent.
 */
export class ChangeFeed {
  private readonly byUser = new Map<string, Set<Subscriber>>();
  /** Open subscriptions per client address (its `addressKey`); in-process callers have none. */
  private readonly byAddress = new Map<string, number>();
  private open = 0;
  private client: pg.Client | null = null;
  private stopped = false;
  private readonly options: ChangeFeedOptions;
  private readonly perAddress: number;
  private readonly perProcess: number;

  constructor(options: ChangeFeedOptions) {
    this.options = options;
    this.perAddress = options.subscriptionsPerAddress ?? settingDefault('LIVE_SUBSCRIPTIONS_PER_ADDRESS');
    this.perProcess = options.subscriptionsPerProcess ?? settingDefault('LIVE_SUBSCRIPTIONS_PER_PROCESS');
  }

  /** Connects and listens; fails when the database cannot be reached, or the URL keeps no session (SessionNotHeldError). */
  async start(): Promise<void> {
    this.client = await this.listen();
  }

  /**
   * Starts hearing the user's changes, until `close` or the end of `requestSignal` (the client
   * leaving, even before a stream runs). TOO_MANY_REQUESTS when this process already holds
   * `subscriptionsPerProcess` open subscriptions, the caller's address `subscriptionsPerAddress`,
   * or the user `subscriptionsPerUser`; closing one frees its place in each.
   */
  subscribe(caller: FeedCaller, hear: (event: FeedEvent) => void, requestSignal?: AbortSignal): FeedSubscription {
    if (this.stopped) {
      throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The server is shutting down; reconnect' });
    }
    if (this.open >= this.perProcess) {
      throw tooMany('This server holds as many live streams as it can; try again shortly');
    }
    const address = caller.clientAddress === null ? null : addressKey(caller.clientAddress);
    const fromAddress = address === null ? 0 : (this.byAddress.get(address) ?? 0);
    if (address !== null && this.perAddress > 0 && fromAddress >= this.perAddress) {
      throw tooMany(`At most ${this.perAddress} live streams may be open from one address at once; close one first`);
    }
    const subscribers = this.byUser.get(caller.userId) ?? new Set<Subscriber>();
    if (subscribers.size >= this.options.subscriptionsPerUser) {
      throw tooMany(`At most ${this.options.subscriptionsPerUser} subscriptions may be open at once; close one first`);
    }
    const subscriber: Subscriber = { sessionId: caller.sessionId, hear, controller: new AbortController() };
    subscribers.add(subscriber);
    this.byUser.set(caller.userId, subscribers);
    this.open += 1;
    liveStreamMetrics.opened();
    if (address !== null) this.byAddress.set(address, fromAddress + 1);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      subscribers.delete(subscriber);
      if (subscribers.size === 0 && this.byUser.get(caller.userId) === subscribers) this.byUser.delete(caller.userId);
      this.open -= 1;
      liveStreamMetrics.closed();
      if (address !== null) {
        const left = (this.byAddress.get(address) ?? 1) - 1;
        if (left > 0) this.byAddress.set(address, left);
        else this.byAddress.delete(address);
      }
    };
    const own = subscriber.controller.signal;
    const signal = requestSignal ? AbortSignal.any([requestSignal, own]) : own;
    if (signal.aborted) close();
    else signal.addEventListener('abort', close, { once: true });
    return { signal, end: (reason) => subscriber.controller.abort(abortError(reason)), close };
  }

  /** Ends every open stream (clients reconnect, to another process) and closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const subscribers of this.byUser.values()) {
      for (const subscriber of subscribers) subscriber.controller.abort(abortError('The server is shutting down'));
    }
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async listen(): Promise<pg.Client> {
    // TCP keepalive notices a connection that died without a word (a failover, a partition).
    const client = new pg.Client({
      connectionString: this.options.url,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', (notification) => this.dispatch(parseChange(notification.payload)));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await proveSessionHeld(client, this.options.url);
      await client.query(`listen ${CHANGES_CHANNEL}`);
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
  }

  private dispatch(change: Change | null): void {
    if (!change) return;
    for (const subscriber of this.byUser.get(change.u) ?? []) {
      if (change.k === 'session-closed') {
        if (subscriber.sessionId === change.s) subscriber.controller.abort(abortError('The session was closed'));
      } else {
        subscriber.hear(change);
      }
    }
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    this.options.logger.error({ err: error }, 'the change feed lost its database connection; reconnecting');
    void client.end().catch(() => {});
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    for (let delay = RETRY_FIRST_MS; !this.stopped; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
      await sleep(delay);
      if (this.stopped) return;
      try {
        const client = await this.listen();
        if (this.stopped) {
          await client.end().catch(() => {});
          return;
        }
        this.client = client;
        liveStreamMetrics.reconnected();
        for (const subscribers of this.byUser.values()) {
          for (const subscriber of subscribers) subscriber.hear({ k: 'reconnected' });
        }
        return;
      } catch (error) {
        // A pooler now in the way is a misconfiguration to tell; otherwise still unreachable. Either way, try again later.
        if (error instanceof SessionNotHeldError) this.options.logger.error({ err: error }, error.message);
      }
    }
  }
}
