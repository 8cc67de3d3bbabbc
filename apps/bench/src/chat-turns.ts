/**
 * The chat turn scenarios (Taskchat only: the baseline has no assistant). With the offline
 * assistant a turn is all of Taskchat's own work (user message, turn bookkeeping, history read,
 * two model steps and a tool, the assistant's message), measured against a plain append to the
 * same conversations, and in conversations of 10,000 messages against ones of 10.
 */
import { createHash, randomUUID } from 'node:crypto';
import { newId, oneBranchStatements } from '@taskchat/db';

import pg from 'pg';
import type { LoadResult } from './load.ts';
import type { HttpRequest, Scenario } from './scenarios.ts';

export interface ChatScale {
  /** Conversations per size, shared out among the connections. */
  conversations: number;
  shortMessages: number;
  longMessages: number;
}

export interface ChatFixtures {
  token: string;
  short: string[];
  long: string[];
}

/** One user with `conversations` conversations of each size, filled with set-based SQL. */
export async function seedChat(url: string, scale: ChatScale): Promise<ChatFixtures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const userId = newId();
    const token = createHash('sha256').update(`bench-chat-${userId}`).digest('base64url');
    await client.query(
      `insert into users (id, email, password_hash) values ($1, 'bench-chat@example.com', 'not-a-password-hash')`,
      [userId],
    );
    await client.query(
      `insert into sessions (id, user_id, token_hash, expires_at) values (uuidv7(), $1, $2, now() + interval '30 days')`,
      [userId, createHash('sha256').update(token).digest('hex')],
    );
    const fill = async (messages: number) => {
      const ids = Array.from({ length: scale.conversations }, () => newId());
      await client.query(
        `insert into conversations (id, user_id, title) select id, $2, 'bench chat' from unnest($1::uuid[]) as c(id)`,
        [ids, userId],
      );
      await client.query(
        `insert into messages (id, conversation_id, user_id, role, content, created_at, seq)
         select uuidv7(), c.id, $2, case when g % 2 = 1 then 'user' else 'assistant' end,
                'Message ' || g || ' ' || repeat('of the benchmark conversation ', 3),
                now() - interval '1 day' + g * interval '1 millisecond', g
         from unnest($1::uuid[]) as c(id), generate_series(1, $3::int) g`,
        [ids, userId, messages],
      );
      // One branch each, as a chat's turns make it: the walk of a turn's history follows the parents.
      for (const statement of oneBranchStatements(`c.user_id = '${userId}'`)) await client.query(statement);
      return ids;
    };
    const short = await fill(scale.shortMessages);
    const long = await fill(scale.longMessages);
    await client.query('analyze messages');
    return { token, short, long };
  } finally {
    await client.end();
  }
}

const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/** `chat.send` as @taskchat/client sends it: a streamed batch of one, with a new clientId each time. */
function turn(token: string, conversationId: string, content = 'list'): HttpRequest {
  return {
    method: 'POST',
    path: '/trpc/chat.send?batch=1',
    headers: { ...headers(token), 'trpc-accept': 'application/jsonl' },
    body: JSON.stringify({ 0: { json: { conversationId, content, clientId: randomUUID() } } }),
  };
}

/** A turn that answered with an error event (TURN_IN_PROGRESS, a model error) instead of its message. */
const failedAnswer = (body: string) => !body.includes('"type":"assistant-message"');

export const TURN_SHORT = 'chat.send, offline (short conversations)';
export const TURN_LONG = 'chat.send, offline (long conversations)';
export const APPEND_SHORT = 'messages.append (the same conversations)';
/** A sentence every version of the offline assistant turns into one added task. */
export const ADD_SENTENCE = 'add call mom tomorrow at 6pm';
export const TURN_ADD = `chat.send "${ADD_SENTENCE}", offline (short conversations)`;

/**
 * Each connection cycles through conversations of its own (conversations / connections of them),
 * so no two turns ever run on one conversation at once (that would be TURN_IN_PROGRESS).
 */
function conversationPicker(connections: number) {
  let connectionsSeen = 0;
  return (ids: string[], connection: Record<string, unknown>) => {
    connection.slot ??= connectionsSeen++;
    const sent = ((connection.sent as number | undefined) ?? -1) + 1;
    connection.sent = sent;
    const perConnection = Math.max(1, Math.floor(ids.length / connections));
    return ids[((connection.slot as number) + connections * (sent % perConnection)) % ids.length] as string;
  };
}

export function chatScenarios(fixtures: ChatFixtures, connections: number): Scenario[] {
  const pick = conversationPicker(connections);
  return [
    {
      name: APPEND_SHORT,
      readOnly: false,
      next: (connection) => ({
        method: 'POST',
        path: '/trpc/messages.append',
        headers: headers(fixtures.token),
        body: JSON.stringify({ json: { conversationId: pick(fixtures.short, connection), content: 'list' } }),
      }),
    },
    {
      name: TURN_SHORT,
      readOnly: false,
      next: (connection) => turn(fixtures.token, pick(fixtures.short, connection)),
      failedAnswer,
    },
    {
      name: TURN_LONG,
      readOnly: false,
      next: (connection) => turn(fixtures.token, pick(fixtures.long, connection)),
      failedAnswer,
    },
  ];
}

/**
 * Turns that add a task ("add call mom tomorrow at 6pm"), apart from the others: the tasks they
 * add would lengthen the lists the "list" turns read, so they run after those.
 */
export function addTurnScenario(fixtures: ChatFixtures, connections: number): Scenario {
  const pick = conversationPicker(connections);
  return {
    name: TURN_ADD,
    readOnly: false,
    next: (connection) => turn(fixtures.token, pick(fixtures.short, connection), ADD_SENTENCE),
    failedAnswer,
  };
}

const ms = (value: number) => value.toFixed(1);
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');

/** The chat section of the results file. */
export function renderChatReport(results: Map<string, LoadResult>, scale: ChatScale, connections: number): string {
  const row = (name: string) => {
    const r = results.get(name);
    return r ? `| ${name} | ${r.requestsPerSecond.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} |` : '';
  };
  const get = (name: string) => results.get(name) ?? { requestsPerSecond: 0, p50: 0 };
  const [append, short, long] = [get(APPEND_SHORT), get(TURN_SHORT), get(TURN_LONG)];
  return [
    `## Chat turns (Taskchat only, offline assistant, ${connections} connections)`,
    '',
    `One user, ${scale.conversations} conversations of ${scale.shortMessages} and of ${scale.longMessages.toLocaleString('en-US')} messages; each turn says "list" (the assistant calls list_tasks, then answers).`,
    '',
    '| scenario | req/s | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    row(APPEND_SHORT),
    row(TURN_SHORT),
    row(TURN_LONG),
    '',
    `- A turn over a plain append: ${ratio(short.requestsPerSecond, append.requestsPerSecond)}× the throughput, ${ratio(short.p50, append.p50)}× the p50.`,
    `- A turn in a ${scale.longMessages.toLocaleString('en-US')}-message conversation over one in a ${scale.shortMessages}-message one: ${ratio(long.requestsPerSecond, short.requestsPerSecond)}× the throughput, ${ratio(long.p50, short.p50)}× the p50.`,
    '',
  ].join('\n');
}
