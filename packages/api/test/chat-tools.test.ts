import { describe, expect, it } from 'vitest';
import type { TaskOutput } from '../src/index.ts';
import { type Caller, useApi } from './harness.ts';
import { output, rawCall, toolError, toolTurn } from './tool-turns.ts';

const api = useApi();

const ZONE = 'Europe/Berlin';

/** The user's date in ZONE, `offset` days on, read with Intl (not the code's luxon). */
function localDay(offset = 0, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(at.getTime() + offset * 86_400_000));
}

/** A user in ZONE with a Home project. */
async function user() {
  const signedUp = await api.newUser();
  await signedUp.caller.auth.updateProfile({ timeZone: ZONE });
  const home = await signedUp.caller.projects.create({ name: 'Home' });
  return { ...signedUp, home };
}

async function taskOf(caller: Caller, id: string): Promise<TaskOutput> {
  const { items } = await caller.tasks.list({ view: 'all', limit: 100 });
  const task = items.find((candidate) => candidate.id === id);
  if (!task) throw new Error(`no task ${id}`);
  return task;
}

type Listed = { number: number; id: string; title: string; due: string | null; change?: string } & Record<
  string,
  unknown
>;

describe('add_tasks', () => {
  it('adds several tasks with dues in words and ISO, deadline, priority, project by name, labels, repeat and reminders', async () => {
    const { caller, token, home } = await user();
    const before = localDay(1);
    const result = await toolTurn(api, token, [
      {
        tool: 'add_tasks',
        input: {
          tasks: [
            { title: 'call mom', due: 'tomorrow at 6pm', reminders: ['30 minutes before'] },
            {
              title: 'file taxes',
              due: '2030-03-04',
              deadline: '2030-03-08',
              priority: 1,
              project: 'home',
              labels: ['Admin', 'bills'],
              reminders: ['at 8am'],
            },
            { title: 'standup', due: '2030-03-04T09:30' },
            { title: 'gym', recurrence: 'every monday' },
            { title: 'pay rent', recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1' },
            { title: 'flight', due: '2030-03-04T17:00:00Z' },
          ],
        },
      },
    ]);
    const { tasks } = output<{ tasks: Listed[] }>(result);
    expect([before, localDay(1)]).toContain(tasks[0]?.due?.slice(0, 10));
    expect(tasks.map((task) => [task.number, task.title, task.due?.slice(11) || null])).toEqual([
      [1, 'call mom', '18:00'],
      [2, 'file taxes', null],
      [3, 'standup', '09:30'],
      [4, 'gym', null],
      [5, 'pay rent', null],
      // 17:00 UTC is 18:00 in Berlin (winter).
      [6, 'flight', '18:00'],
    ]);
    expect(tasks[1]).toMatchObject({
      due: '2030-03-04',
      deadline: '2030-03-08',
      priority: 1,
      project: 'Home',
      labels: ['Admin', 'bills'],
      recurrence: null,
      completed: false,
      change: 'Added “file taxes” to Home, due Mon 4 Mar 2030',
    });
    expect(tasks[0]?.change).toMatch(/^Added “call mom”, due \w{3} \d{1,2} \w{3}( \d{4})? 18:00$/);
    expect(tasks[3]).toMatchObject({
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      change: expect.stringMatching(/, repeating$/),
    });
    // A repeat without a due starts at its first occurrence: a Monday, and the 1st of a month.
    expect(new Date(`${tasks[3]?.due}T12:00:00Z`).getUTCDay()).toBe(1);
    expect(tasks[4]?.due?.slice(8)).toBe('01');

    const stored = await taskOf(caller, tasks[1]?.id as string);
    expect(stored).toMatchObject({
      projectId: home.id,
      priority: 1,
      deadline: '2030-03-08',
      labels: ['Admin', 'bills'],
    });
    // "at 8am" on a date-only due is kept relative to its due moment (09:00): 60 minutes before.
    expect(stored.reminders.map((reminder) => reminder.minutesBefore)).toEqual([60]);
    expect((await taskOf(caller, tasks[0]?.id as string)).reminders.map((r) => r.minutesBefore)).toEqual([30]);
    expect(result.effects.map((effect) => [effect.action, effect.taskTitle])).toEqual(
      tasks.map((task) => ['add', task.title]),
    );
    expect(result.effects[1]).toMatchObject({
      change: 'Added “file taxes” to Home, due Mon 4 Mar 2030',
      undoneAt: null,
    });
  });

  it('adds nothing when one task is wrong, and says which and why', async () => {
    const { caller, token } = await user();
    const cases: [object, string][] = [
      [{ title: 'a', project: 'Nowhere' }, 'No project called “Nowhere”'],
      [{ title: 'a', due: 'when pigs fly' }, 'tasks[1].due: could not read “when pigs fly” as a date'],
      [{ title: 'a', due: 'tomorrow at 6 please' }, 'tasks[1].due: could not read “please” in “tomorrow at 6 please”'],
      [{ title: 'a', due: '2030-02-30' }, 'tasks[1].due: 2030-02-30 is not a date of the calendar'],
      [{ title: 'a', due: 'every friday' }, 'tasks[1].due: “every friday” repeats: give it as recurrence'],
      [{ title: 'a', recurrence: 'now and then' }, 'tasks[1].recurrence: could not read “now and then” as a repeat'],
      [{ title: 'a', recurrence: 'FREQ=HOURLY' }, 'tasks[1].recurrence: Must repeat daily at most'],
      [{ title: 'a', reminders: ['whenever'] }, 'tasks[1].reminders[0]: could not read “whenever” as a reminder'],
      [{ title: 'a', deadline: 'someday' }, 'tasks[1].deadline: could not read “someday” as a day'],
    ];
    for (const [task, message] of cases) {
      const result = await toolTurn(api, token, [{ tool: 'add_tasks', input: { tasks: [{ title: 'fine' }, task] } }]);
      expect(toolError(result)).toContain(message);
      expect(result.effects).toEqual([]);
    }
    expect((await caller.tasks.list({ view: 'all' })).items).toEqual([]);
  });

  it('refuses more than 50 tasks, or none, as the schema says', async () => {
    const { token } = await user();
    const many = Array.from({ length: 51 }, (_, i) => ({ title: `t${i}` }));
    const result = await toolTurn(api, token, [
      { tool: 'add_tasks', input: { tasks: many } },
      { tool: 'add_tasks', input: { tasks: [] } },
    ]);
    expect(toolError(result, 0)).toContain('Invalid input for tool add_tasks');
    expect(toolError(result, 1)).toContain('Invalid input for tool add_tasks');
  });
});

describe('list_tasks', () => {
  it('lists the views, numbered, with the filters by name, words and due days', async () => {
    const { caller, token } = await user();
    const today = localDay();
    const added = await toolTurn(api, token, [
      {
        tool: 'add_tasks',
        input: {
          tasks: [
            { title: 'old bill', due: '2020-01-01', labels: ['bills'] },
            { title: 'water plants', due: today, project: 'Home', priority: 2 },
            { title: 'dentist', due: '2030-05-05' },
            { title: 'read a book' },
          ],
        },
      },
    ]);
    const ids = output<{ tasks: Listed[] }>(added).tasks.map((task) => task.id);
    await caller.tasks.complete({ id: ids[3] as string });
    const views = await toolTurn(api, token, [
      { tool: 'list_tasks', input: {} },
      { tool: 'list_tasks', input: { view: 'today' } },
      { tool: 'list_tasks', input: { view: 'upcoming' } },
      { tool: 'list_tasks', input: { view: 'overdue' } },
      { tool: 'list_tasks', input: { view: 'inbox' } },
      { tool: 'list_tasks', input: { view: 'all' } },
      { tool: 'list_tasks', input: { view: 'done' } },
      { tool: 'list_tasks', input: { project: 'HOME' } },
      { tool: 'list_tasks', input: { label: 'Bills' } },
      { tool: 'list_tasks', input: { priority: 2 } },
      { tool: 'list_tasks', input: { search: 'dentist' } },
      { tool: 'list_tasks', input: { dueFrom: '2021-01-01', dueTo: '2030-12-31' } },
      { tool: 'list_tasks', input: { limit: 1 } },
      { tool: 'list_tasks', input: { view: 'all', search: 'book' } },
      { tool: 'list_tasks', input: { search: 'book' } },
    ]);
    const titles = (index: number) =>
      output<{ tasks: Listed[] }>(views, index).tasks.map((task) => `${task.number}. ${task.title}`);
    expect(titles(0)).toEqual(['1. dentist', '2. water plants', '3. old bill']);
    expect(titles(1)).toEqual(['1. old bill', '2. water plants']);
    expect(titles(2)).toEqual(['1. dentist']);
    expect(titles(3)).toEqual(['1. old bill']);
    expect(titles(4)).toEqual(['1. old bill', '2. dentist']);
    expect(titles(5)).toEqual(['1. read a book', '2. dentist', '3. water plants', '4. old bill']);
    expect(titles(6)).toEqual(['1. read a book']);
    expect(titles(7)).toEqual(['1. water plants']);
    expect(titles(8)).toEqual(['1. old bill']);
    expect(titles(9)).toEqual(['1. water plants']);
    expect(titles(10)).toEqual(['1. dentist']);
    // A due range: the open tasks due then, by due.
    expect(titles(11)).toEqual(['1. water plants', '2. dentist']);
    expect(output(views, 12)).toMatchObject({ tasks: [{ title: 'dentist' }], more: true });
    expect(output(views, 0)).toMatchObject({ more: false });
    expect(titles(13)).toEqual(['1. read a book']);
    expect(titles(14)).toEqual([]);
    expect(output<{ tasks: Listed[] }>(views, 7).tasks[0]).toEqual({
      number: 1,
      id: ids[1],
      title: 'water plants',
      completed: false,
      due: today,
      deadline: null,
      priority: 2,
      project: 'Home',
      labels: [],
      recurrence: null,
    });
    // Listing changes nothing.
    expect(views.effects).toEqual([]);
  });

  it('says so for a project or label it does not know, and a range that ends before it starts', async () => {
    const { token } = await user();
    const result = await toolTurn(api, token, [
      { tool: 'list_tasks', input: { project: 'Nowhere' } },
      { tool: 'list_tasks', input: { label: 'nolabel' } },
      { tool: 'list_tasks', input: { dueFrom: '2030-02-01', dueTo: '2030-01-01' } },
      { tool: 'list_tasks', input: { view: 'someday' } },
      { tool: 'list_tasks', input: { limit: 500 } },
    ]);
    expect(toolError(result, 0)).toBe('No project called “Nowhere”');
    expect(toolError(result, 1)).toBe('No label called “nolabel”');
    expect(toolError(result, 2)).toBe('dueFrom: must not be after dueTo');
    expect(toolError(result, 3)).toContain('Invalid input for tool list_tasks');
    expect(toolError(result, 4)).toContain('Invalid input for tool list_tasks');
  });
});

describe('archived projects', () => {
  it('are listed by name, but take no new tasks and no moves', async () => {
    const { caller, token } = await user();
    const old = await caller.projects.create({ name: 'Old stuff' });
    const kept = await caller.tasks.create({ title: 'keepsake', projectId: old.id });
    await caller.projects.archive({ id: old.id, archived: true });
    const result = await toolTurn(api, token, [
      { tool: 'list_tasks', input: { project: 'old stuff' } },
      { tool: 'list_tasks', input: {} },
      { tool: 'add_tasks', input: { tasks: [{ title: 'x', project: 'Old stuff' }] } },
      { tool: 'move_task', input: { taskId: kept.id, project: 'Old stuff' } },
    ]);
    expect(output(result, 0)).toMatchObject({ tasks: [{ title: 'keepsake', project: 'Old stuff' }] });
    expect(output(result, 1)).toEqual({ tasks: [], more: false });
    expect(toolError(result, 2)).toBe('The project “Old stuff” is archived: unarchive it first');
    expect(toolError(result, 3)).toBe('The project “Old stuff” is archived: unarchive it first');
  });
});

describe('update_task', () => {
  it('changes each field, in words, and says what changed by name', async () => {
    const { caller, token } = await user();
    const task = await caller.tasks.create({ title: 'buy oat milk', due: { date: '2030-01-10' } });
    const result = await toolTurn(api, token, [
      { tool: 'update_task', input: { taskId: task.id, title: 'buy almond milk' } },
      { tool: 'update_task', input: { taskId: task.id, due: '2030-12-08T18:00', priority: 1 } },
      { tool: 'update_task', input: { taskId: task.id, labels: ['errands'], reminders: ['1 hour before'] } },
      { tool: 'update_task', input: { taskId: task.id, recurrence: 'every week', deadline: '2030-12-20' } },
      { tool: 'update_task', input: { taskId: task.id, description: 'the barista kind' } },
      { tool: 'update_task', input: { taskId: task.id, recurrence: null, due: null } },
      { tool: 'update_task', input: { taskId: task.id, completed: true } },
      { tool: 'update_task', input: { taskId: task.id, completed: false } },
      { tool: 'update_task', input: { taskId: task.id, priority: 1 } },
    ]);
    const changes = result.outcomes.map((_, index) => output<Listed>(result, index).change);
    expect(changes.slice(0, 3)).toEqual([
      'Renamed “buy oat milk” to “buy almond milk”',
      'Changed “buy almond milk”: due Sun 8 Dec 2030 18:00, priority 1',
      'Changed “buy almond milk”: labels @errands, 1 reminder',
    ]);
    expect(changes[3]).toMatch(/^Changed “buy almond milk”: due .*, deadline Fri 20 Dec 2030, repeating FREQ=WEEKLY$/);
    expect(changes.slice(4)).toEqual([
      'Changed “buy almond milk”: a new description',
      'Changed “buy almond milk”: no due date, not repeating',
      'Completed “buy almond milk”',
      'Reopened “buy almond milk”',
      'Nothing to change on “buy almond milk”',
    ]);
    expect(output<Listed>(result, 0)).toMatchObject({ number: 1, id: task.id, title: 'buy almond milk' });
    expect(result.effects.map((effect) => effect.action)).toEqual([
      'update',
      'update',
      'update',
      'update',
      'update',
      'update',
      'complete',
      'reopen',
    ]);
    expect(await taskOf(caller, task.id)).toMatchObject({
      title: 'buy almond milk',
      description: 'the barista kind',
      due: null,
      deadline: '2030-12-20',
      priority: 1,
      recurrence: null,
      labels: ['errands'],
      reminders: [{ minutesBefore: 60 }],
      completed: false,
    });
  });

  it("answers a missing task, an empty change and a rule's problem as tool errors", async () => {
    const { caller, token } = await user();
    const task = await caller.tasks.create({ title: 'x' });
    const result = await toolTurn(api, token, [
      { tool: 'update_task', input: { taskId: '00000000-0000-4000-8000-000000000000', title: 'y' } },
      { tool: 'update_task', input: { taskId: task.id } },
      { tool: 'update_task', input: { taskId: task.id, labels: ['two words'] } },
      { tool: 'update_task', input: { taskId: task.id, due: 'next blursday' } },
    ]);
    expect(toolError(result, 0)).toBe('Task not found');
    expect(toolError(result, 1)).toBe('Nothing to update: say what to change');
    expect(toolError(result, 2)).toContain('Invalid input for tool update_task');
    expect(toolError(result, 3)).toContain('due: could not read');
  });
});

describe('complete_tasks, delete_tasks, reschedule_tasks and move_task', () => {
  it('completes in bulk, a repeating task moving to its next occurrence, and lists the ids it did not find', async () => {
    const { caller, token } = await user();
    const once = await caller.tasks.create({ title: 'pay bill' });
    const rent = await caller.tasks.create({
      title: 'pay rent',
      due: { date: '2030-01-01' },
      recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1',
    });
    const missing = '00000000-0000-4000-8000-000000000000';
    const result = await toolTurn(api, token, [
      { tool: 'complete_tasks', input: { taskIds: [once.id, rent.id, missing, once.id] } },
      { tool: 'complete_tasks', input: { taskIds: [once.id] } },
    ]);
    expect(output(result, 0)).toEqual({
      tasks: [
        expect.objectContaining({ number: 1, id: once.id, completed: true, change: 'Completed “pay bill”' }),
        expect.objectContaining({
          number: 2,
          id: rent.id,
          completed: false,
          due: '2030-02-01',
          change: 'Completed “pay rent” (next: Fri 1 Feb 2030)',
        }),
      ],
      missing: [missing],
    });
    expect(output(result, 1)).toMatchObject({ tasks: [{ change: '“pay bill” was already done' }], missing: [] });
    expect(result.effects.map((effect) => [effect.action, effect.taskTitle])).toEqual([
      ['complete', 'pay bill'],
      ['complete', 'pay rent'],
    ]);
  });

  it('deletes to the trash in bulk, a subtask asked for with its parent going with it', async () => {
    const { caller, token } = await user();
    const parent = await caller.tasks.create({ title: 'move house' });
    const child = await caller.tasks.create({ title: 'pack books', parentId: parent.id });
    const other = await caller.tasks.create({ title: 'stay' });
    const result = await toolTurn(api, token, [{ tool: 'delete_tasks', input: { taskIds: [parent.id, child.id] } }]);
    expect(output(result)).toEqual({
      tasks: [
        expect.objectContaining({ number: 1, title: 'move house', change: 'Deleted “move house”' }),
        expect.objectContaining({ number: 2, title: 'pack books', change: 'Deleted “pack books” with its parent' }),
      ],
      missing: [],
    });
    expect(result.effects.map((effect) => [effect.action, effect.taskTitle])).toEqual([['delete', 'move house']]);
    expect((await caller.tasks.list({ view: 'all' })).items.map((task) => task.id)).toEqual([other.id]);
    expect((await caller.tasks.trash()).items.map((task) => task.title).sort()).toEqual(['move house', 'pack books']);
  });

  it('reschedules in bulk (a repeating task keeps its rule), and refuses to clear the due of a repeating one', async () => {
    const { caller, token } = await user();
    const a = await caller.tasks.create({ title: 'dentist', due: { date: '2030-01-10' } });
    const b = await caller.tasks.create({
      title: 'gym',
      due: { date: '2030-01-07' },
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
    });
    const result = await toolTurn(api, token, [
      { tool: 'reschedule_tasks', input: { taskIds: [a.id, b.id], due: '2030-12-09' } },
      { tool: 'reschedule_tasks', input: { taskIds: [a.id, b.id], due: null } },
    ]);
    expect(
      output<{ tasks: Listed[] }>(result, 0).tasks.map((task) => [task.due, task.recurrence, task.change]),
    ).toEqual([
      ['2030-12-09', null, 'Moved “dentist” to Mon 9 Dec 2030'],
      ['2030-12-09', 'FREQ=WEEKLY;BYDAY=MO', 'Moved “gym” to Mon 9 Dec 2030'],
    ]);
    expect(toolError(result, 1)).toBe('“gym”: due: A recurring task needs a due date');
    // The failed call changed nothing, the dentist included.
    expect((await taskOf(caller, a.id)).due?.date).toBe('2030-12-09');
  });

  it('moves a task to a project by name, under a task and out of it again', async () => {
    const { caller, token } = await user();
    const task = await caller.tasks.create({ title: 'paint fence' });
    const result = await toolTurn(api, token, [
      { tool: 'move_task', input: { taskId: task.id, project: 'Home' } },
      { tool: 'add_tasks', input: { tasks: [{ title: 'garden', project: 'Home' }] } },
    ]);
    expect(output<Listed>(result, 0)).toMatchObject({ project: 'Home', change: 'Moved “paint fence” to Home' });
    const garden = output<{ tasks: Listed[] }>(result, 1).tasks[0]?.id as string;
    const more = await toolTurn(api, token, [
      { tool: 'move_task', input: { taskId: task.id, parentTaskId: garden } },
      { tool: 'move_task', input: { taskId: task.id, parentTaskId: null } },
      { tool: 'move_task', input: { taskId: task.id, project: 'Nowhere' } },
      { tool: 'move_task', input: { taskId: task.id } },
    ]);
    expect(output<Listed>(more, 0).change).toBe('Moved “paint fence” under “garden”');
    expect(output<Listed>(more, 1).change).toBe('Moved “paint fence” to the top level');
    expect(toolError(more, 2)).toBe('No project called “Nowhere”');
    expect(toolError(more, 3)).toContain('Say where to move it');
    expect(more.effects.map((effect) => effect.action)).toEqual(['move', 'move']);
    expect((await taskOf(caller, task.id)).parentId).toBeNull();
  });
});

describe('a model that gets the tools wrong', () => {
  it('gets a tool error for wrong types, an unknown tool and garbage JSON, and the turn completes', async () => {
    const { caller, token } = await user();
    const result = await toolTurn(api, token, [
      { tool: 'add_tasks', input: { tasks: 'milk' } },
      { tool: 'complete_tasks', input: { taskIds: ['not-a-uuid'] } },
      { tool: 'update_task', input: { taskId: 42, priority: 'high' } },
      { tool: 'add_task', input: { title: 'milk' } },
      rawCall('add_tasks', '{"tasks": [{"title": "milk"'),
      rawCall('list_tasks', 'not json at all'),
    ]);
    expect(result.outcomes).toHaveLength(6);
    for (const [index, outcome] of result.outcomes.entries()) expect(outcome, `call ${index}`).toHaveProperty('error');
    expect(toolError(result, 3)).toContain('add_task');
    expect(result.events.at(-1)).toMatchObject({ type: 'assistant-message', message: { content: 'ok' } });
    expect(result.events.some((event) => event.type === 'error')).toBe(false);
    // The model was told each error, and went on.
    const prompt = result.model.doStreamCalls.at(-1)?.prompt ?? [];
    const told = prompt.flatMap((message) =>
      message.role === 'tool'
        ? message.content.flatMap((part) => (part.type === 'tool-result' ? [part.output.type] : []))
        : [],
    );
    expect(told).toEqual(Array(6).fill('error-text'));
    expect((await caller.tasks.list({ view: 'all' })).items).toEqual([]);
    // Stored too: the parts say what failed.
    expect(result.events.filter((event) => event.type === 'tool-error')).toHaveLength(6);
  });

  it('answers hostile input with tool errors, never a failure of its own', async () => {
    const { caller, token } = await user();
    await caller.auth.updateProfile({ timeZone: 'Pacific/Kiritimati' });
    const task = await caller.tasks.create({ title: 'x' });
    const logged = api.logged.length;
    const result = await toolTurn(api, token, [
      { tool: 'add_tasks', input: { tasks: [{ title: 'nul \u0000 byte' }] } },
      { tool: 'add_tasks', input: { tasks: [{ title: 'a', due: '0000-01-01' }] } },
      { tool: 'add_tasks', input: { tasks: [{ title: 'a', due: '9999-12-31T23:59Z' }] } },
      { tool: 'add_tasks', input: { tasks: [{ title: 'a', due: '2030-01-01T00:00+99:00' }] } },
      { tool: 'add_tasks', input: { tasks: [{ title: 'a', due: 'tomorrow', reminders: ['9999 weeks before'] }] } },
      { tool: 'add_tasks', input: { tasks: [{ title: 'a', recurrence: 'FREQ=DAILY;INTERVAL=-1' }] } },
      { tool: 'add_tasks', input: { tasks: [{ title: 'a', due: 'x'.repeat(201) }] } },
      { tool: 'list_tasks', input: { search: '\u0000' } },
      { tool: 'list_tasks', input: { dueFrom: '0000-01-01' } },
      { tool: 'list_tasks', input: { project: '\u0000' } },
      { tool: 'update_task', input: { taskId: task.id, title: 'lone \ud800 surrogate' } },
      { tool: 'move_task', input: { taskId: task.id, parentTaskId: task.id } },
      { tool: 'complete_tasks', input: { taskIds: Array(101).fill(task.id) } },
    ]);
    expect(result.outcomes.map((outcome) => 'error' in outcome)).toEqual(Array(13).fill(true));
    expect(toolError(result, 4)).toBe('tasks[0].reminders[0]: at most 4 weeks before the due time');
    expect(toolError(result, 11)).toBe('parentId: A task cannot go under itself or its subtasks');
    // None was unexpected: nothing logged.
    expect(api.logged.slice(logged)).toEqual([]);
    // What jsonb cannot hold (NUL, an unpaired surrogate) is stored as U+FFFD, so the turn is stored.
    const { items } = await caller.messages.list({ conversationId: result.conversationId });
    const inputs = JSON.stringify(items.at(-1)?.parts?.filter((part) => part.type === 'tool-call'));
    expect(inputs).toContain('nul \uFFFD byte');
    expect(inputs).toContain('lone \uFFFD surrogate');
    expect((await caller.tasks.list({ view: 'all' })).items.map((t) => t.title)).toEqual(['x']);
  });

  it('runs the good call of a step and answers the bad one beside it with an error', async () => {
    const { caller, token } = await user();
    const result = await toolTurn(api, token, [
      [
        { tool: 'add_tasks', input: { tasks: [{ title: 'milk', labels: ['@errands'] }] } },
        { tool: 'add_tasks', input: { tasks: [{ title: 'eggs', priority: 7 }] } },
      ],
    ]);
    expect(result.events.filter((event) => event.type === 'tool-error').map((event) => event.toolName)).toEqual([
      'add_tasks',
    ]);
    expect((await caller.tasks.list()).items.map((task) => [task.title, task.labels])).toEqual([['milk', ['errands']]]);
    expect(result.effects.map((effect) => effect.taskTitle)).toEqual(['milk']);
  });
});
