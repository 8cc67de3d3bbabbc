import { randomUUID } from 'node:crypto';
import { expectErrorCode, TEST_PASSWORD as password } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { useServer } from './server-harness.ts';

const server = useServer();

async function newUser() {
  const { token, user } = await server.client().auth.signUp.mutate({ email: `${randomUUID()}@example.com`, password });
  return { token, userId: user.id, client: server.client(token) };
}

const exportOf = (token: string | null, path = '/export') =>
  fetch(`${server.origin}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

async function exportLines(token: string): Promise<{ type: string; [key: string]: unknown }[]> {
  const response = await exportOf(token);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
  return (await response.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** The export's lines cut into one NDJSON text per conversation (its line and its messages). */
function perConversation(lines: { type: string }[]): string[] {
  const parts: string[][] = [];
  for (const line of lines) {
    if (line.type === 'conversation') parts.push([]);
    if (line.type === 'conversation' || line.type === 'message') parts.at(-1)?.push(JSON.stringify(line));
  }
  return parts.map((part) => part.join('\n'));
}

async function userWithHistory() {
  const user = await newUser();
  await user.client.tasks.create.mutate({ title: 'buy oat milk' });
  const trip = await user.client.conversations.create.mutate({ title: 'Trip' });
  for (const content of ['Where to?', 'Rome, "maybe" \\ Florence', 'Book it 🚆']) {
    await user.client.messages.append.mutate({ conversationId: trip.id, content });
  }
  for await (const _ of await user.client.chat.send.mutate({
    conversationId: trip.id,
    content: 'add pack bags',
    clientId: randomUUID(),
  })) {
    // the offline assistant answers
  }
  const trashed = await user.client.conversations.create.mutate({ title: 'Gone' });
  await user.client.conversations.delete.mutate({ id: trashed.id });
  return { ...user, tripId: trip.id, trashedId: trashed.id };
}

describe('GET /export', () => {
  it('streams a versioned header, the tasks, and each conversation followed by its messages; never the trash', async () => {
    const alice = await userWithHistory();
    const lines = await exportLines(alice.token);
    expect(lines[0]).toMatchObject({
      type: 'header',
      format: 'taskchat-export',
      version: 3,
      user: { id: alice.userId, timeZone: 'UTC' },
    });
    expect(lines.filter((line) => line.type === 'task').map((line) => line.title)).toEqual([
      'buy oat milk',
      'pack bags',
    ]);
    const conversations = lines.filter((line) => line.type === 'conversation');
    expect(conversations.map((line) => line.id)).toEqual([alice.tripId]);
    const messages = lines.filter((line) => line.type === 'message');
    expect(messages.map((line) => [line.role, line.content])).toEqual([
      ['user', 'Where to?'],
      ['user', 'Rome, "maybe" \\ Florence'],
      ['user', 'Book it 🚆'],
      ['user', 'add pack bags'],
      ['assistant', expect.stringContaining('pack bags')],
    ]);
    expect(JSON.stringify(lines)).not.toContain(alice.trashedId);
    expect((await exportOf(null)).status).toBe(401);
  });

  it('exports one conversation as Markdown; another user’s is a 404', async () => {
    const alice = await userWithHistory();
    const bob = await newUser();
    const response = await exportOf(alice.token, `/export/conversations/${alice.tripId}.md`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const markdown = await response.text();
    expect(markdown.startsWith('# Trip\n\n**You** · ')).toBe(true);
    expect(markdown).toContain('Book it 🚆');
    expect(markdown).toContain('**Assistant** · ');
    expect((await exportOf(bob.token, `/export/conversations/${alice.tripId}.md`)).status).toBe(404);
    expect((await exportOf(alice.token, `/export/conversations/${alice.trashedId}.md`)).status).toBe(404);
    expect((await exportOf(alice.token, '/export/conversations/not-an-id.md')).status).toBe(404);
  });
});

describe('GET /export, version 2', () => {
  it('carries the projects (the Inbox flagged), the labels, every field of the tasks, and the time zone; never trashed tasks', async () => {
    const user = await newUser();
    await user.client.auth.updateProfile.mutate({ timeZone: 'Asia/Tokyo' });
    const home = await user.client.projects.create.mutate({ name: 'Home', color: 'green' });
    const old = await user.client.projects.create.mutate({ name: 'Old' });
    await user.client.projects.archive.mutate({ id: old.id, archived: true });
    const task = await user.client.tasks.create.mutate({ title: 'water plants' });
    const gone = await user.client.tasks.create.mutate({ title: 'gone' });
    await user.client.tasks.delete.mutate({ id: gone.id });
    await user.client.tasks.complete.mutate({ id: task.id });
    const lines = await exportLines(user.token);
    expect(lines[0]).toMatchObject({ type: 'header', version: 3, user: { timeZone: 'Asia/Tokyo' } });
    const projects = lines.filter((line) => line.type === 'project');
    expect(projects.map((line) => [line.name, line.inbox, line.archived, line.color])).toEqual([
      ['Inbox', true, false, 'charcoal'],
      ['Home', false, false, 'green'],
      ['Old', false, true, 'charcoal'],
    ]);
    expect(projects[1]).toMatchObject({ id: home.id, position: home.position });
    const tasks = lines.filter((line) => line.type === 'task');
    expect(tasks).toEqual([
      {
        type: 'task',
        id: task.id,
        projectId: projects[0]?.id,
        parentId: null,
        position: expect.any(String),
        title: 'water plants',
        description: null,
        due: null,
        deadline: null,
        priority: 4,
        recurrence: null,
        labels: [],
        reminders: [],
        completed: true,
        completedAt: expect.any(String),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
    // Lines come in order: header, projects, labels, tasks, conversations.
    const order = lines.map((line) => line.type);
    expect(order.lastIndexOf('project')).toBeLessThan(order.indexOf('task'));
  });

  it('conversations.import still takes a version 1 file', async () => {
    const user = await newUser();
    const at = new Date().toISOString();
    const ndjson = [
      {
        type: 'header',
        format: 'taskchat-export',
        version: 1,
        exportedAt: at,
        user: { id: randomUUID(), email: 'a@b.c', name: null },
      },
      {
        type: 'conversation',
        id: randomUUID(),
        title: 'Old file',
        archived: false,
        pinned: false,
        createdAt: at,
        updatedAt: at,
      },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    expect(await user.client.conversations.import.mutate({ ndjson })).toMatchObject({ status: 'created' });
  });
});

describe('conversations.import', () => {
  it('takes an export back one conversation at a time, idempotently, and touches no one else', async () => {
    const alice = await userWithHistory();
    const bob = await newUser();
    const aliceBefore = await exportLines(alice.token);
    const [trip] = perConversation(aliceBefore);

    const first = await bob.client.conversations.import.mutate({ ndjson: trip as string });
    expect(first).toMatchObject({ status: 'created', storedMessages: 5, skippedMessages: 0 });
    expect(first.conversation).toMatchObject({ title: 'Trip' });
    expect(first.conversation.id).not.toBe(alice.tripId);
    const again = await bob.client.conversations.import.mutate({ ndjson: trip as string });
    expect(again).toMatchObject({ status: 'existing', storedMessages: 0, skippedMessages: 5 });
    expect(again.conversation.id).toBe(first.conversation.id);

    const bobs = await bob.client.messages.list.query({ conversationId: first.conversation.id });
    const alices = await alice.client.messages.list.query({ conversationId: alice.tripId });
    const view = (items: typeof bobs.items) =>
      items.map((m) => [m.role, m.content, m.createdAt.toISOString(), m.parts]);
    expect(view(bobs.items)).toEqual(view(alices.items));
    // Alice's account is as it was.
    expect(await exportLines(alice.token)).toEqual(
      aliceBefore.map((line) => (line.type === 'header' ? { ...line, exportedAt: expect.any(String) } : line)),
    );
    // A key names one message: the same lines with a message changed are a CONFLICT naming it, storing nothing.
    const changed = (trip as string).replace('Book it 🚆', 'Book it today');
    const conflict = await expectErrorCode<Error>(
      bob.client.conversations.import.mutate({ ndjson: changed }),
      'CONFLICT',
    );
    expect(conflict.message).toMatch(/^Line 4: this message was stored before with other content$/);
    // Lines out of order are stored in the order the messages were written.
    const [head, ...messageLines] = (trip as string).split('\n');
    const carol = await newUser();
    const shuffled = await carol.client.conversations.import.mutate({
      ndjson: [head, ...messageLines.reverse()].join('\n'),
    });
    const carols = await carol.client.messages.list.query({ conversationId: shuffled.conversation.id });
    expect(view(carols.items)).toEqual(view(alices.items));
    // Imported into the account it came from, it is the same conversation: nothing is added.
    expect(await alice.client.conversations.import.mutate({ ndjson: trip as string })).toMatchObject({
      status: 'existing',
      storedMessages: 0,
    });
  });

  it('names the bad line and keeps nothing of a failed import', async () => {
    const alice = await userWithHistory();
    const bob = await newUser();
    const [trip] = perConversation(await exportLines(alice.token));
    const lines = (trip as string).split('\n');
    const broken = [...lines.slice(0, 2), lines[2]?.replace('"role":"user"', '"role":"system"'), ...lines.slice(3)];
    const error = await expectErrorCode<Error>(
      bob.client.conversations.import.mutate({ ndjson: broken.join('\n') }),
      'BAD_REQUEST',
    );
    expect(error.message).toMatch(/^Line 3: role: /);
    const notJson = await expectErrorCode<Error>(
      bob.client.conversations.import.mutate({ ndjson: `${trip}\n{oops` }),
      'BAD_REQUEST',
    );
    expect(notJson.message).toBe(`Line ${lines.length + 1}: not a JSON object`);
    // What PostgreSQL could not store is refused by line, never a 500: NUL, an unpaired surrogate,
    // deep nesting (in a tool call's parts), a date from the future.
    const message = JSON.parse(lines[1] as string);
    const deep = `${'['.repeat(20_000)}"bottom"${']'.repeat(20_000)}`;
    const toolCall = `[{"type":"tool-call","toolCallId":"c1","toolName":"list_tasks","input":{},"output":${deep}}]`;
    const unstorable: [string, RegExp][] = [
      [
        JSON.stringify({ ...message, parts: [{ type: 'text', text: 'a\u0000b' }] }),
        /^Line 2: NUL characters cannot be stored$/,
      ],
      [
        JSON.stringify({ ...message, content: 'lone \ud800 surrogate' }),
        /^Line 2: unpaired surrogate characters cannot be stored$/,
      ],
      [
        JSON.stringify({ ...message, parts: null }).replace('"parts":null', `"parts":${toolCall}`),
        /^Line 2: nested more than 64 levels deep$/,
      ],
      [
        JSON.stringify({ ...message, createdAt: '2999-01-01T00:00:00Z' }),
        /^Line 2: createdAt: Must be a date between 1970 and now$/,
      ],
    ];
    for (const [bad, expected] of unstorable) {
      const refused = await expectErrorCode<Error>(
        bob.client.conversations.import.mutate({ ndjson: [lines[0], bad].join('\n') }),
        'BAD_REQUEST',
      );
      expect(refused.message).toMatch(expected);
    }
    expect((await bob.client.conversations.list.query()).items).toEqual([]);
    const [firstLine] = lines;
    await expectErrorCode(
      bob.client.conversations.import.mutate({ ndjson: `${firstLine}\n${firstLine}` }),
      'BAD_REQUEST',
    );
  });
});
