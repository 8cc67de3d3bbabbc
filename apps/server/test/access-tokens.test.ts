import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD as password } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

const server = useServer();

describe('a personal access token over HTTP', () => {
  it('is created with a session and refused, 401, wherever a session is asked for: /trpc and /export', async () => {
    const { token: session } = await server
      .client()
      .auth.signUp.mutate({ email: `${randomUUID()}@example.com`, password });
    const client = server.client(session);
    const { secret } = await client.auth.tokens.create.mutate({ name: 'over http', scopes: ['tasks:read'] });
    expect(secret).toMatch(/^tc_pat_/);

    const asToken = { authorization: `Bearer ${secret}` };
    for (const path of ['/trpc/auth.me', '/trpc/tasks.list', '/trpc/auth.tokens.list', '/export']) {
      const response = await fetch(`${server.origin}${path}`, { headers: asToken });
      expect(response.status, path).toBe(401);
    }
    const mutation = await fetch(`${server.origin}/trpc/auth.tokens.create`, {
      method: 'POST',
      headers: { ...asToken, 'content-type': 'application/json' },
      body: JSON.stringify({ json: { name: 'more', scopes: ['tasks:write'] } }),
    });
    expect(mutation.status).toBe(401);
    expect((await client.auth.tokens.list.query()).items.map((token) => token.name)).toEqual(['over http']);
  });
});
