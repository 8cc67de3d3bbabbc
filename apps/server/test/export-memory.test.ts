/** The account export streams at constant memory: a file of its own, being slow (the `pgbouncer` project reruns export-import.test.ts, not this). */
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TEST_PASSWORD as password } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

const server = useServer();

async function newUser() {
  const { token, user } = await server.client().auth.signUp.mutate({ email: `${randomUUID()}@example.com`, password });
  return { token, userId: user.id };
}

const exportOf = (token: string) => fetch(`${server.origin}/export`, { headers: { authorization: `Bearer ${token}` } });

describe('an export of 100,000 messages', () => {
  it('streams at constant memory: what stays alive on the heap is a fraction of what it sends', async () => {
    // A collection before each sample, so the samples count what is alive, not garbage not yet collected.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { token, userId } = await newUser();
    // 549 conversations of 180 messages and one of 1,180: every batch boundary (500) is crossed.
    const bulk = (conversations: number, messages: number) =>
      server.db.orm.em.getConnection().execute(
        `with c as (
           insert into conversations (id, user_id, title, created_at, updated_at)
           select uuidv7(), ?, 'bulk ' || g, now(), now() from generate_series(1, ?::int) g returning id
         )
         insert into messages (id, conversation_id, user_id, role, content, created_at, seq)
         select uuidv7(), c.id, ?, 'user', repeat('All work and no play. ', 10) || n, now(), n
         from c cross join generate_series(1, ?::int) n`,
        [userId, conversations, userId, messages],
      );
    await bulk(549, 180);
    await bulk(1, 1_180);
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 100);
    let bytes = 0;
    let lines = 0;
    try {
      const response = await exportOf(token);
      const decoder = new TextDecoder();
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        lines += decoder.decode(chunk, { stream: true }).split('\n').length - 1;
      }
    } finally {
      clearInterval(sampler);
    }
    // The header, the Inbox, the conversations and the messages.
    expect(lines).toBe(1 + 1 + 550 + 100_000);
    expect(bytes).toBeGreaterThan(30_000_000);
    // Held whole, the export would keep at least its size alive (more, as JavaScript strings).
    expect(peak - before).toBeLessThan(bytes / 5);
  }, 120_000);
});
