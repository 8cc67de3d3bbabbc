import { TEST_PASSWORD, useTestDatabase } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './server-harness.ts';

const db = useTestDatabase();

/**
 * Runs `test` against a server started inside the test itself (not in a hook), so that mutation
 * testing sees the server's construction as covered by these tests.
 */
async function withServer(env: NodeJS.ProcessEnv, test: (server: RunningServer) => Promise<void>) {
  const server = await startServer(db.orm, env);
  try {
    await test(server);
  } finally {
    await server.app.close();
  }
}

/** Settings tested with values other than their defaults, so a setting that is ignored shows. */
describe('settings reach the server', () => {
  it('SESSION_TTL (seconds) sets the lifetime of new sessions', async () => {
    await withServer({ SESSION_TTL: '120' }, async (server) => {
      const { user } = await server.client().auth.signUp.mutate({ email: 'ttl@example.com', password: TEST_PASSWORD });
      const [session] = await db.orm.em
        .getConnection()
        .execute<{ lifetime: number }[]>(
          'select extract(epoch from expires_at - created_at)::float as lifetime from sessions where user_id = ?',
          [user.id],
        );
      expect(session?.lifetime).toBe(120);
    });
  });

  it('BODY_LIMIT refuses a body just over it with 413 and accepts one under it', async () => {
    await withServer({ BODY_LIMIT: '4096' }, async (server) => {
      const post = (title: string) =>
        fetch(`${server.origin}/trpc/tasks.create`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': 'limit-check' },
          body: JSON.stringify({ json: { title } }),
        });
      expect((await post('x'.repeat(4_100))).status).toBe(413);
      // Under the limit the body is read and reaches the procedure (which wants a session).
      const under = await post('x'.repeat(200));
      expect(under.status).toBe(401);
      const answer = (await under.json()) as { error: { json: { data: { path: string } } } };
      expect(answer.error.json.data.path).toBe('tasks.create');
      expect(server.logs.some((line) => JSON.parse(line).reqId === 'limit-check')).toBe(true);
    });
  });

  it('CORS_ORIGINS allows exactly the listed origins, and none when unset', async () => {
    const preflight = (server: RunningServer, origin: string) =>
      fetch(`${server.origin}/trpc/auth.me`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    await withServer({ CORS_ORIGINS: 'https://app.example.com' }, async (server) => {
      const allowed = await preflight(server, 'https://app.example.com');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      const other = await preflight(server, 'https://evil.example.com');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
    await withServer({}, async (server) => {
      const response = await fetch(`${server.origin}/healthz`, { headers: { origin: 'https://app.example.com' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('serves procedures at /trpc, with the signed-in user in their context, and logs their failures', async () => {
    await withServer({}, async (server) => {
      const { token } = await server.client().auth.signUp.mutate({ email: 'ctx@example.com', password: TEST_PASSWORD });
      expect((await server.client(token).auth.me.query()).email).toBe('ctx@example.com');
      await db.orm.em.getConnection().execute('alter table tasks rename to tasks_moved');
      try {
        await server
          .client(token)
          .tasks.list.query()
          .catch(() => {});
      } finally {
        await db.orm.em.getConnection().execute('alter table tasks_moved rename to tasks');
      }
      const failure = server.logs.map((line) => JSON.parse(line)).find((line) => line.msg === 'procedure failed');
      expect(failure).toMatchObject({ path: 'tasks.list', err: expect.any(Object) });
    });
  });
});

describe('routing', () => {
  it('takes a batch whose procedure names run past 100 characters (Fastify’s default limit)', async () => {
    await withServer({}, async (server) => {
      const size = 10;
      const paths = Array.from({ length: size }, () => 'conversations.list').join(',');
      expect(paths.length).toBeGreaterThan(100);
      const input = Object.fromEntries(Array.from({ length: size }, (_, i) => [i, {}]));
      const response = await fetch(
        `${server.origin}/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
      );
      // Every call is answered (here: unauthorized), none is lost to a 404 from the router.
      const answers = (await response.json()) as { error?: { json: { data: { code: string } } } }[];
      expect(answers.map((answer) => answer.error?.json.data.code)).toEqual(Array(size).fill('UNAUTHORIZED'));
    });
  });
});
