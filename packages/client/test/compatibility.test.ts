import { describe, expect, it } from 'vitest';
import { CONTRACT_VERSION, checkCompatibility, createTaskchatClient, isCompatible } from '../src/index.ts';

describe('contract compatibility', () => {
  it.each([
    ['1.0.0', '1.0.0', true],
    ['1.0.3', '1.4.0', true],
    ['1.2.0', '1.1.9', false],
    ['1.0.0', '2.0.0', false],
    ['2.0.0', '1.9.0', false],
    ['1.0.0', 'unknown', false],
  ])('a client for %s and a server speaking %s: compatible %s', (client, server, expected) => {
    expect(isCompatible(client, server)).toBe(expected);
  });

  it('reports a server without the version procedure (NOT_FOUND) as incompatible, its version unknown', async () => {
    // What tRPC answers for a path the router lacks, as superjson carries it.
    const notFound = [
      { error: { json: { message: 'No procedure', code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404 } } } },
    ];
    const client = createTaskchatClient({
      url: 'http://127.0.0.1:1/trpc',
      fetch: async () => Response.json(notFound, { status: 404 }),
    });
    expect(await checkCompatibility(client)).toEqual({ compatible: false, client: CONTRACT_VERSION, server: null });
  });
});
