import { randomUUID } from 'node:crypto';
import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../src/index.ts';
import { type Caller, useApi } from './harness.ts';
import { output, TOOL_TURN_CONTENT, toolTurn } from './tool-turns.ts';

const api = useApi();

async function user() {
  const signedUp = await api.newUser();
  await signedUp.caller.auth.updateProfile({ timeZone: 'Europe/Berlin' });
  const home = await signedUp.caller.projects.create({ name: 'Home' });
  return { ...signedUp, home };
}

/** Every task of the user's, open and done, with what an undo must put back (the rows' change times and reminder ids aside). */
async function snapshot(caller: Caller) {
  const { items } = await caller.tasks.list({ view: 'all', limit: 100 });
  return items
    .map(({ updatedAt: _updatedAt, reminders, ...task }) => ({
      ...task,
      reminders: reminders.map(({ id: _id, ...reminder }) => reminder),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

const completions = (taskId: string) =>
  api.deps.db.selectFrom('task_completions').select(['due_date']).where('task_id', '=', taskId).execute();

const deliver = (taskId: string) =>
  api.deps.db.updateTable('reminders').set({ delivered_at: new Date() }).where('task_id', '=', taskId).execute();

describe('undo puts each kind of change back as it was', () => {
  it('an add goes to the trash', async () => {
    const { caller, token } = await user();
    const before = await snapshot(caller);
    const added = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'eggs' }] } }]);
    const { reverted } = await caller.chat.undo({ messageId: added.messageId });
    expect(reverted).toEqual([
      {
        taskId: added.effects[0]?.taskId,
        action: 'delete',
        taskTitle: 'eggs',
        change: 'Removed “eggs”',
        undoneAt: null,
        undoes: added.messageId,
      },
    ]);
    expect(await snapshot(caller)).toEqual(before);
    expect((await caller.tasks.trash()).items.map((task) => task.title)).toEqual(['eggs']);
  });

  it('an update gets every field it changed back, reminders with their firing time and delivery', async () => {
    const { caller, token } = await user();
    const task = await caller.tasks.create({
      title: 'buy oat milk',
      description: 'the barista kind',
      due: { date: '2030-01-07', time: '09:00' },
      deadline: '2030-01-20',
      priority: 3,
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      labels: ['errands'],
      reminders: [{ minutesBefore: 30 }],
    });
    await deliver(task.id);
    const before = await snapshot(caller);
    const updated = await toolTurn(api, token, [
      {
        tool: 'update_task',
        input: {
          taskId: task.id,
          title: 'buy almond milk',
          description: null,
          due: '2030-02-04T18:00',
          deadline: null,
          priority: 1,
          recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU',
          labels: ['shop', 'new'],
          reminders: ['1 hour before', 'at 5pm'],
        },
      },
    ]);
    expect(await snapshot(caller)).not.toEqual(before);
    const { reverted } = await caller.chat.undo({ messageId: updated.messageId });
    expect(reverted).toMatchObject([
      { action: 'update', change: expect.stringMatching(/^Renamed “buy almond milk” back to “buy oat milk”; /) },
    ]);
    expect(await snapshot(caller)).toEqual(before);
  });

  it('a completion opens the task and the subtasks it completed again', async () => {
    const { caller, token } = await user();
    const parent = await caller.tasks.create({ title: 'move house' });
    await caller.tasks.create({ title: 'pack books', parentId: parent.id });
    const doneAlready = await caller.tasks.create({ title: 'book van', parentId: parent.id });
    await caller.tasks.complete({ id: doneAlready.id });
    const before = await snapshot(caller);
    const completed = await toolTurn(api, token, [{ tool: 'complete_tasks', input: { taskIds: [parent.id] } }]);
    expect((await snapshot(caller)).every((task) => task.completed)).toBe(true);
    const { reverted } = await caller.chat.undo({ messageId: completed.messageId });
    expect(reverted).toMatchObject([{ action: 'reopen', change: 'Reopened “move house”' }]);
    // The subtask done before stays done, with its own time.
    expect(await snapshot(caller)).toEqual(before);
  });

  it('a recurring completion loses the occurrence it recorded and gets its due and reminders back', async () => {
    const { caller, token } = await user();
    const rent = await caller.tasks.create({
      title: 'pay rent',
      due: { date: '2030-01-01', time: '10:00' },
      recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1',
      reminders: [{ minutesBefore: 60 }],
    });
    await caller.tasks.complete({ id: rent.id });
    await deliver(rent.id);
    const before = await snapshot(caller);
    const completed = await toolTurn(api, token, [{ tool: 'complete_tasks', input: { taskIds: [rent.id] } }]);
    expect(output(completed)).toMatchObject({ tasks: [{ due: '2030-03-01 10:00' }] });
    expect(await completions(rent.id)).toHaveLength(2);
    const { reverted } = await caller.chat.undo({ messageId: completed.messageId });
    expect(reverted).toMatchObject([
      { action: 'reopen', change: 'Reopened “pay rent” (due Fri 1 Feb 2030 10:00 again)' },
    ]);
    expect(await snapshot(caller)).toEqual(before);
    // The earlier occurrence stays recorded; only the undone one is gone.
    expect(await completions(rent.id)).toHaveLength(1);
  });

  it('a delete comes back from the trash with its subtasks', async () => {
    const { caller, token } = await user();
    const parent = await caller.tasks.create({ title: 'move house', due: { date: '2030-01-01' } });
    await caller.tasks.create({ title: 'pack books', parentId: parent.id, labels: ['boxes'] });
    const before = await snapshot(caller);
    const deleted = await toolTurn(api, token, [{ tool: 'delete_tasks', input: { taskIds: [parent.id] } }]);
    expect(await snapshot(caller)).toEqual([]);
    const { reverted } = await caller.chat.undo({ messageId: deleted.messageId });
    expect(reverted).toMatchObject([{ action: 'restore', change: 'Restored “move house”' }]);
    expect(await snapshot(caller)).toEqual(before);
  });

  it('a move goes back to its project, parent and place', async () => {
    const { caller, token } = await user();
    const a = await caller.tasks.create({ title: 'a' });
    const parent = await caller.tasks.create({ title: 'parent' });
    const b = await caller.tasks.create({ title: 'b', parentId: parent.id });
    await caller.tasks.create({ title: 'b1', parentId: b.id });
    await caller.tasks.create({ title: 'c' });
    await caller.tasks.move({ id: a.id, after: b.id });
    const before = await snapshot(caller);
    const inbox = (await caller.tasks.list({ view: 'inbox' })).items.map((task) => task.title);
    const moved = await toolTurn(api, token, [
      { tool: 'move_task', input: { taskId: b.id, project: 'Home', parentTaskId: null } },
    ]);
    expect(output(moved)).toMatchObject({ project: 'Home', change: 'Moved “b” to Home, to the top level' });
    const { reverted } = await caller.chat.undo({ messageId: moved.messageId });
    expect(reverted).toMatchObject([{ action: 'move', change: 'Moved “b” back to Inbox, under “parent”' }]);
    expect(await snapshot(caller)).toEqual(before);
    expect((await caller.tasks.list({ view: 'inbox' })).items.map((task) => task.title)).toEqual(inbox);
  });

  it('a reopen marks the task done again, at the time it was done', async () => {
    const { caller, token } = await user();
    const task = await caller.tasks.create({ title: 'call mom' });
    await caller.tasks.complete({ id: task.id });
    const before = await snapshot(caller);
    const reopened = await toolTurn(api, token, [
      { tool: 'update_task', input: { taskId: task.id, completed: false } },
    ]);
    const { reverted } = await caller.chat.undo({ messageId: reopened.messageId });
    expect(reverted).toMatchObject([{ action: 'complete', change: 'Marked “call mom” done again' }]);
    expect(await snapshot(caller)).toEqual(before);
  });

  it("reverts a turn's changes newest first, skipping one whose task is gone for good", async () => {
    const { caller, token } = await user();
    const kept = await caller.tasks.create({ title: 'kept', priority: 4 });
    const purged = await caller.tasks.create({ title: 'purged', priority: 4 });
    const turn = await toolTurn(api, token, [
      { tool: 'add_tasks', input: { tasks: [{ title: 'new' }] } },
      { tool: 'update_task', input: { taskId: kept.id, priority: 1 } },
      { tool: 'update_task', input: { taskId: purged.id, priority: 1 } },
    ]);
    const added = output<{ tasks: { id: string }[] }>(turn).tasks[0]?.id as string;
    await caller.tasks.update({ id: added, title: 'new, renamed' });
    await caller.tasks.purge({ id: (await caller.tasks.delete({ id: purged.id })).id });
    const { reverted } = await caller.chat.undo({ messageId: turn.messageId });
    expect(reverted.map((effect) => [effect.action, effect.taskTitle])).toEqual([
      ['update', 'kept'],
      ['delete', 'new, renamed'],
    ]);
    expect((await snapshot(caller)).map((task) => [task.title, task.priority])).toEqual([['kept', 4]]);
  });
});

