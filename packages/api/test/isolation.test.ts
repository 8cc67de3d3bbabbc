import { randomUUID } from 'node:crypto';
import { expectErrorCode, TEST_PASSWORD } from '@taskchat/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaller, resolvePersonalAccessToken, upsertOAuthRecord } from '../src/index.ts';
import { type Caller, useApi } from './harness.ts';
import { toolTurn } from './tool-turns.ts';

const api = useApi();

let owner: Caller;
let intruder: Caller;
let intruderToken: string;
let ownerEmail: string;
let ids: { task: string; conversation: string; message: string; trashedConversation: string };
/** A's assistant message that added a task (the offline assistant's turn), and its conversation. */
let ownersAnswer: string;
let ownersConversation: string;
let ownersProject: string;
let intrudersTask: string;
let planIds: { project: string; inbox: string; trashedTask: string };
/** A's personal access token. */
let ownersAccessToken: { id: string; secret: string };

/** Everything user A can see, to prove it is unchanged after user B's attempts. */
async function ownerView() {
  const conversations = await owner.conversations.list();
  return {
    tasks: await owner.tasks.list(),
    upcoming: await owner.tasks.list({ view: 'upcoming' }),
    labels: await owner.labels.list(),
    conversations,
    messages: await owner.messages.list({ conversationId: ids.conversation }),
    conversation: await owner.conversations.get({ id: ids.conversation }),
    trashedConversation: await owner.conversations.get({ id: ids.trashedConversation, includeTrashed: true }),
    projects: await owner.projects.list(),
    archivedProjects: await owner.projects.list({ archived: true }),
    taskTrash: await owner.tasks.trash(),
    accessTokens: await owner.auth.tokens.list(),
    oauthGrants: await owner.oauth.grants.list(),
    shares: await owner.conversations.shares(),
    votes: (await owner.messages.list({ conversationId: ownersConversation })).items.map((m) => [m.id, m.vote]),
    me: await owner.auth.me(),
  };
}

beforeAll(async () => {
  ({ caller: owner, email: ownerEmail } = await api.newUser('owner'));
  const signedUp = await api.newUser('intruder');
  intruder = signedUp.caller;
  intruderToken = signedUp.token;
  const task = await owner.tasks.create({ title: 'secret task', labels: ['secret'], due: { date: '2030-01-01' } });
  ownersProject = task.projectId;
  intrudersTask = (await intruder.tasks.create({ title: 'mine' })).id;
  const conversation = await owner.conversations.create({ title: 'secret chat' });
  const { message } = await owner.messages.append({ conversationId: conversation.id, role: 'user', content: 'secret' });
  const trashedConversation = await owner.conversations.create({ title: 'secret trashed chat' });
  await owner.conversations.delete({ id: trashedConversation.id });
  ids = {
    task: task.id,
    conversation: conversation.id,
    message: message.id,
    trashedConversation: trashedConversation.id,
  };
  const project = await owner.projects.create({ name: 'Secret project' });
  const inbox = (await owner.projects.list()).find((p) => p.inbox);
  const trashedTask = await owner.tasks.create({ title: 'secret trashed task' });
  await owner.tasks.delete({ id: trashedTask.id });
  planIds = { project: project.id, inbox: inbox?.id as string, trashedTask: trashedTask.id };
  const created = await owner.auth.tokens.create({ name: 'secret token', scopes: ['tasks:read', 'tasks:write'] });
  ownersAccessToken = { id: created.token.id, secret: created.secret };
  for await (const event of await owner.chat.send({ content: 'add secret errand', clientId: randomUUID() })) {
    if (event.type === 'assistant-message') {
      ownersAnswer = event.message.id;
      ownersConversation = event.message.conversationId;
    }
  }
  await owner.messages.vote({ messageId: ownersAnswer, value: 'up', comment: 'secret praise' });
});

