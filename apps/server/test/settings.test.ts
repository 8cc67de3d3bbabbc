import { TEST_PASSWORD } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

/** Settings tested with values other than their defaults, so a setting that is ignored shows. */
describe('settings reach the server', () => {
  const server = useServer({ SESSION_TTL: '120', BODY_LIMIT: '4096', CORS_ORIGINS: 'https://app.example.com' });

  it('SESSION_TTL (seconds) sets the lifetime of new sessions', async () => {
    const { user } = await server.client().auth.signUp.mutate({ email: 'ttl@example.com', password: TEST_PASSWORD });
    const [session] = await server.db.orm.em
      .getConnection()
      .execute<{ lifetime: number }[]>(
        'select extract(epoch from expires_at - created_at)::float as lifetime from sessions where user_id = ?',
        [user.id],
      );
    expect(session?.lifetime).toBe(120);
  });

  it('BODY_LIMIT refuses a body just over it with 413 and accepts one under it', async () => {
    const post = (title: string) =>
      fetch(`${server.origin}/trpc/tasks.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { title } }),
      });
    expect((await post('x'.repeat(4_100))).status).toBe(413);
    // Under the limit the body is read and reaches the procedure (which wants a session).
    expect((await post('x'.repeat(200))).status).toBe(401);
  });

  it('CORS_ORIGINS allows exactly the listed origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.origin}/trpc/auth.me`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('without CORS_ORIGINS', () => {
  const server = useServer({});

  it('allows no other origin', async () => {
    const response = await fetch(`${server.origin}/healthz`, { headers: { origin: 'https://app.example.com' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
