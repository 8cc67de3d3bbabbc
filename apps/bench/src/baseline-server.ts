/**
 * The ceiling for this stack: node:http + pg, running per request the same SQL statements as
 * Taskchat's procedures (session lookup, then the procedure's own statements), with the same pool
 * size, and speaking the same tRPC wire format (superjson) for the three benchmarked procedures. No tRPC, no
 * ORM, no validation library. Prints "listening on <url>" once ready.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { newId } from '@taskchat/db';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

type Input = Record<string, unknown>;

const MESSAGE_COLUMNS =
  'id, conversation_id as "conversationId", role, content, client_id as "clientId", parts, incomplete, created_at as "createdAt"';
/** Taskchat refreshes a session's last_seen_at at most this often; so does the baseline. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** superjson's annotations for the Dates anywhere in an answer, as Taskchat sends them. */
function dateAnnotations(value: unknown, path = '', values: Record<string, ['Date']> = {}): Record<string, ['Date']> {
  if (value instanceof Date) values[path] = ['Date'];
  else if (value && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) dateAnnotations(member, path ? `${path}.${key}` : key, values);
  }
  return values;
}

type Handler = (userId: string, input: Input) => Promise<unknown>;

/** Taskchat's keyset cursor: `[scope, sort keys, id]`, base64url JSON. */
function decodeCursor(cursor: unknown): [string, (string | boolean)[], string] | null {
  if (typeof cursor !== 'string') return null;
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, (string | boolean)[], string];
}

const encodeCursor = (scope: string, keys: (string | boolean | number)[], id: string) =>
  Buffer.from(JSON.stringify([scope, keys, id])).toString('base64url');

async function sessionUser(authorization: string | undefined): Promise<string | null> {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : null;
  if (!token) return null;
  const hash = createHash('sha256').update(token).digest('hex');
  const result = await pool.query(
    `select s.id as "sessionId", s.last_seen_at as "lastSeenAt",
            u.id, u.email, u.name, u.created_at as "createdAt", u.updated_at as "updatedAt"
     from sessions s join users u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > now()`,
    [hash],
  );
  const row = result.rows[0];
  if (!row) return null;
  if (Date.now() - (row.lastSeenAt as Date).getTime() > LAST_SEEN_RESOLUTION_MS) {
    await pool.query('update sessions set last_seen_at = now() where id = $1', [row.sessionId]);
  }
  return row.id as string;
}

const handlers: Record<string, Handler> = {
  'conversations.list': async (userId, input) => {
    const limit = Number(input.limit ?? 20);
    const cursor = decodeCursor(input.cursor);
    const params: unknown[] = [userId, limit + 1];
    const keyset = cursor ? 'and (pinned, updated_at, id) < ($3, $4, $5)' : '';
    if (cursor) params.push(cursor[1][0], new Date(cursor[1][1] as string), cursor[2]);
    const { rows } = await pool.query(
      `select id, title, archived, pinned, created_at as "createdAt", updated_at as "updatedAt" from conversations
       where user_id = $1 and deleted_at is null and archived = false ${keyset}
       order by pinned desc, updated_at desc, id desc limit $2`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor('conversations', [last.pinned, last.updatedAt.toISOString()], last.id)
        : null;
    return { items, nextCursor };
  },

  'messages.list': async (userId, input) => {
    const limit = Number(input.limit ?? 50);
    const owned = await pool.query(
      'select 1 from conversations where id = $1 and user_id = $2 and deleted_at is null',
      [input.conversationId, userId],
    );
    if (owned.rowCount === 0) throw Object.assign(new Error('Conversation not found'), { status: 404 });
    const { rows } = await pool.query(
      `select ${MESSAGE_COLUMNS}, seq from messages where conversation_id = $1 and user_id = $2
       order by seq desc, id desc limit $3`,
      [input.conversationId, userId, limit + 1],
    );
    const items = rows.slice(0, limit);
    const oldest = items.at(-1);
    const nextCursor =
      rows.length > limit && oldest ? encodeCursor(`messages:${input.conversationId}`, [oldest.seq], oldest.id) : null;
    return { items: items.map(({ seq: _seq, ...message }) => message).reverse(), nextCursor };
  },

  'messages.append': async (userId, input) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const found = await client.query(
        'select title from conversations where id = $1 and user_id = $2 and deleted_at is null for update',
        [input.conversationId, userId],
      );
      const conversation = found.rows[0];
      if (!conversation) throw Object.assign(new Error('Conversation not found'), { status: 404 });
      const title = conversation.title === null && input.role === 'user' ? String(input.content).slice(0, 80) : null;
      const inserted = await client.query(
        `insert into messages (id, conversation_id, user_id, role, content, client_id, parts, incomplete, seq, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8,
                 (select coalesce(max(seq), 0) + 1 from messages where conversation_id = $2 and user_id = $3),
                 statement_timestamp())
         returning ${MESSAGE_COLUMNS}`,
        [newId(), input.conversationId, userId, input.role, input.content, input.clientId ?? null, null, false],
      );
      const message = inserted.rows[0];
      await client.query(
        `update conversations set updated_at = greatest(updated_at, least($1, statement_timestamp())), title = coalesce(title, $2)
         where id = $3 and user_id = $4`,
        [message.createdAt, title, input.conversationId, userId],
      );
      await client.query('commit');
      return { status: 'stored', message };
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  },
};

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

function send(response: ServerResponse, status: number, payload: unknown) {
  const body = JSON.stringify(payload);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const handler = handlers[url.pathname.replace(/^\/trpc\//, '')];
    if (!handler) return send(response, 404, { error: { message: 'Not found' } });
    const raw = request.method === 'POST' ? await readBody(request) : (url.searchParams.get('input') ?? '{}');
    const input = ((JSON.parse(raw) as { json?: Input }).json ?? {}) as Input;
    const userId = await sessionUser(request.headers.authorization);
    if (!userId) return send(response, 401, { error: { message: 'Sign in to continue' } });
    const json = await handler(userId, input);
    send(response, 200, { result: { data: { json, meta: { values: dateAnnotations(json), v: 1 } } } });
  } catch (error) {
    send(response, (error as { status?: number }).status ?? 500, { error: { message: 'Internal server error' } });
  }
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => server.close(() => void pool.end()));
}