describe("another user's records are indistinguishable from missing ones", () => {
  const attempts: Record<string, (id: string) => Promise<unknown>> = {
    'tasks.update': (id) => intruder.tasks.update({ id, title: 'pwned' }),
    'tasks.complete': (id) => intruder.tasks.complete({ id }),
    'tasks.reopen': (id) => intruder.tasks.reopen({ id }),
    'tasks.move': (id) => intruder.tasks.move({ id, parentId: null }),
    'tasks.move before': (id) => intruder.tasks.move({ id: intrudersTask, before: id }),
    'tasks.move after': (id) => intruder.tasks.move({ id: intrudersTask, after: id }),
    'tasks.move under': (id) => intruder.tasks.move({ id: intrudersTask, parentId: id }),
    'tasks.create under': (id) => intruder.tasks.create({ title: 'x', parentId: id }),
    'tasks.delete': (id) => intruder.tasks.delete({ id }),
    'tasks.restore': (id) => intruder.tasks.restore({ id }),
    'tasks.purge': (id) => intruder.tasks.purge({ id }),
    'conversations.get': (id) => intruder.conversations.get({ id }),
    'conversations.get including the trash': (id) => intruder.conversations.get({ id, includeTrashed: true }),
    'conversations.rename': (id) => intruder.conversations.rename({ id, title: 'pwned' }),
    'conversations.delete': (id) => intruder.conversations.delete({ id }),
    'conversations.archive': (id) => intruder.conversations.archive({ id }),
    'conversations.unarchive': (id) => intruder.conversations.unarchive({ id }),
    'conversations.pin': (id) => intruder.conversations.pin({ id }),
    'conversations.unpin': (id) => intruder.conversations.unpin({ id }),
    'conversations.restore': (id) => intruder.conversations.restore({ id }),
    'conversations.purge': (id) => intruder.conversations.purge({ id }),
    'messages.list': (id) => intruder.messages.list({ conversationId: id }),
    'messages.list at a leaf': (id) => intruder.messages.list({ conversationId: id, leafId: id }),
    'conversations.setLeaf': (id) => intruder.conversations.setLeaf({ id, messageId: id }),
    'conversations.share': (id) => intruder.conversations.share({ id }),
    'chat.send after a parent': (id) =>
      intruder.chat.send({ conversationId: id, parentId: id, content: 'list', clientId: randomUUID() }),
    'messages.append': (id) => intruder.messages.append({ conversationId: id, role: 'user', content: 'hi' }),
    'chat.send': (id) => intruder.chat.send({ conversationId: id, content: 'list', clientId: randomUUID() }),
    'messages.onMessage': (id) => intruder.messages.onMessage({ conversationId: id }),
    'messages.onMessage resuming after A’s message': (id) =>
      intruder.messages.onMessage({ conversationId: id, lastEventId: ids.message }),
  };

  for (const [procedure, attempt] of Object.entries(attempts)) {
    it(`${procedure} with A's task, conversation and message ids, and a missing id: the same NOT_FOUND`, async () => {
      const missing = await expectErrorCode(attempt(randomUUID()), 'NOT_FOUND');
      expect(missing.message).toBe(procedure.startsWith('tasks.') ? 'Task not found' : 'Conversation not found');
      for (const id of [
        ids.task,
        ids.conversation,
        ids.message,
        ids.trashedConversation,
        planIds.trashedTask,
        planIds.project,
      ]) {
        const error = await expectErrorCode(attempt(id), 'NOT_FOUND');
        expect(error.message).toBe(missing.message);
      }
    });
  }

  it("messages.vote, chat.regenerate, conversations.setLeaf, a leafId and a parentId in B's own conversation with A's messages: the NOT_FOUND of a missing one, nothing of A's changed", async () => {
    const before = await ownerView();
    const mine = await intruder.conversations.create({ title: 'mine' });
    await intruder.messages.append({ conversationId: mine.id, role: 'user', content: 'my own' });
    const attemptsOnMessages: Record<string, (messageId: string) => Promise<unknown>> = {
      'messages.vote': (messageId) => intruder.messages.vote({ messageId, value: 'down', comment: 'pwned' }),
      'chat.regenerate': (messageId) => intruder.chat.regenerate({ messageId, clientId: randomUUID() }),
      'conversations.setLeaf': (messageId) => intruder.conversations.setLeaf({ id: mine.id, messageId }),
      'messages.list': (leafId) => intruder.messages.list({ conversationId: mine.id, leafId }),
      'chat.send': (parentId) =>
        intruder.chat.send({ conversationId: mine.id, parentId, content: 'list', clientId: randomUUID() }),
    };
    for (const [procedure, attempt] of Object.entries(attemptsOnMessages)) {
      const missing = await expectErrorCode(attempt(randomUUID()), 'NOT_FOUND');
      for (const id of [ownersAnswer, ids.message, ids.conversation]) {
        const error = await expectErrorCode(attempt(id), 'NOT_FOUND');
        expect([procedure, error.message]).toEqual([procedure, missing.message]);
      }
    }
    expect(await ownerView()).toEqual(before);
    // B's conversation holds B's one message still, on a branch of its own.
    expect((await intruder.messages.list({ conversationId: mine.id })).items.map((m) => m.content)).toEqual(['my own']);
  });

  it("conversations.shares, unshare and shared: B sees none of A's links and cannot revoke one; A's link shows A's branch alone", async () => {
    const { share, token } = await owner.conversations.share({ id: ids.conversation });
    const before = await ownerView();
    expect(await intruder.conversations.shares()).toEqual([]);
    const missing = await expectErrorCode(intruder.conversations.unshare({ shareId: randomUUID() }), 'NOT_FOUND');
    for (const shareId of [share.id, ids.conversation, ids.message]) {
      const error = await expectErrorCode(intruder.conversations.unshare({ shareId }), 'NOT_FOUND');
      expect(error.message).toBe(missing.message);
    }
    expect(await ownerView()).toEqual(before);
    // The link is A's snapshot: A's words, none of A's ids, tasks or other conversations.
    const shared = await createCaller(api.deps).conversations.shared({ token });
    expect(shared.messages.map((m) => m.content)).toEqual(['secret']);
    const text = JSON.stringify(shared);
    for (const id of [ids.conversation, ids.message, ids.task, ownersAnswer]) expect(text).not.toContain(id);
    expect(text).not.toContain('secret task');
    await owner.conversations.unshare({ shareId: share.id });
  });

  it("chat.undo and chat.effects with A's assistant message: the NOT_FOUND of a missing one, nothing of A's shown, A's changes not undone", async () => {
    const before = await ownerView();
    const missing = await expectErrorCode(intruder.chat.undo({ messageId: randomUUID() }), 'NOT_FOUND');
    for (const id of [ownersAnswer, ids.message, ids.conversation, ids.task]) {
      const error = await expectErrorCode(intruder.chat.undo({ messageId: id }), 'NOT_FOUND');
      expect(error.message).toBe(missing.message);
    }
    expect(await intruder.chat.effects({ messageIds: [ownersAnswer, ids.message, randomUUID()] })).toEqual([]);
    expect(await ownerView()).toEqual(before);
    expect(await owner.chat.effects({ messageIds: [ownersAnswer] })).toMatchObject([
      { messageId: ownersAnswer, effects: [{ action: 'add', taskTitle: 'secret errand', undoneAt: null }] },
    ]);
  });

  it("A's project id: tasks.list, tasks.create, tasks.quickAdd and tasks.move answer NOT_FOUND as for a missing one; labels.list shows none of A's", async () => {
    const project = (id: string) => [
      intruder.tasks.list({ projectId: id }),
      intruder.tasks.list({ view: 'today', projectId: id }),
      intruder.tasks.create({ title: 'x', projectId: id }),
      intruder.tasks.quickAdd({ text: 'x tomorrow', projectId: id }),
      intruder.tasks.move({ id: intrudersTask, projectId: id }),
    ];
    const missing = await Promise.all(project(randomUUID()).map((call) => expectErrorCode(call, 'NOT_FOUND')));
    const foreign = await Promise.all(project(ownersProject).map((call) => expectErrorCode(call, 'NOT_FOUND')));
    expect(foreign.map((error) => error.message)).toEqual(missing.map((error) => error.message));
    expect(await intruder.labels.list()).toEqual([]);
    expect((await intruder.tasks.list({ label: 'secret' })).items).toEqual([]);
    expect((await intruder.tasks.list({ view: 'upcoming' })).items).toEqual([]);
    expect((await owner.labels.list()).map((label) => label.name)).toEqual(['secret']);
  });

  it("tasks.parse and tasks.quickAdd read only B's projects: A's project name is no project for B", async () => {
    const before = await ownerView();
    expect((await intruder.tasks.parse({ text: 'plan #Secret project p1' })).project).toBeNull();
    const added = await intruder.tasks.quickAdd({ text: 'plan #Secret project' });
    expect(added.projectId).not.toBe(planIds.project);
    expect(added.title).toContain('#Secret');
    await intruder.tasks.purge({ id: (await intruder.tasks.delete({ id: added.id })).id });
    expect(await ownerView()).toEqual(before);
  });

  const projectAttempts: Record<string, (id: string, other: string) => Promise<unknown>> = {
    'projects.update name': (id) => intruder.projects.update({ id, name: 'pwned' }),
    'projects.update color': (id) => intruder.projects.update({ id, color: 'red' }),
    'projects.update before A’s project': (id, other) => intruder.projects.update({ id: other, before: id }),
    'projects.update after A’s project': (id, other) => intruder.projects.update({ id: other, after: id }),
    'projects.archive': (id) => intruder.projects.archive({ id, archived: true }),
    'projects.delete': (id) => intruder.projects.delete({ id }),
  };

  for (const [procedure, attempt] of Object.entries(projectAttempts)) {
    it(`${procedure} with A's project, A's Inbox and A's task ids, and a missing id: the same NOT_FOUND`, async () => {
      const own = await intruder.projects.create({ name: `mine ${procedure}` });
      const missing = await expectErrorCode(attempt(randomUUID(), own.id), 'NOT_FOUND');
      expect(missing.message).toBe('Project not found');
      for (const id of [planIds.project, planIds.inbox, ids.task]) {
        const error = await expectErrorCode(attempt(id, own.id), 'NOT_FOUND');
        expect(error.message).toBe(missing.message);
      }
      await intruder.projects.delete({ id: own.id });
    });
  }

  it("projects.list, tasks.trash, tasks.search and auth.updateProfile: B sees none of A's and changes nothing of A's", async () => {
    const before = await ownerView();
    expect((await intruder.projects.list()).map((p) => p.name)).toEqual(['Inbox']);
    expect((await intruder.projects.list()).map((p) => p.id)).not.toContain(planIds.inbox);
    expect(await intruder.projects.list({ archived: true })).toEqual([]);
    expect((await intruder.tasks.trash()).items).toEqual([]);
    expect((await intruder.tasks.search({ query: 'secret' })).items).toEqual([]);
    await intruder.auth.updateProfile({ name: 'B', timeZone: 'Asia/Tokyo' });
    // B may use A's project name: names are unique per user.
    const same = await intruder.projects.create({ name: 'Secret project' });
    await intruder.projects.delete({ id: same.id });
    expect(await ownerView()).toEqual(before);
  });

  it("auth.revokeSession with A's session id: the same NOT_FOUND as a missing one, and A stays signed in", async () => {
    const [ownersSession] = (await owner.auth.sessions()).items;
    const missing = await expectErrorCode(intruder.auth.revokeSession({ id: randomUUID() }), 'NOT_FOUND');
    const foreign = await expectErrorCode(intruder.auth.revokeSession({ id: ownersSession?.id ?? '' }), 'NOT_FOUND');
    expect(foreign.message).toBe(missing.message);
    expect((await owner.auth.sessions()).items).toEqual([ownersSession]);
    expect((await intruder.auth.sessions()).items.map((session) => session.id)).not.toContain(ownersSession?.id);
    // Signing out B's other sessions and changing B's password: neither reaches A.
    await intruder.auth.signOutOthers();
    await intruder.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'intruder passphrase' });
    expect((await owner.auth.sessions()).items).toHaveLength(1);
  });

  it("auth.tokens.revoke with A's token id: the NOT_FOUND of a missing one, and A's token goes on working", async () => {
    const before = await ownerView();
    const missing = await expectErrorCode(intruder.auth.tokens.revoke({ id: randomUUID() }), 'NOT_FOUND');
    for (const id of [ownersAccessToken.id, ids.task, ids.conversation]) {
      const error = await expectErrorCode(intruder.auth.tokens.revoke({ id }), 'NOT_FOUND');
      expect(error.message).toBe(missing.message);
    }
    expect(await ownerView()).toEqual(before);
    expect(await resolvePersonalAccessToken(api.deps.db, ownersAccessToken.secret)).toMatchObject({
      userId: before.me.id,
      credentialId: ownersAccessToken.id,
    });
  });

  it("auth.tokens.list and auth.tokens.create: B sees none of A's tokens, and B's token acts for B alone", async () => {
    const before = await ownerView();
    expect((await intruder.auth.tokens.list()).items).toEqual([]);
    // B's token named and scoped as A's: its own row, resolving to B.
    const { token, secret } = await intruder.auth.tokens.create({
      name: 'secret token',
      scopes: ['tasks:read', 'tasks:write'],
    });
    expect(token.id).not.toBe(ownersAccessToken.id);
    expect(await resolvePersonalAccessToken(api.deps.db, secret)).toMatchObject({
      userId: (await intruder.auth.me()).id,
      credentialId: token.id,
    });
    expect((await intruder.auth.tokens.list()).items.map((t) => t.id)).toEqual([token.id]);
    // A's token is no session for B, nor for anyone.
    await expectErrorCode(api.as(ownersAccessToken.secret).auth.tokens.list(), 'UNAUTHORIZED');
    await intruder.auth.tokens.revoke({ id: token.id });
    expect(await ownerView()).toEqual(before);
  });

  it("oauth.grants: B sees none of A's connected apps and cannot disconnect one; A's consents are not B's", async () => {
    const ownerId = (await owner.auth.me()).id;
    // What the OAuth server stores when A allows a client (the flow itself: apps/server/test/oauth.test.ts).
    await upsertOAuthRecord(api.deps.db, 'Client', 'isolation-client', { client_name: 'Secret agent' }, null);
    const grant = { accountId: ownerId, clientId: 'isolation-client', resources: { 'https://x/mcp': 'tasks:read' } };
    await upsertOAuthRecord(api.deps.db, 'Grant', 'isolation-grant', grant, 3600);
    await upsertOAuthRecord(
      api.deps.db,
      'AccessToken',
      'isolation-token',
      { ...grant, grantId: 'isolation-grant' },
      3600,
    );
    const before = await ownerView();
    expect(before.oauthGrants.items.map((item) => item.clientName)).toEqual(['Secret agent']);
    expect((await intruder.oauth.grants.list()).items).toEqual([]);
    const missing = await expectErrorCode(intruder.oauth.grants.revoke({ id: 'no-such-grant' }), 'NOT_FOUND');
    const refused = await expectErrorCode(intruder.oauth.grants.revoke({ id: 'isolation-grant' }), 'NOT_FOUND');
    expect(refused.message).toBe(missing.message);
    // No OAuth server runs in-process: every consent is missing, for anyone.
    await expectErrorCode(intruder.oauth.consent.get({ uid: 'any-consent' }), 'NOT_FOUND');
    await expectErrorCode(intruder.oauth.consent.decide({ uid: 'any-consent', allow: true }), 'NOT_FOUND');
    expect(await ownerView()).toEqual(before);
    await owner.oauth.grants.revoke({ id: 'isolation-grant' });
    expect((await owner.oauth.grants.list()).items).toEqual([]);
  });

  it("auth.sessions: B's list never shows the device or address A signed in with", async () => {
    const phone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
    const { token } = await createCaller(api.deps, { userAgent: phone, clientAddress: '203.0.113.9' }).auth.signIn({
      email: ownerEmail,
      password: TEST_PASSWORD,
    });
    const ownersSessions = (await owner.auth.sessions()).items;
    expect(ownersSessions.map(({ device, address }) => ({ device, address }))).toContainEqual({
      device: 'Safari on iPhone',
      address: '203.0.113.9',
    });
    const intrudersSessions = (await intruder.auth.sessions()).items;
    expect(intrudersSessions.length).toBeGreaterThan(0);
    for (const session of intrudersSessions) {
      expect(session).toMatchObject({ device: null, address: null });
      expect(ownersSessions.map(({ id }) => id)).not.toContain(session.id);
    }
    await api.as(token).auth.signOut();
    expect((await owner.auth.sessions()).items).toHaveLength(1);
  });

  it("conversations.search and conversations.import: B finds none of A's words, and importing A's ids makes B's own rows", async () => {
    expect((await intruder.conversations.search({ query: 'secret' })).items).toEqual([]);
    const line = (value: object) => JSON.stringify(value);
    const at = new Date().toISOString();
    const ndjson = [
      line({
        type: 'conversation',
        id: ids.conversation,
        title: 'pwned',
        archived: false,
        pinned: false,
        createdAt: at,
        updatedAt: at,
      }),
      line({
        type: 'message',
        id: ids.message,
        conversationId: ids.conversation,
        role: 'user',
        content: 'planted',
        clientId: null,
        parts: null,
        incomplete: false,
        createdAt: at,
      }),
    ].join('\n');
    const before = await ownerView();
    const imported = await intruder.conversations.import({ ndjson });
    expect(imported).toMatchObject({ status: 'created', storedMessages: 1 });
    expect(imported.conversation.id).not.toBe(ids.conversation);
    expect(await ownerView()).toEqual(before);
    await intruder.conversations.purge({
      id: (await intruder.conversations.delete({ id: imported.conversation.id })).id,
    });
  });

  it("tasks.import: A's task, project and Inbox ids in B's file make B's own rows and change nothing of A's", async () => {
    const at = '2026-01-01T00:00:00.000Z';
    const line = (value: object) => JSON.stringify(value);
    const task = (id: string, fields: object) => ({
      type: 'task',
      id,
      projectId: planIds.inbox,
      parentId: null,
      position: 'a0',
      title: 'pwned',
      description: null,
      due: null,
      deadline: null,
      priority: 4,
      recurrence: null,
      labels: ['secret'],
      reminders: [],
      completed: false,
      completedAt: null,
      createdAt: at,
      updatedAt: at,
      ...fields,
    });
    const ndjson = [
      line({
        type: 'header',
        format: 'taskchat-export',
        version: 2,
        exportedAt: at,
        user: { id: randomUUID(), email: 'x@example.com', name: null },
      }),
      line({
        type: 'project',
        id: planIds.inbox,
        name: 'Inbox',
        color: 'charcoal',
        position: 'a0',
        inbox: true,
        archived: false,
        createdAt: at,
        updatedAt: at,
      }),
      line({
        type: 'project',
        id: planIds.project,
        name: 'Secret project',
        color: 'red',
        position: 'a1',
        inbox: false,
        archived: false,
        createdAt: at,
        updatedAt: at,
      }),
      line(task(ids.task, {})),
      line(task(planIds.trashedTask, { projectId: planIds.project })),
      line(task(randomUUID(), { parentId: ids.task })),
    ].join('\n');
    const before = await ownerView();
    expect(await intruder.tasks.import({ ndjson })).toMatchObject({
      storedTasks: 3,
      skippedTasks: 0,
      createdProjects: 1,
    });
    expect(await ownerView()).toEqual(before);
    const mine = (await intruder.tasks.list({ view: 'all' })).items;
    for (const id of [ids.task, planIds.trashedTask]) expect(mine.map((t) => t.id)).not.toContain(id);
    for (const t of mine.filter((t) => t.title === 'pwned'))
      await intruder.tasks.purge({ id: (await intruder.tasks.delete({ id: t.id })).id });
    const project = (await intruder.projects.list()).find((p) => p.name === 'Secret project');
    if (project) await intruder.projects.delete({ id: project.id });
  });

  it("leaves A's data unchanged and shows B none of it", async () => {
    const before = await ownerView();
    for (const attempt of Object.values(attempts)) {
      for (const id of [ids.task, ids.conversation, ids.message, planIds.trashedTask])
        await attempt(id).catch(() => {});
    }
    for (const attempt of Object.values(projectAttempts)) {
      for (const id of [planIds.project, planIds.inbox]) await attempt(id, planIds.project).catch(() => {});
    }
    expect(await ownerView()).toEqual(before);
    expect((await intruder.tasks.list()).items.map((task) => task.id)).toEqual([intrudersTask]);
    const intruderConversations = (await intruder.conversations.list()).items;
    expect(intruderConversations.map((c) => c.id)).not.toContain(ids.conversation);
  });

  it("gives B's assistant only B's tasks: A's never show in its list, and A's clientId is no key for B", async () => {
    const events = [];
    for await (const event of await intruder.chat.send({ content: 'what are my tasks', clientId: randomUUID() })) {
      events.push(event);
    }
    const answer = events.find((event) => event.type === 'assistant-message');
    expect(answer?.type === 'assistant-message' && answer.message.content).toBe('Your open tasks:\n1. mine');
    expect(JSON.stringify(events)).not.toContain('secret task');

    // A clientId is per user: B using the one of A's turn starts B's own turn.
    const clientId = randomUUID();
    for await (const _ of await owner.chat.send({ content: 'list', clientId })) {
      // A's turn
    }
    const bTurn = [];
    for await (const event of await intruder.chat.send({ content: 'list', clientId })) bTurn.push(event);
    expect(bTurn.find((event) => event.type === 'assistant-message')).toBeDefined();
    expect(JSON.stringify(bTurn)).not.toContain('secret task');
  });

  it("gives B's model tools A's task as a missing one: the same tool error or `missing`, A's task unchanged", async () => {
    const before = await owner.tasks.list({ view: 'all', limit: 100 });
    const calls = (id: string) => [
      { tool: 'update_task', input: { taskId: id, title: 'taken over' } },
      { tool: 'move_task', input: { taskId: id, parentTaskId: null } },
      { tool: 'move_task', input: { taskId: intrudersTask, parentTaskId: id } },
      { tool: 'complete_tasks', input: { taskIds: [id] } },
      { tool: 'delete_tasks', input: { taskIds: [id] } },
      { tool: 'reschedule_tasks', input: { taskIds: [id], due: 'tomorrow' } },
    ];
    const ownersTurn = await toolTurn(api, intruderToken, calls(ids.task));
    const missingTurn = await toolTurn(api, intruderToken, calls(randomUUID()));
    const answers = (turn: typeof ownersTurn) =>
      turn.outcomes.map((outcome) =>
        'error' in outcome ? outcome.error : JSON.stringify({ ...(outcome.output as object), missing: 'ids' }),
      );
    expect(answers(ownersTurn)).toEqual(answers(missingTurn));
    expect(ownersTurn.effects).toEqual([]);
    expect(await owner.tasks.list({ view: 'all', limit: 100 })).toEqual(before);
  });

  it("chat.usage counts only the caller's turns, and chat.assistant tells B nothing of A", async () => {
    const range = { from: '2000-01-01', to: '2000-12-31' };
    const intrudersBefore = await intruder.chat.usage();
    const ownersBefore = await owner.chat.usage();
    const clientId = randomUUID();
    for await (const _ of await owner.chat.send({ content: 'list', clientId })) {
      // A's turn
    }
    expect((await owner.chat.usage()).total.turns).toBe(ownersBefore.total.turns + 1);
    expect(await intruder.chat.usage()).toEqual(intrudersBefore);
    // A turn of A's on a day B asks about is still not B's.
    await api.deps.db
      .updateTable('chat_turns')
      .set({ created_at: new Date('2000-06-01T12:00:00Z'), input_tokens: 100, output_tokens: 10 })
      .where('client_id', '=', clientId)
      .execute();
    expect((await intruder.chat.usage(range)).days).toEqual([]);
    expect((await owner.chat.usage(range)).total).toMatchObject({ turns: 1, inputTokens: 100 });
    expect(await intruder.chat.assistant()).toEqual(await owner.chat.assistant());
  });

  it("reminders.list and tasks.onChange: B sees none of A's delivered reminders, hears none of A's task changes, and A's cursor is no way in", async () => {
    const execute = (statement: string, params: unknown[]) => api.db.orm.em.getConnection().execute(statement, params);
    const ownerId = (await owner.auth.me()).id;
    for (let i = 0; i < 3; i++) {
      await execute(
        `insert into reminders (id, task_id, user_id, at, fire_at, delivered_at)
         values (?, ?, ?, now() - interval '1 minute', now() - interval '1 minute', now() - ? * interval '1 second')`,
        [randomUUID(), ids.task, ownerId, i],
      );
    }
    const ownersPage = await owner.reminders.list({ limit: 1 });
    expect(ownersPage.items.map((r) => r.taskTitle)).toEqual(['secret task']);
    expect((await intruder.reminders.list()).items).toEqual([]);
    expect((await intruder.reminders.list({ cursor: ownersPage.nextCursor ?? undefined })).items).toEqual([]);

    const controller = new AbortController();
    const changes = await createCaller(api.deps, { token: intruderToken, signal: controller.signal }).tasks.onChange();
    const heard: unknown[] = [];
    const reading = (async () => {
      for await (const change of changes) heard.push(change);
    })().catch(() => {});
    await owner.tasks.update({ id: ids.task, title: 'secret task, renamed' });
    await owner.tasks.update({ id: ids.task, title: 'secret task' });
    await execute('update reminders set delivered_at = null where task_id = ?', [ids.task]);
    await execute('update reminders set delivered_at = now() where task_id = ?', [ids.task]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    controller.abort();
    await reading;
    expect(heard).toEqual([]);
  });

  it("refuses A's cursors on B's lists as another list's cursor or finds nothing of A's", async () => {
    for (let i = 0; i < 3; i++) await owner.conversations.create({ title: `more ${i}` });
    const { nextCursor } = await owner.conversations.list({ limit: 1 });
    const page = await intruder.conversations.list({ cursor: nextCursor ?? undefined });
    expect(page.items.map((c) => c.title)).not.toContain('secret chat');
    await expectErrorCode(intruder.tasks.list({ cursor: nextCursor ?? undefined }), 'BAD_REQUEST');
  });
});
