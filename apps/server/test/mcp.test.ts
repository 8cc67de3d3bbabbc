import { randomUUID } from 'node:crypto';
import { databaseOf } from '@taskchat/api';
import { isTaskchatError } from '@taskchat/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_SCOPES,
  MCP_CLIENTS,
  type McpTestClient,
  mcpUser,
  type ProtocolRevision,
  postMcp,
  structured,
  textOf,
} from './mcp-clients.ts';
import { useServer } from './server-harness.ts';

const PUBLIC_URL = 'https://tasks.example.com';
const server = useServer({ PUBLIC_URL });

const TASK_READ_TOOLS = ['list_tasks', 'list_projects', 'list_labels'];
const TASK_WRITE_TOOLS = [
  'add_tasks',
  'update_task',
  'complete_tasks',
  'delete_tasks',
  'reschedule_tasks',
  'move_task',
];
const CONVERSATION_TOOLS = ['search_conversations', 'get_conversation'];

interface Listed {
  number: number;
  id: string;
  title: string;
  due: string | null;
  project: string;
  labels: string[];
  priority: number;
  completed: boolean;
  change?: string;
}

describe.each(Object.keys(MCP_CLIENTS) as ProtocolRevision[])(
  '/mcp with the official SDK client, protocol %s',
  (revision) => {
    let user: Awaited<ReturnType<typeof mcpUser>>;
    let mcp: McpTestClient;

    beforeAll(async () => {
      user = await mcpUser(server.origin);
      const { secret } = await user.accessToken();
      mcp = await MCP_CLIENTS[revision](server.origin, secret);
    });
    afterAll(() => mcp.close());

    it('negotiates the revision', () => {
      expect(mcp.protocolVersion).toBe(revision);
    });

    it('lists every tool for a token with every scope, with titles, input schemas and truthful hints', async () => {
      const { tools } = await mcp.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(
        [...TASK_READ_TOOLS, ...TASK_WRITE_TOOLS, ...CONVERSATION_TOOLS].sort(),
      );
      const byName = new Map(tools.map((tool) => [tool.name, tool]));
      for (const name of [...TASK_READ_TOOLS, ...CONVERSATION_TOOLS]) {
        expect(byName.get(name)?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
      }
      expect(byName.get('add_tasks')?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
      });
      expect(byName.get('delete_tasks')?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
      });
      expect(byName.get('update_task')?.annotations).toMatchObject({ destructiveHint: true });
      expect(byName.get('add_tasks')?.title).toBe('Add tasks');
      expect(byName.get('add_tasks')?.inputSchema).toMatchObject({
        type: 'object',
        properties: { tasks: { type: 'array', maxItems: 50 } },
        required: ['tasks'],
      });
    });

    it('adds, lists, changes, completes, reschedules, moves and deletes tasks, each answered as structured content and text', async () => {
      await user.client.projects.create.mutate({ name: 'Home' });
      const added = await mcp.callTool('add_tasks', {
        tasks: [
          { title: 'Pay rent', due: '2030-01-05', priority: 1, labels: ['bills'] },
          { title: 'Water plants', project: 'Home' },
        ],
      });
      const { tasks } = structured<{ tasks: Listed[] }>(added);
      expect(tasks.map((task) => [task.title, task.due, task.project, task.priority, task.labels])).toEqual([
        ['Pay rent', '2030-01-05', 'Inbox', 1, ['bills']],
        ['Water plants', null, 'Home', 4, []],
      ]);
      expect(textOf(added)).toContain('Added “Pay rent”');
      const [rent, plants] = tasks as [Listed, Listed];
      // The same tasks the web app and /trpc see.
      expect((await user.client.tasks.list.query({ view: 'all' })).items.map((task) => task.title).sort()).toEqual([
        'Pay rent',
        'Water plants',
      ]);

      const listed = await mcp.callTool('list_tasks', { label: 'bills' });
      expect(structured<{ tasks: Listed[]; more: boolean }>(listed)).toMatchObject({
        tasks: [{ id: rent.id }],
        more: false,
      });
      expect(textOf(listed)).toBe('1. Pay rent — due 2030-01-05, p1, Inbox, @bills');

      const updated = structured<{ task: Listed }>(
        await mcp.callTool('update_task', { taskId: rent.id, title: 'Pay the rent' }),
      );
      expect(updated.task).toMatchObject({ id: rent.id, title: 'Pay the rent' });

      const rescheduled = structured<{ tasks: Listed[]; missing: string[] }>(
        await mcp.callTool('reschedule_tasks', { taskIds: [rent.id], due: '2030-02-01' }),
      );
      expect(rescheduled.tasks[0]?.due).toBe('2030-02-01');

      const moved = structured<{ task: Listed }>(await mcp.callTool('move_task', { taskId: rent.id, project: 'Home' }));
      expect(moved.task.project).toBe('Home');

      const missing = randomUUID();
      const completed = await mcp.callTool('complete_tasks', { taskIds: [plants.id, missing] });
      expect(structured<{ tasks: Listed[]; missing: string[] }>(completed)).toMatchObject({
        tasks: [{ id: plants.id, completed: true }],
        missing: [missing],
      });
      expect(textOf(completed)).toContain(`Not found: ${missing}`);

      const deleted = structured<{ tasks: Listed[] }>(await mcp.callTool('delete_tasks', { taskIds: [rent.id] }));
      expect(deleted.tasks.map((task) => task.id)).toEqual([rent.id]);
      expect((await user.client.tasks.list.query({ view: 'all' })).items.map((task) => task.title)).toEqual([
        'Water plants',
      ]);
    });

    it('lists projects and labels', async () => {
      const projects = structured<{ projects: { name: string; inbox: boolean }[] }>(
        await mcp.callTool('list_projects', {}),
      );
      expect(projects.projects.map((project) => project.name)).toEqual(['Inbox', 'Home']);
      const labels = await mcp.callTool('list_labels', {});
      expect(structured<{ labels: { name: string }[] }>(labels).labels.map((label) => label.name)).toEqual(['bills']);
      expect(textOf(labels)).toBe('@bills (0 open)');
    });

    it('searches conversations and reads one, its newest messages oldest first, bounded, with a cursor to the older ones', async () => {
      const conversation = await user.client.conversations.create.mutate({ title: 'Trip to Lisbon' });
      for (const content of ['Book flights to Lisbon', 'Pack the adapter', 'Check in online']) {
        await user.client.messages.append.mutate({
          conversationId: conversation.id,
          role: 'user',
          content,
          clientId: randomUUID(),
        });
      }
      const found = structured<{ results: { conversationId: string; title: string; passage: string }[] }>(
        await mcp.callTool('search_conversations', { query: 'lisbon flights' }),
      );
      expect(found.results.map((result) => result.conversationId)).toEqual([conversation.id]);
      expect(found.results[0]?.passage).toContain('Lisbon');

      const read = await mcp.callTool('get_conversation', { id: conversation.id, limit: 2 });
      const page = structured<{
        conversation: { title: string };
        messages: { content: string }[];
        olderCursor: string | null;
      }>(read);
      expect(page.conversation.title).toBe('Trip to Lisbon');
      expect(page.messages.map((message) => message.content)).toEqual(['Pack the adapter', 'Check in online']);
      expect(textOf(read)).toContain('user: Check in online');
      const older = structured<{ messages: { content: string }[]; olderCursor: string | null }>(
        await mcp.callTool('get_conversation', { id: conversation.id, limit: 2, before: page.olderCursor }),
      );
      expect(older).toMatchObject({ messages: [{ content: 'Book flights to Lisbon' }], olderCursor: null });
    });

    it('answers a refused input, an unknown task and a domain rule as tool errors, never protocol failures', async () => {
      const wrongType = await mcp.callTool('add_tasks', { tasks: 'milk' });
      expect(wrongType.isError).toBe(true);
      expect(textOf(wrongType)).toMatch(/tasks/);
      const unknown = await mcp.callTool('update_task', { taskId: randomUUID(), title: 'x' });
      expect(unknown).toMatchObject({ isError: true, structuredContent: { error: { code: 'NOT_FOUND' } } });
      const unknownProject = await mcp.callTool('add_tasks', { tasks: [{ title: 'x', project: 'Nowhere' }] });
      expect(textOf(unknownProject)).toBe('No project called “Nowhere”');
      const badDate = await mcp.callTool('add_tasks', { tasks: [{ title: 'x', due: 'when pigs fly' }] });
      expect(badDate.isError).toBe(true);
      const titles = (await user.client.tasks.list.query({ view: 'all' })).items.map((task) => task.title);
      expect(titles).not.toContain('x');
    });

    it('refuses an unknown tool as the protocol says (invalid params), and keeps serving', async () => {
      await expect(mcp.callTool('drop_database', {})).rejects.toMatchObject({ code: -32602 });
      expect(structured(await mcp.callTool('list_labels', {}))).toHaveProperty('labels');
    });
  },
);

