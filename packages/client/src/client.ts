import type { AppRouter } from '@taskchat/api';
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';
import { exactList, type StreamedProcedurePath } from './streamed-procedures.ts';

export type TokenSource =
  | string
  | null
  | undefined
  | (() => string | null | undefined | Promise<string | null | undefined>);

export interface TaskchatClientOptions {
  /** The server's tRPC endpoint, e.g. `http://localhost:3000/trpc`. */
  url: string;
  /** The session token, or a function returning it (read before every request). */
  token?: TokenSource;
  /** A fetch implementation (defaults to the global one). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Most calls in one HTTP request: the server's MAX_BATCH_SIZE (default 10); larger batches are split. */
  maxBatchSize?: number;
}

/**
 * The server's default MAX_BATCH_SIZE; it refuses larger batches. The same number as the server's
 * settings schema (which this package cannot import): apps/server/test/config.test.ts checks.
 */
export const MAX_BATCH_SIZE = 10;

async function readToken(token: TokenSource): Promise<string | null | undefined> {
  return typeof token === 'function' ? await token() : token;
}

/**
 * Procedures whose answer streams: they need the streaming link (the batching one gets a 415).
 * Checked against the router: tsc fails when a streamed procedure is missing or one listed does not stream.
 */
export const STREAMED_PROCEDURES = exactList<StreamedProcedurePath<AppRouter>>()(['chat.send', 'chat.regenerate']);
const streamed = new Set<string>(STREAMED_PROCEDURES);

/**
 * A typed tRPC client for the Taskchat API: `client.messages.append.mutate({...})`. Calls are
 * batched; `chat.send` and `chat.regenerate` go through the streaming link, their answer an async iterable of events.
 * Subscriptions (`messages.onMessage`, `conversations.onChange`, `tasks.onChange`) run over Server-Sent Events: the
 * token travels in the Authorization header (a fetch-based EventSource; never in the URL), and a
 * dropped stream reconnects by itself, resuming after the last event received (`lastEventId`).
 */
export function createTaskchatClient(options: TaskchatClientOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const headers = async (): Promise<Record<string, string>> => {
    const token = await readToken(options.token);
    return { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  };
  const link = {
    url: options.url,
    transformer: superjson,
    maxItems: options.maxBatchSize ?? MAX_BATCH_SIZE,
    fetch: fetchImpl,
    headers,
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (operation) => operation.type === 'subscription',
        true: httpSubscriptionLink({
          url: options.url,
          transformer: superjson,
          EventSource,
          eventSourceOptions: {
            // The token is read for every (re)connection, so a refreshed one is used.
            fetch: async (input, init) =>
              fetchImpl(input, { ...init, headers: { ...init?.headers, ...(await headers()) } }),
          },
        }),
        false: splitLink({
          condition: (operation) => streamed.has(operation.path),
          true: httpBatchStreamLink(link),
          false: httpBatchLink(link),
        }),
      }),
    ],
  });
}

export type TaskchatClient = ReturnType<typeof createTaskchatClient>;
