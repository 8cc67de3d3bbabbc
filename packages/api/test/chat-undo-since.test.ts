/**
 * Undo when the tasks moved on after the turn: the user changed, completed or nested them since,
 * or an ordinary update holds their locks. An undo keeps what changed since and says so.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useApi } from './harness.ts';
import { toolTurn } from './tool-turns.ts';

const api = useApi();

async function user() {
  const signedUp = await api.newUser();
  await signedUp.caller.auth.updateProfile({ timeZone: 'Europe/Berlin' });
  return signedUp;
}

/** Waits until another backend waits on a lock (polls PostgreSQL's own view: no timing). */
async function untilSomeoneWaitsOnALock(ownPid: number) {
  for (let i = 0; i < 500; i++) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and pid <> ${ownPid} and datname = current_database()`.execute(api.deps.db);
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('nobody waited on a lock');
}

describe('an undo after the tasks moved on', () => {
  it('takes the user row before any task, as tasks.update does, so the two never deadlock', async () => {
    const { caller, token, userId } = await user();
    const one = await caller.tasks.create({ title: 'one', labels: ['a'] });
    const two = await caller.tasks.create({ title: 'two' });
    // Reverted newest first: two's title, then one's labels (which need the user's row).
    const turn = await toolTurn(api, token, [
      { tool: 'update_task', input: { taskId: one.id, labels: ['b'] } },
      { tool: 'update_task', input: { taskId: two.id, title: 'deux' } },
    ]);
    let undo: Promise<unknown> | undefined;
    await api.deps.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
      // What tasks.update with labels takes first: the user's row; then the task's.
      await tx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().execute();
      undo = caller.chat.undo({ messageId: turn.messageId }).then(
        (value) => ({ ok: value }),
        (error: Error) => ({ error: error.message }),
      );
      await untilSomeoneWaitsOnALock(rows[0]?.pid as number);
      await tx.selectFrom('tasks').select('id').where('id', '=', two.id).forUpdate().execute();
    });
    expect(await undo).toMatchObject({ ok: { reverted: [{ taskTitle: 'two' }, { taskTitle: 'one' }] } });
    const tasks = (await caller.tasks.list({ view: 'all' })).items;
    expect(tasks.map((task) => [task.title, task.labels])).toEqual([
      ['two', []],
      ['one', ['a']],
    ]);
  });

  it('keeps a recurring completion the user completed again since, and says so', async () => {
    const { caller, token } = await user();
    const rent = await caller.tasks.create({
      title: 'pay rent',
      due: { date: '2030-01-01' },
      recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1',
    });
    const turn = await toolTurn(api, token, [{ tool: 'complete_tasks', input: { taskIds: [rent.id] } }]);
    await caller.tasks.complete({ id: rent.id }); // February's, by hand
    const undone = await caller.chat.undo({ messageId: turn.messageId });
    expect(undone).toEqual({ reverted: [], kept: ['“pay rent” not undone: it was completed again since'] });
    const task = (await caller.tasks.list({ view: 'all' })).items.find((t) => t.id === rent.id);
    expect(task?.due?.date).toBe('2030-03-01');
    const completions = await api.deps.db
      .selectFrom('task_completions')
      .select('due_date')
      .where('task_id', '=', rent.id)
      .execute();
    expect(completions).toHaveLength(2);
  });

  it('keeps a field the user changed again since, and puts back the others', async () => {
    const { caller, token } = await user();
    const task = await caller.tasks.create({ title: 'buy oat milk', priority: 4 });
    const turn = await toolTurn(api, token, [
      { tool: 'update_task', input: { taskId: task.id, title: 'buy milk', priority: 1 } },
    ]);
    await caller.tasks.update({ id: task.id, title: 'buy almond milk' });
    const { reverted, kept } = await caller.chat.undo({ messageId: turn.messageId });
    expect(kept).toEqual([]);
    expect(reverted[0]?.change).toContain('kept its title: changed since');
    const after = (await caller.tasks.list({ view: 'all' })).items[0];
    expect([after?.title, after?.priority]).toEqual(['buy almond milk', 4]);
  });

  it('keeps a task whose only change was changed again since', async () => {
    const { caller, token } = await user();
    const task = await caller.tasks.create({ title: 'buy oat milk' });
    const turn = await toolTurn(api, token, [{ tool: 'update_task', input: { taskId: task.id, title: 'buy milk' } }]);
    await caller.tasks.update({ id: task.id, title: 'buy almond milk' });
    expect(await caller.chat.undo({ messageId: turn.messageId })).toEqual({
      reverted: [],
      kept: ['“buy milk” not undone: it was changed again since'],
    });
    expect((await caller.tasks.list({ view: 'all' })).items[0]?.title).toBe('buy almond milk');
  });

  it('of an add leaves a task the user put under it since, at the top level', async () => {
    const { caller, token } = await user();
    const mine = await caller.tasks.create({ title: 'my own task' });
    const turn = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'parent' }] } }]);
    const added = turn.effects[0]?.taskId as string;
    await caller.tasks.move({ id: mine.id, parentId: added });
    await caller.chat.undo({ messageId: turn.messageId });
    expect((await caller.tasks.trash()).items.map((t) => t.title)).toEqual(['parent']);
    const listed = (await caller.tasks.list({ view: 'all' })).items;
    expect(listed.map((t) => [t.title, t.parentId])).toEqual([['my own task', null]]);
  });

  it('undo_last_turn says so when none of the turn’s changes can be undone any more', async () => {
    const { caller, token } = await user();
    const first = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'x' }] } }]);
    const id = first.effects[0]?.taskId as string;
    await caller.tasks.delete({ id });
    await caller.tasks.purge({ id });
    const undo = await toolTurn(api, token, [{ tool: 'undo_last_turn', input: {} }], first.conversationId);
    expect(undo.outcomes[0]).toMatchObject({
      output: {
        reverted: [],
        nothing: 'Its changes can no longer be undone',
        kept: ['“x” not undone: Task not found'],
      },
    });
  });
});
