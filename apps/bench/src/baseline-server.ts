/**
 * The physical limit for this stack: node:http + pg, running per request the same SQL statements
 * as Taskchat's procedures (`baseline-sql.ts`), with the same pool size, and speaking the same tRPC
 * wire format (superjson; single calls and `?batch=1` batches) for the benchmarked procedures. No
 * tRPC, no ORM, no validation library. Prints "listening on <url>" once ready.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { type Input, procedures, Refusal, sessionUser } from './baseline-sql.ts';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

/** superjson's annotations for the Dates anywhere in an answer, as Taskchat sends them. */
function dateAnnotations(value: unknown, path = '', values: Record<string, ['Date']> = {}): Record<string, ['Date']> {
  if (value instanceof Date) values[path] = ['Date'];
  else if (value && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) dateAnnotations(member, path ? `${path}.${key}` : key, values);
  }
  return values;
}

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

const inputOf = (wire: unknown) => ((wire as { json?: Input } | undefined)?.json ?? {}) as Input;

const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const paths = url.pathname.replace(/^\/trpc\//, '').split(',');
    const batch = url.searchParams.get('batch') === '1';
    if (paths.some((path) => !procedures[path])) return send(response, 404, { error: { message: 'Not found' } });
    const raw = request.method === 'POST' ? await readBody(request) : (url.searchParams.get('input') ?? '{}');
    const wire = JSON.parse(raw || '{}') as Record<string, unknown>;
    const inputs = batch ? paths.map((_, index) => inputOf(wire[index])) : [inputOf(wire)];
    const userId = await sessionUser(pool, request.headers.authorization);
    if (!userId) return send(response, 401, { error: { message: 'Sign in to continue' } });
    // A batch's calls run at once, as tRPC runs them.
    const answers = await Promise.all(
      paths.map((path, index) =>
        (procedures[path] as NonNullable<(typeof procedures)[string]>)(pool, userId, inputs[index] as Input),
      ),
    );
    const results = answers.map((json) => ({
      result: { data: { json, meta: { values: dateAnnotations(json), v: 1 } } },
    }));
    send(response, 200, batch ? results : results[0]);
  } catch (error) {
    send(response, error instanceof Refusal ? error.status : 500, { error: { message: 'Internal server error' } });
  }
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => server.close(() => void pool.end()));
}
