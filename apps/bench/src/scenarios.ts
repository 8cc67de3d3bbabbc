import type { Fixtures } from './seed.ts';

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  /**
   * Makes the next request, each time for another user or conversation. `connection` is the
   * load generator's own object for the connection sending it (the same for all its requests).
   */
  next(connection: Record<string, unknown>): HttpRequest;
  /** Changes nothing, so both servers can be asked the same request and must answer alike. */
  readOnly: boolean;
  /** A 200 whose body says the request failed (a streamed answer's error event) counts as an error. */
  failedAnswer?(body: string): boolean;
}

const pick = <T>(items: T[], i: number): T => items[i % items.length] as T;

export function query(path: string, token: string, input: unknown): HttpRequest {
  return {
    method: 'GET',
    path: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
    headers: { authorization: `Bearer ${token}` },
  };
}

/** A tRPC mutation as one HTTP request; `token` null for the calls made signed out (sign-in). */
export function mutation(path: string, token: string | null, input: unknown): HttpRequest {
  return {
    method: 'POST',
    path: `/trpc/${path}`,
    headers: { ...(token !== null && { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
    body: JSON.stringify({ json: input }),
  };
}

/** Calls sent as one request, as @taskchat/client's batching link sends them (`?batch=1`): a GET for queries. */
export function batchedQuery(calls: [path: string, input: unknown][], token: string): HttpRequest {
  const inputs = Object.fromEntries(calls.map(([, input], index) => [index, { json: input }]));
  return {
    method: 'GET',
    path: `/trpc/${calls.map(([path]) => path).join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`,
    headers: { authorization: `Bearer ${token}` },
  };
}

/** A mutation as @taskchat/client's batching link sends one: a POST of a batch of one. */
export function batchedMutation(path: string, token: string, input: unknown): HttpRequest {
  return {
    method: 'POST',
    path: `/trpc/${path}?batch=1`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ 0: { json: input } }),
  };
}

/** The deep page and the first page of the same users (1,000 conversations each), compared by p50. */
export const HEAVY_FIRST_PAGE = 'conversations.list (page 1, users of page 50)';
export const DEEP_PAGE = 'conversations.list (page 50)';
/** The three calls of a page load, batched in one request. */
export const PAGE_LOAD = 'page load, batched (conversations.list + messages.list + tasks.list today)';

/**
 * The hot paths, one call a request and batched as the client sends them, cycling through many
 * distinct users and conversations, and the first page of the deep-page users: most users have fewer than 20 conversations, so their first pages are
 * shorter and would make a deep page look slower than it is.
 */
export function scenarios(fixtures: Fixtures): Scenario[] {
  let n = 0;
  const append = () => {
    const { token, conversationId } = pick(fixtures.conversations, n++ * 7);
    return mutation('messages.append', token, { conversationId, role: 'user', content: `Benchmark message ${n}` });
  };
  const firstPage = () => query('conversations.list', pick(fixtures.tokens, n++ * 13), { limit: 20 });
  const latestMessages = () => {
    const { token, conversationId } = pick(fixtures.conversations, n++ * 11);
    return query('messages.list', token, { conversationId, limit: 50 });
  };
  const deepPage = () => {
    const { token, cursor } = pick(fixtures.deepPages, n++);
    return query('conversations.list', token, { limit: 20, cursor });
  };
  const heavyFirstPage = () => query('conversations.list', pick(fixtures.deepPages, n++).token, { limit: 20 });
  // What the web app asks for at once as it opens a conversation: the list, the latest messages, today's tasks.
  const pageLoad = () => {
    const { token, conversationId } = pick(fixtures.conversations, n++ * 11);
    return batchedQuery(
      [
        ['conversations.list', { limit: 20 }],
        ['messages.list', { conversationId, limit: 50 }],
        ['tasks.list', { view: 'today', limit: 20 }],
      ],
      token,
    );
  };
  const batchedAppend = () => {
    const { token, conversationId } = pick(fixtures.conversations, n++ * 7);
    return batchedMutation('messages.append', token, {
      conversationId,
      role: 'user',
      content: `Benchmark message ${n}`,
    });
  };
  let mixed = 0;
  const mix = () => {
    const turn = mixed++ % 5;
    return turn === 0 ? append() : turn % 2 === 0 ? firstPage() : latestMessages();
  };
  // Reads first: appends add rows to the probed conversations, which later reads would then find.
  return [
    { name: 'conversations.list (first page)', next: firstPage, readOnly: true },
    { name: 'messages.list (latest 50)', next: latestMessages, readOnly: true },
    { name: HEAVY_FIRST_PAGE, next: heavyFirstPage, readOnly: true },
    { name: DEEP_PAGE, next: deepPage, readOnly: true },
    { name: PAGE_LOAD, next: pageLoad, readOnly: true },
    { name: 'messages.append', next: append, readOnly: false },
    { name: 'messages.append, batched', next: batchedAppend, readOnly: false },
    { name: 'mix (1 append : 4 reads)', next: mix, readOnly: false },
  ];
}
