import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@taskchat/db';
import { type StatementLoggingServer, startStatementLoggingServer, TEST_PASSWORD } from '@taskchat/db/testing';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeed, createApiDeps, createCaller, databaseOf } from '../src/index.ts';

let server: StatementLoggingServer;
let url: string;
let orm: MikroORM;

beforeAll(async () => {
  server = await startStatementLoggingServer();
  ({ url } = await createMigratedDatabase(server.adminUrl, 'taskchat_bind'));
  orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 2 } }));
});
afterAll(async () => {
  await orm?.close(true);
  await server?.stop();
});

/** The statements PostgreSQL logged (one per line), without the parameter values logged beside them. */
function loggedStatements(): string[] {
  return server
    .log()
    .split('\n')
    .filter((line) => /LOG: {2}(statement|execute [^:]*):/.test(line));
}

/** Quotes, backslashes, placeholders of every dialect, comments and control characters (no NUL). */
const hostile = (marker: string) =>
  `O'Reilly said "hi" \\ \\' \\\\ '' $1 $$ ? :name -- not a comment /* nor this */ ; drop table messages; ` +
  `\u0001\u0008\u001b\u001f\u007f\t\r\n end ${marker} ☃ 😀`;

describe('what reaches PostgreSQL', () => {
  it('sends the hot statements with $n placeholders and user input only as parameters, stored byte for byte', async () => {
    const logger = { error() {}, info() {} };
    const deps = createApiDeps({
      db: databaseOf(orm),
      logger,
      feed: new ChangeFeed({ url, logger, subscriptionsPerUser: 10 }),
    });
    const marker = randomUUID();
    const email = `bind-${marker}@example.com`;
    const { token } = await createCaller(deps).auth.signUp({ email, password: TEST_PASSWORD });
    const caller = createCaller(deps, { token });

    const content = hostile(marker);
    const conversation = await caller.conversations.create({ title: `title ${marker}` });
    const { message } = await caller.messages.append({ conversationId: conversation.id, role: 'user', content });
    const task = await caller.tasks.create({ title: `task ${marker}`, description: content });
    await caller.tasks.complete({ id: task.id });
    const page = await caller.messages.list({ conversationId: conversation.id });
    await caller.conversations.list();
    await caller.tasks.list({ view: 'done' });
    const leave = new AbortController();
    const stream = await createCaller(deps, { token, signal: leave.signal }).messages.onMessage({
      conversationId: conversation.id,
      lastEventId: 'start',
    });
    const replayed = await stream[Symbol.asyncIterator]().next();
    leave.abort();
    expect(JSON.stringify(replayed.value)).toContain(marker);

    // Stored and returned byte for byte.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const stored = await client.query<{ content: string }>('select content from messages where id = $1', [
        message.id,
      ]);
      expect(Buffer.from(stored.rows[0]?.content ?? '').equals(Buffer.from(content))).toBe(true);
      const description = await client.query<{ description: string }>('select description from tasks where id = $1', [
        task.id,
      ]);
      expect(description.rows[0]?.description).toBe(content);
    } finally {
      await client.end();
    }
    expect(message.content).toBe(content);
    expect(page.items.map((m) => m.content)).toEqual([content]);

    const statements = loggedStatements();
    // No statement text holds what the user sent: not the email, a title, the content or the token.
    for (const secret of [marker, token, "O'Reilly", "O''Reilly", 'drop table messages']) {
      expect(statements.filter((line) => line.includes(secret))).toEqual([]);
    }
    // Each hot statement was sent with placeholders (the extended protocol's `execute`).
    const hot: [string, RegExp][] = [
      ['session lookup', /from "sessions" inner join "users" .*"token_hash" = \$1/],
      [
        'append',
        /select \* from append_messages\(\$1, \$2, \$3, \$4, \$5, \$6, \$7::uuid\[\], \$8::uuid\[\], \$9::text\[\]/,
      ],
      ['messages page', /select \* from branch_page\(\$1, \$2, \$3, \$4\)/],
      [
        'conversations page',
        /select .* from "conversations" where "user_id" = \$1 and "deleted_at" is null and "archived" = \$2 order by/,
      ],
      ['stream replay', /select .* from "messages" where "conversation_id" = \$1 and "user_id" = \$2 and "seq" > \$3/],
      [
        'tasks page',
        /select .* from "tasks" where "tasks"."user_id" = \$\d+ and "tasks"."deleted_at" is null and "completed" = \$\d+ .*order by/,
      ],
      [
        'task update',
        /update "tasks" set .* where "id" = \$\d+ and "user_id" = \$\d+ and "deleted_at" is null returning/,
      ],
    ];
    for (const [name, pattern] of hot) {
      const sent = statements.filter((line) => pattern.test(line));
      expect(sent, name).not.toEqual([]);
      for (const line of sent) expect(line, name).toMatch(/LOG: {2}execute <unnamed>: /);
    }
  });
});