describe('undo happens once', () => {
  it('answers CONFLICT the second time, and two undos at once revert once', async () => {
    const { caller, token } = await user();
    const first = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'one' }] } }]);
    await caller.chat.undo({ messageId: first.messageId });
    const again = await expectErrorCode(caller.chat.undo({ messageId: first.messageId }), 'CONFLICT');
    expect(again.message).toBe('Already undone');

    const task = await caller.tasks.create({
      title: 'pay rent',
      due: { date: '2030-01-01' },
      recurrence: 'FREQ=MONTHLY',
    });
    const second = await toolTurn(api, token, [{ tool: 'complete_tasks', input: { taskIds: [task.id] } }]);
    const racing = await Promise.allSettled([
      caller.chat.undo({ messageId: second.messageId }),
      caller.chat.undo({ messageId: second.messageId }),
    ]);
    expect(racing.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = racing.find((result) => result.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await completions(task.id)).toEqual([]);
    expect((await snapshot(caller)).find((t) => t.id === task.id)?.due?.date).toBe('2030-01-01');
  });

  it('answers NOT_FOUND for a missing message, one that changed nothing, and an undo’s own reversals', async () => {
    const { caller, token } = await user();
    const missing = await expectErrorCode(caller.chat.undo({ messageId: randomUUID() }), 'NOT_FOUND');
    expect(missing.message).toBe('Message not found');
    const listed = await toolTurn(api, token, [{ tool: 'list_tasks', input: {} }]);
    const nothing = await expectErrorCode(caller.chat.undo({ messageId: listed.messageId }), 'NOT_FOUND');
    expect(nothing.message).toBe('That message changed no tasks');
    const added = await toolTurn(
      api,
      token,
      [{ tool: 'add_tasks', input: { tasks: [{ title: 'x' }] } }],
      listed.conversationId,
    );
    const undone = await toolTurn(api, token, [{ tool: 'undo_last_turn', input: {} }], listed.conversationId);
    expect(undone.effects).toMatchObject([{ action: 'delete', undoes: added.messageId }]);
    await expectErrorCode(caller.chat.undo({ messageId: undone.messageId }), 'NOT_FOUND');
  });
});

