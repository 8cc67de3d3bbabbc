import { TEST_PASSWORD } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

const server = useServer({});

/** The answer's bytes and the headers that frame them. */
async function fetchRaw(path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.origin}${path}`, init);
  const body = Buffer.from(await response.arrayBuffer());
  return { response, body };
}

describe('tRPC answers are sent whole, framed by Content-Length', () => {
  it('a successful answer', async () => {
    const { token } = await server.client().auth.signUp.mutate({ email: 'whole@example.com', password: TEST_PASSWORD });
    const { response, body } = await fetchRaw('/trpc/auth.me', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(JSON.parse(body.toString('utf8')).result.data.json.email).toBe('whole@example.com');
  });

  it('an error answer keeps its status', async () => {
    const { response, body } = await fetchRaw('/trpc/auth.me');
    expect(response.status).toBe(401);
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(JSON.parse(body.toString('utf8')).error.json.data.code).toBe('UNAUTHORIZED');
  });
});
