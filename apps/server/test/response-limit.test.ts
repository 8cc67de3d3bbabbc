import { errorCode, isTaskchatError } from '@taskchat/client';
import { oneBranchStatements, TEST_PASSWORD } from '@taskchat/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer, useServer } from './server-harness.ts';

const server = useServer();
const MESSAGES = 200;
const CHARACTERS = 10_000;
/** The API's page budget for messages (`MESSAGE_PAGE_BYTES`). */
const PAGE_BYTES = 256 * 1024;
let token: string;
let conversationId: string;

beforeAll(async () => {
  const signedUp = await server.client().auth.signUp.mutate({ email: 'big@example.com', password: TEST_PASSWORD });
  token = signedUp.token;
  ({ id: conversationId } = await server.client(token).conversations.create.mutate({ title: 'long messages' }));
  // 200 messages of 10,000 characters, one a second: about 2 MB of text.
  await server.db.orm.em.getConnection().execute(
    `insert into messages (id, conversation_id, user_id, role, content, created_at, seq)
     select gen_random_uuid(), ?, ?, 'user', lpad(g::text, ${CHARACTERS}, 'x'), now() - (${MESSAGES} - g) * interval '1 second', g
     from generate_series(1, ${MESSAGES}) g`,
    [conversationId, signedUp.user.id],
  );
  for (const statement of oneBranchStatements(`c.id = '${conversationId}'`)) {
    await server.db.orm.em.getConnection().execute(statement);
  }
});