describe('undo_last_turn', () => {
  it('reverts the latest earlier turn with changes, then the one before, then says there is nothing', async () => {
    const { caller, token } = await user();
    const first = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'milk' }] } }]);
    const { conversationId } = first;
    const second = await toolTurn(
      api,
      token,
      [{ tool: 'add_tasks', input: { tasks: [{ title: 'eggs' }, { title: 'bread' }] } }],
      conversationId,
    );
    await toolTurn(api, token, [{ tool: 'list_tasks', input: {} }], conversationId);
    const undo = () => toolTurn(api, token, [{ tool: 'undo_last_turn', input: {} }], conversationId);

    const once = await undo();
    expect(output(once)).toEqual({
      reverted: [
        { id: second.effects[1]?.taskId, title: 'bread', change: 'Removed “bread”' },
        { id: second.effects[0]?.taskId, title: 'eggs', change: 'Removed “eggs”' },
      ],
    });
    expect(once.effects.map((effect) => [effect.action, effect.taskTitle, effect.undoes])).toEqual([
      ['delete', 'bread', second.messageId],
      ['delete', 'eggs', second.messageId],
    ]);
    expect((await caller.tasks.list()).items.map((task) => task.title)).toEqual(['milk']);

    // "undo" again goes further back: the undo's own changes are not undone.
    const twice = await undo();
    expect(output(twice)).toMatchObject({ reverted: [{ title: 'milk', change: 'Removed “milk”' }] });
    expect((await caller.tasks.list()).items).toEqual([]);
    expect(output(await undo())).toEqual({ reverted: [], nothing: 'No changes to undo' });

    // chat.effects shows each turn's changes with their undo state.
    const effects = await caller.chat.effects({ messageIds: [first.messageId, second.messageId, once.messageId] });
    expect(
      effects.map(({ messageId, effects: list }) => [
        messageId,
        list.map((e) => [e.action, e.undoneAt !== null, e.undoes]),
      ]),
    ).toEqual([
      [first.messageId, [['add', true, null]]],
      [
        second.messageId,
        [
          ['add', true, null],
          ['add', true, null],
        ],
      ],
      [
        once.messageId,
        [
          ['delete', false, second.messageId],
          ['delete', false, second.messageId],
        ],
      ],
    ]);
  });

  it('undoes the changes a turn made beside an undo, and never the undo itself', async () => {
    const { caller, token } = await user();
    const first = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'first' }] } }]);
    const { conversationId } = first;
    const mixed = await toolTurn(
      api,
      token,
      [
        { tool: 'undo_last_turn', input: {} },
        { tool: 'add_tasks', input: { tasks: [{ title: 'instead' }] } },
      ],
      conversationId,
    );
    expect(mixed.effects.map((effect) => [effect.action, effect.taskTitle, effect.undoes])).toEqual([
      ['delete', 'first', first.messageId],
      ['add', 'instead', null],
    ]);
    const undone = await toolTurn(api, token, [{ tool: 'undo_last_turn', input: {} }], conversationId);
    expect(output(undone)).toMatchObject({ reverted: [{ title: 'instead' }] });
    expect((await caller.tasks.list()).items).toEqual([]);
    expect(output(await toolTurn(api, token, [{ tool: 'undo_last_turn', input: {} }], conversationId))).toMatchObject({
      nothing: 'No changes to undo',
    });
  });

  it('skips a turn undone with chat.undo meanwhile, and reaches only its own conversation', async () => {
    const { caller, token } = await user();
    const first = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'first' }] } }]);
    const second = await toolTurn(
      api,
      token,
      [{ tool: 'add_tasks', input: { tasks: [{ title: 'second' }] } }],
      first.conversationId,
    );
    const elsewhere = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'elsewhere' }] } }]);
    await caller.chat.undo({ messageId: second.messageId });
    const undone = await toolTurn(api, token, [{ tool: 'undo_last_turn', input: {} }], first.conversationId);
    expect(output(undone)).toMatchObject({ reverted: [{ title: 'first' }] });
    expect((await caller.tasks.list()).items.map((task) => task.title)).toEqual(['elsewhere']);
    expect(elsewhere.effects).toHaveLength(1);
  });
});