describe('/mcp credentials', () => {
  it('answers a request without a token 401 with the protected-resource metadata and the scopes', async () => {
    const response = await postMcp(server.origin, null, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain(`resource_metadata="${PUBLIC_URL}/.well-known/oauth-protected-resource/mcp"`);
    expect(challenge).toContain(`scope="${ALL_SCOPES.join(' ')}"`);
    expect(challenge).not.toContain('invalid_token');
  });

  it('refuses an unknown, a revoked and an expired token with 401 invalid_token, and a session token too', async () => {
    const user = await mcpUser(server.origin);
    const revoked = await user.accessToken();
    await user.client.auth.tokens.revoke.mutate({ id: revoked.token.id });
    const expired = await user.accessToken();
    await databaseOf(server.db.orm)
      .updateTable('access_tokens')
      .set({ created_at: new Date(Date.now() - 2 * 86_400_000), expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', expired.token.id)
      .execute();
    for (const token of [
      `tc_pat_${'A'.repeat(43)}`,
      revoked.secret,
      expired.secret,
      user.session,
      'not a token at all',
    ]) {
      const response = await postMcp(server.origin, token, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
      expect(response.status).toBe(401);
      if (token !== 'not a token at all')
        expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('refuses an access token on /trpc: it is not a session', async () => {
    const user = await mcpUser(server.origin);
    const { secret } = await user.accessToken();
    const error = await server
      .client(secret)
      .auth.me.query()
      .catch((caught: unknown) => caught);
    expect(isTaskchatError(error) && error.data?.code).toBe('UNAUTHORIZED');
    const tokens = await server
      .client(secret)
      .auth.tokens.list.query()
      .catch((caught: unknown) => caught);
    expect(isTaskchatError(tokens) && tokens.data?.code).toBe('UNAUTHORIZED');
  });

  it.each([
    [['tasks:read'], TASK_READ_TOOLS],
    [['tasks:write'], TASK_WRITE_TOOLS],
    [['conversations:read'], CONVERSATION_TOOLS],
    [
      ['tasks:read', 'conversations:read'],
      [...TASK_READ_TOOLS, ...CONVERSATION_TOOLS],
    ],
  ] as const)('a token with %j lists and calls only the tools its scopes allow', async (scopes, allowed) => {
    const user = await mcpUser(server.origin);
    const { secret } = await user.accessToken([...scopes]);
    for (const revision of Object.keys(MCP_CLIENTS) as ProtocolRevision[]) {
      const mcp = await MCP_CLIENTS[revision](server.origin, secret);
      try {
        expect((await mcp.listTools()).tools.map((tool) => tool.name).sort()).toEqual([...allowed].sort());
        for (const name of [...TASK_READ_TOOLS, ...TASK_WRITE_TOOLS, ...CONVERSATION_TOOLS]) {
          if (allowed.includes(name)) continue;
          await expect(
            mcp.callTool(name, name === 'add_tasks' ? { tasks: [{ title: 'sneaked in' }] } : {}),
          ).rejects.toMatchObject({
            code: -32602,
          });
        }
      } finally {
        await mcp.close();
      }
    }
    expect((await user.client.tasks.list.query({ view: 'all' })).items).toEqual([]);
  });

  it('never writes a secret to the logs, and logs each request with its method, tool and credential', async () => {
    const user = await mcpUser(server.origin);
    const { secret, token } = await user.accessToken();
    const mcp = await MCP_CLIENTS['2026-07-28'](server.origin, secret);
    await mcp.callTool('list_tasks', {});
    await mcp.close();
    const lines = server.logs.filter((line) => line.includes(token.id));
    expect(lines.some((line) => line.includes('"tool":"list_tasks"') && line.includes('"method":"tools/call"'))).toBe(
      true,
    );
    expect(server.logs.join('\n')).not.toContain(secret);
    expect(server.logs.join('\n')).not.toContain(user.session);
  });
});