/** One GET of `calls` × messages.list of up to 200 messages (about 1 KB of URL), as tRPC's batching link sends it. */
async function batchedList(origin: string, calls: number, limit = MESSAGES, headers: Record<string, string> = {}) {
  const paths = Array.from({ length: calls }, () => 'messages.list').join(',');
  const input = Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, { json: { conversationId, limit } }]));
  const url = `${origin}/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
  return await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
}

interface Page {
  items: { id: string; content: string }[];
  nextCursor: string | null;
}

describe('one answer is bounded (RESPONSE_LIMIT, 4 MiB by default)', () => {
  it('10 × messages.list of 200 long messages: each page ends at its byte budget with a nextCursor, the answer a few MB', async () => {
    const response = await batchedList(server.origin, 10);
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    // 20.5 MB before pages had a budget.
    expect(body.length).toBeLessThan(3 * 1024 * 1024);
    const pages = (JSON.parse(body.toString('utf8')) as { result: { data: { json: Page } } }[]).map(
      (answer) => answer.result.data.json,
    );
    expect(pages).toHaveLength(10);
    for (const page of pages) {
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.length).toBeLessThan(MESSAGES);
      expect(page.items.reduce((bytes, message) => bytes + Buffer.byteLength(message.content), 0)).toBeLessThanOrEqual(
        PAGE_BYTES,
      );
      expect(page.nextCursor).not.toBeNull();
    }
  });

  it('a client following nextCursor still reads every message once, in order', async () => {
    const client = server.client(token);
    const pages: Page[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.messages.list.query({ conversationId, limit: MESSAGES, cursor });
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.length).toBeGreaterThan(1);
    const contents = pages.reverse().flatMap((page) => page.items.map((message) => message.content));
    expect(contents).toEqual(Array.from({ length: MESSAGES }, (_, i) => String(i + 1).padStart(CHARACTERS, 'x')));
  });

  it('a small batch is answered as before: every item asked for', async () => {
    const response = await batchedList(server.origin, 2, 3);
    expect(response.status).toBe(200);
    const pages = ((await response.json()) as { result: { data: { json: Page } } }[]).map((a) => a.result.data.json);
    expect(pages.map((page) => page.items.length)).toEqual([3, 3]);
    expect(pages[0]?.items.at(-1)?.content).toBe(String(MESSAGES).padStart(CHARACTERS, 'x'));
  });

  describe('past the limit (RESPONSE_LIMIT=1 MiB here)', () => {
    const LIMIT = 1024 * 1024;
    let limited: RunningServer;
    beforeAll(async () => {
      limited = await startServer(server.db.orm, { RESPONSE_LIMIT: String(LIMIT) });
    });
    afterAll(() => limited.app.close());

    it('the batch is a 413 PAYLOAD_TOO_LARGE for each call, in tRPC shape, saying what to do; the server keeps serving', async () => {
      const response = await batchedList(limited.origin, 10);
      const text = await response.text();
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(text.length).toBeLessThan(10_000);
      const answers = JSON.parse(text) as { error: { json: { message: string; data: Record<string, unknown> } } }[];
      expect(answers).toHaveLength(10);
      for (const answer of answers) {
        expect(answer.error.json.data).toMatchObject({
          code: 'PAYLOAD_TOO_LARGE',
          httpStatus: 413,
          path: 'messages.list',
          retryAfter: null,
        });
        expect(answer.error.json.message).toContain(
          'ask for fewer items (a smaller limit) or make fewer calls per batch',
        );
      }
      const refusals = limited.logs.filter((line) => line.includes('answer over RESPONSE_LIMIT refused'));
      expect(refusals).toHaveLength(1);
      expect(JSON.parse(refusals[0] ?? '{}')).toMatchObject({ level: 40, limit: LIMIT });
      expect(JSON.parse(refusals[0] ?? '{}').bytes).toBeGreaterThan(LIMIT);

      // One page of the same fits.
      const page = await limited.client(token).messages.list.query({ conversationId, limit: MESSAGES });
      expect(page.items.length).toBeGreaterThan(0);
    });

    it('a batch of mutations over the limit is answered whole: their work is done, a refusal would invite a retry', async () => {
      const wide = await startServer(server.db.orm, {
        RESPONSE_LIMIT: String(LIMIT),
        MAX_BATCH_SIZE: '30',
        BODY_LIMIT: String(4 * LIMIT),
      });
      try {
        // 30 appends of 10,000 characters that JSON writes as 6 bytes each: about 1.8 MB of answer.
        const content = '\u0001'.repeat(9_998);
        const input = Object.fromEntries(
          Array.from({ length: 30 }, (_, i) => [i, { json: { conversationId, content: `${i}${content}` } }]),
        );
        const paths = Array(30).fill('messages.append').join(',');
        const response = await fetch(`${wide.origin}/trpc/${paths}?batch=1`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        const text = await response.text();
        expect(response.status).toBe(200);
        expect(Buffer.byteLength(text)).toBeGreaterThan(LIMIT);
        const answers = JSON.parse(text) as { result: { data: { json: { status: string } } } }[];
        expect(answers.map((answer) => answer.result.data.json.status)).toEqual(Array(30).fill('stored'));
        expect(wide.logs.filter((line) => line.includes('RESPONSE_LIMIT'))).toEqual([]);
      } finally {
        await wide.app.close();
      }
    });

    it('@taskchat/client gets a TRPCClientError of code PAYLOAD_TOO_LARGE for each call of the batch', async () => {
      const client = limited.client(token);
      const calls = Array.from({ length: 10 }, () =>
        client.messages.list.query({ conversationId, limit: MESSAGES }).then(
          () => null,
          (error: unknown) => error,
        ),
      );
      const errors = await Promise.all(calls);
      expect(errors.map(errorCode)).toEqual(Array(10).fill('PAYLOAD_TOO_LARGE'));
      const [first] = errors;
      expect(isTaskchatError(first) && first.data).toMatchObject({ httpStatus: 413, path: 'messages.list' });
      expect(isTaskchatError(first) && first.message).toContain('fewer calls per batch');
    });

    it('a batch streamed as JSON lines is cut off before the limit: the status is already sent', async () => {
      const response = await batchedList(limited.origin, 10, MESSAGES, { 'trpc-accept': 'application/jsonl' });
      expect(response.status).toBe(200);
      expect(response.headers.get('transfer-encoding')).toBe('chunked');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let received = 0;
      const ending = await (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'ended';
          received += value.byteLength;
        }
      })().catch((error: unknown) => error);
      expect(ending).toBeInstanceOf(Error);
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThanOrEqual(LIMIT);
      expect(limited.logs.some((line) => line.includes('streamed answer cut off at RESPONSE_LIMIT'))).toBe(true);
      expect((await limited.client(token).auth.me.query()).email).toBe('big@example.com');
    });
  });
});