describe('chat.effects', () => {
  it('answers the asked messages of the caller in order, with none for a message that changed nothing', async () => {
    const { caller, token } = await user();
    const added = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'milk' }] } }]);
    const listed = await toolTurn(api, token, [{ tool: 'list_tasks', input: {} }], added.conversationId);
    const { items } = await caller.messages.list({ conversationId: added.conversationId });
    const userMessage = items[0]?.id as string;
    const answer = await caller.chat.effects({
      messageIds: [listed.messageId, randomUUID(), added.messageId, userMessage],
    });
    expect(answer).toEqual([
      { messageId: listed.messageId, effects: [] },
      {
        messageId: added.messageId,
        effects: [
          {
            taskId: added.effects[0]?.taskId,
            action: 'add',
            taskTitle: 'milk',
            change: 'Added “milk”',
            undoneAt: null,
            undoes: null,
          },
        ],
      },
      { messageId: userMessage, effects: [] },
    ]);
    // A conversation in the trash takes its messages' effects out of sight.
    await caller.conversations.delete({ id: added.conversationId });
    expect(await caller.chat.effects({ messageIds: [added.messageId] })).toEqual([]);
    await expectErrorCode(caller.chat.undo({ messageId: added.messageId }), 'NOT_FOUND');
    await expectErrorCode(caller.chat.effects({ messageIds: [] }), 'BAD_REQUEST');
  });

  it('shows an undone turn as undone when it is replayed with its clientId', async () => {
    const { token, caller } = await user();
    const added = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'milk' }] } }]);
    await caller.chat.undo({ messageId: added.messageId });
    const replayed: ChatEvent[] = [];
    const input = { content: TOOL_TURN_CONTENT, clientId: added.clientId, conversationId: added.conversationId };
    for await (const event of await caller.chat.send(input)) replayed.push(event);
    const answer = replayed.find((event) => event.type === 'assistant-message');
    expect(answer?.type === 'assistant-message' && answer.effects).toEqual([
      { ...added.effects[0], undoneAt: expect.any(Date) },
    ]);
    expect((await caller.tasks.list()).items).toEqual([]);
  });
});
