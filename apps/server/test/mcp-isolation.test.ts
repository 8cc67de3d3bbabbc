import { randomUUID } from 'node:crypto';
import { MCP_TOOLS } from '@taskchat/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_CLIENTS, type McpTestClient, mcpUser, type ToolAnswer, textOf } from './mcp-clients.ts';
import { useServer } from './server-harness.ts';

const server = useServer();

/**
 * The isolation matrix for /mcp: with a token of every scope, user B calls every tool with user
 * A's ids and names in every argument that takes one. B never sees or changes anything of A's, and
 * the answer is the one a missing record gets (A's ids read as random ones).
 */
describe('/mcp isolation: another user token reaches nothing of the first user', () => {
  let owner: Awaited<ReturnType<typeof mcpUser>>;
  let intruder: McpTestClient;
  const ids = { task: '', child: '', conversation: '', message: '' };
  let before: unknown;

  const ownerState = async () => ({
    tasks: (await owner.client.tasks.list.query({ view: 'all' })).items.map((task) => ({
      id: task.id,
      title: task.title,
      completed: task.completed,
      due: task.due,
      projectId: task.projectId,
      parentId: task.parentId,
      labels: task.labels,
    })),
    projects: (await owner.client.projects.list.query()).map((project) => project.name),
    labels: (await owner.client.labels.list.query()).map((label) => label.name),
    conversations: (await owner.client.conversations.list.query()).items.map((item) => item.title),
  });

  beforeAll(async () => {
    owner = await mcpUser(server.origin);
    const project = await owner.client.projects.create.mutate({ name: 'Secret' });
    const task = await owner.client.tasks.create.mutate({
      title: 'alpha plan',
      projectId: project.id,
      labels: ['private'],
    });
    const child = await owner.client.tasks.create.mutate({ title: 'alpha step', parentId: task.id });
    const conversation = await owner.client.conversations.create.mutate({ title: 'alpha talk' });
    const message = await owner.client.messages.append.mutate({
      conversationId: conversation.id,
      role: 'user',
      content: 'the alpha plan is secret',
      clientId: randomUUID(),
    });
    Object.assign(ids, { task: task.id, child: child.id, conversation: conversation.id, message: message.message.id });
    before = await ownerState();
    const other = await mcpUser(server.origin);
    await other.client.tasks.create.mutate({ title: 'my own task' });
    intruder = await MCP_CLIENTS['2026-07-28'](server.origin, (await other.accessToken()).secret);
  });
  afterAll(() => intruder.close());

  /** The answer with the given ids replaced, so an answer about A's record can be compared with one about a random id. */
  const masked = (answer: ToolAnswer, ...replaced: string[]) =>
    JSON.stringify(answer).replaceAll(new RegExp(replaced.join('|'), 'g'), '<id>');

  /** Calls with A's id and with a random one: the answers must be the same but for the id. */
  async function asIfMissing(tool: string, args: (id: string) => Record<string, unknown>, real: string) {
    const random = randomUUID();
    const theirs = await intruder.callTool(tool, args(real));
    const missing = await intruder.callTool(tool, args(random));
    expect(masked(theirs, real), `${tool} with the other user's id`).toBe(masked(missing, random));
    return theirs;
  }

  const cases: Record<string, () => Promise<void>> = {
    list_tasks: async () => {
      for (const args of [{}, { view: 'all' }, { search: 'alpha' }, { view: 'inbox' }]) {
        const answer = await intruder.callTool('list_tasks', args);
        expect(JSON.stringify(answer)).not.toContain('alpha');
      }
      const byProject = await asIfMissing('list_tasks', (name) => ({ project: name }), 'Secret');
      expect(textOf(byProject)).toBe('No project called “Secret”');
      const byLabel = await intruder.callTool('list_tasks', { label: 'private' });
      expect(textOf(byLabel)).toBe('No label called “private”');
    },
    add_tasks: async () => {
      const into = await intruder.callTool('add_tasks', { tasks: [{ title: 'x', project: 'Secret' }] });
      expect(into.isError).toBe(true);
      expect(textOf(into)).toBe('No project called “Secret”');
      // The same label name is the intruder's own label.
      const labelled = await intruder.callTool('add_tasks', {
        tasks: [{ title: 'own labelled', labels: ['private'] }],
      });
      expect(labelled.isError).toBeFalsy();
    },
    update_task: async () => {
      const answer = await asIfMissing('update_task', (id) => ({ taskId: id, title: 'taken over' }), ids.task);
      expect(answer.isError).toBe(true);
      await asIfMissing('update_task', (id) => ({ taskId: id, completed: true }), ids.child);
    },
    complete_tasks: async () => {
      const answer = await asIfMissing('complete_tasks', (id) => ({ taskIds: [id] }), ids.task);
      expect(answer.structuredContent).toMatchObject({ tasks: [], missing: [ids.task] });
    },
    delete_tasks: async () => {
      await asIfMissing('delete_tasks', (id) => ({ taskIds: [id] }), ids.task);
      await asIfMissing('delete_tasks', (id) => ({ taskIds: [id] }), ids.child);
    },
    reschedule_tasks: async () => {
      await asIfMissing('reschedule_tasks', (id) => ({ taskIds: [id], due: 'tomorrow' }), ids.task);
    },
    move_task: async () => {
      await asIfMissing('move_task', (id) => ({ taskId: id, project: 'Inbox' }), ids.task);
      const own = (await intruder.callTool('list_tasks', {})).structuredContent as { tasks: { id: string }[] };
      const mine = own.tasks[0]?.id as string;
      // Under the other user's task: as unknown as a random parent.
      await asIfMissing('move_task', (id) => ({ taskId: mine, parentTaskId: id }), ids.task);
    },
    list_projects: async () => {
      const answer = await intruder.callTool('list_projects', {});
      expect((answer.structuredContent as { projects: { name: string }[] }).projects.map((p) => p.name)).toEqual([
        'Inbox',
      ]);
      const archived = await intruder.callTool('list_projects', { archived: true });
      expect(JSON.stringify(archived)).not.toContain('Secret');
    },
    list_labels: async () => {
      const answer = await intruder.callTool('list_labels', {});
      // Only the intruder's own label of the same name, never the owner's id.
      expect(JSON.stringify(answer)).not.toContain(ids.task);
      expect((answer.structuredContent as { labels: { openTaskCount: number }[] }).labels).toEqual([
        expect.objectContaining({ name: 'private', openTaskCount: 1 }),
      ]);
    },
    search_conversations: async () => {
      const answer = await intruder.callTool('search_conversations', { query: 'alpha' });
      expect(answer.structuredContent).toMatchObject({ results: [], nextCursor: null });
    },
    get_conversation: async () => {
      const answer = await asIfMissing('get_conversation', (id) => ({ id }), ids.conversation);
      expect(answer).toMatchObject({ isError: true, structuredContent: { error: { code: 'NOT_FOUND' } } });
    },
  };

  it('has a case for every tool the server has', () => {
    expect(Object.keys(cases).sort()).toEqual(MCP_TOOLS.map((tool) => tool.name).sort());
  });

  it.each(Object.keys(cases))('%s', async (tool) => {
    await cases[tool]?.();
    expect(await ownerState()).toEqual(before);
  });
});
