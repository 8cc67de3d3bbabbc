import { createTaskchatClient, errorCode } from '@taskchat/client';
import { TEST_PASSWORD } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

const server = useServer({ MAX_BATCH_SIZE: '2' });

describe("the client keeps its batches within the server's MAX_BATCH_SIZE", () => {
  it('splits concurrent calls into batches of maxBatchSize; the default size is refused here', async () => {
    const { token } = await server.client().auth.signUp.mutate({ email: 'batch@example.com', password: TEST_PASSWORD });
    const url = `${server.origin}/trpc`;

    const fitted = createTaskchatClient({ url, token, maxBatchSize: 2 });
    const users = await Promise.all(Array.from({ length: 5 }, () => fitted.auth.me.query()));
    expect(users.map((user) => user.email)).toEqual(Array(5).fill('batch@example.com'));

    const oversized = createTaskchatClient({ url, token });
    const refused = await Promise.all(
      Array.from({ length: 3 }, () => oversized.auth.me.query().catch((e: unknown) => e)),
    );
    expect(refused.map(errorCode)).toEqual(Array(3).fill('BAD_REQUEST'));
  });
});
