import { randomUUID } from 'node:crypto';
import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { createCaller, exportAccount } from '../src/index.ts';
import { type Caller, useApi } from './harness.ts';

const api = useApi();

/** The caller's export as NDJSON, through the same function as GET /export. */
async function exportOf(caller: Caller): Promise<string> {
  const user = await caller.auth.me();
  let text = '';
  for await (const line of exportAccount({ db: api.deps.db, auth: { user, sessionId: 'test' } as never })) text += line;
  return text;
}

/** The planning part of an export: what comes before its first conversation line. */
const planningPart = (ndjson: string) =>
  ndjson
    .split('\n')
    .filter((line) => line && !/^\{"type":"(conversation|message)"/.test(line))
    .join('\n');

async function allTasks(caller: Caller) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await caller.tasks.list({ view: 'all', limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Everything of the caller's planning, with ids replaced by names and titles so two accounts compare. */
async function planningOf(caller: Caller) {
  const projects = [...(await caller.projects.list()), ...(await caller.projects.list({ archived: true }))];
  const projectName = new Map(projects.map((p) => [p.id, p.name]));
  const tasks = await allTasks(caller);
  const title = new Map(tasks.map((t) => [t.id, t.title]));
  return {
    projects: projects.map(({ name, color, position, inbox, archived, openTaskCount }) => ({
      name,
      color,
      position,
      inbox,
      archived,
      openTaskCount,
    })),
    labels: (await caller.labels.list()).map(({ name, color, openTaskCount }) => ({ name, color, openTaskCount })),
    tasks: tasks
      .map(({ id: _id, projectId, parentId, reminders, due, ...task }) => ({
        ...task,
        project: projectName.get(projectId),
        parent: parentId && title.get(parentId),
        dueAt: due?.at ?? null,
        dueDate: due?.date ?? null,
        reminders: reminders.map(({ id: _r, deliveredAt, ...reminder }) => ({ ...reminder, delivered: !!deliveredAt })),
      }))
      .sort((a, b) => a.title.localeCompare(b.title)),
  };
}

const line = (value: object) => JSON.stringify(value);
const header = (version: 1 | 2, userId = randomUUID()) =>
  line({
    type: 'header',
    format: 'taskchat-export',
    version,
    exportedAt: '2026-06-01T12:00:00.000Z',
    user: { id: userId, email: 'someone@example.com', name: null, ...(version === 2 ? { timeZone: 'UTC' } : {}) },
  });
const inboxLine = (id = randomUUID()) =>
  line({
    type: 'project',
    id,
    name: 'Inbox',
    color: 'charcoal',
    position: 'a0',
    inbox: true,
    archived: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
const taskV2 = (projectId: string, fields: object = {}) => ({
  type: 'task',
  id: randomUUID(),
  projectId,
  parentId: null,
  position: 'a0',
  title: 'A task',
  description: null,
  due: null,
  deadline: null,
  priority: 4,
  recurrence: null,
  labels: [],
  reminders: [],
  completed: false,
  completedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});

describe('tasks.import', () => {
  it('takes an export (version 3) back into a fresh account: projects, labels, tasks, subtasks, reminders, every field', async () => {
    const source = await api.newUser('source');
    const a = source.caller;
    await a.auth.updateProfile({ timeZone: 'America/New_York' });
    const work = await a.projects.create({ name: 'Work', color: 'red' });
    const home = await a.projects.create({ name: 'Home', color: 'blue' });
    const old = await a.projects.create({ name: 'Old' });
    await a.projects.archive({ id: old.id, archived: true });
    const parent = await a.tasks.create({
      title: 'Ship the release',
      description: 'all of it',
      projectId: work.id,
      due: { date: '2030-03-10', time: '23:30' },
      deadline: '2030-03-12',
      priority: 1,
      labels: ['urgent', 'Ops'],
      reminders: [{ minutesBefore: 30 }, { at: new Date('2030-03-09T12:00:00Z') }],
    });
    const child = await a.tasks.create({ title: 'Write the notes', parentId: parent.id, labels: ['ops'] });
    await a.tasks.create({ title: 'Grandchild', parentId: child.id, reminders: [{ minutesBefore: 10 }] });
    await a.tasks.create({
      title: 'Water the plants',
      projectId: home.id,
      due: { date: '2030-01-01' },
      recurrence: 'FREQ=WEEKLY',
    });
    const done = await a.tasks.create({ title: 'Old chore', due: { date: '2020-01-01' } });
    await a.tasks.complete({ id: done.id });
    await a.tasks.create({ title: 'Inbox thing' });
    const ndjson = planningPart(await exportOf(a));

    const target = await api.newUser('target');
    const b = target.caller;
    await b.auth.updateProfile({ timeZone: 'Europe/Berlin' });
    const result = await b.tasks.import({ ndjson });
    expect(result).toEqual({ version: 3, storedTasks: 6, skippedTasks: 0, createdProjects: 3, createdLabels: 2 });

    const before = await planningOf(a);
    const after = await planningOf(b);
    // The timed due keeps its instant; its date is its day in the importer's zone (04:30 in Berlin; New York is on daylight time that day).
    const ship = (plan: typeof before) => plan.tasks.find((t) => t.title === 'Ship the release');
    expect(ship(before)?.dueDate).toBe('2030-03-10');
    expect(ship(after)?.dueDate).toBe('2030-03-11');
    expect(ship(after)?.dueAt).toEqual(new Date('2030-03-11T03:30:00Z'));
    const withoutLocalDate = (plan: typeof before) => ({
      ...plan,
      tasks: plan.tasks.map((t) => (t.title === 'Ship the release' ? { ...t, dueDate: null } : t)),
    });
    expect(withoutLocalDate(after)).toEqual(withoutLocalDate(before));
    expect(after.projects.find((p) => p.name === 'Old')?.archived).toBe(true);
    expect(after.tasks.find((t) => t.title === 'Grandchild')?.parent).toBe('Write the notes');
  });

  it('is idempotent: the same file twice stores nothing new, and your own export imports as nothing', async () => {
    const { caller } = await api.newUser();
    const project = await caller.projects.create({ name: 'Garden' });
    const parent = await caller.tasks.create({ title: 'Dig', projectId: project.id, labels: ['outside'] });
    await caller.tasks.create({ title: 'Plant', parentId: parent.id });
    const ndjson = planningPart(await exportOf(caller));
    expect(await caller.tasks.import({ ndjson })).toMatchObject({
      storedTasks: 0,
      skippedTasks: 2,
      createdProjects: 0,
    });

    const other = (await api.newUser()).caller;
    const first = await other.tasks.import({ ndjson });
    expect(first).toMatchObject({ storedTasks: 2, createdProjects: 1, createdLabels: 1 });
    const plan = await planningOf(other);
    expect(await other.tasks.import({ ndjson })).toEqual({
      version: 3,
      storedTasks: 0,
      skippedTasks: 2,
      createdProjects: 0,
      createdLabels: 0,
    });
    expect(await planningOf(other)).toEqual(plan);
  });

  it('puts version 1 tasks into the Inbox with title, description and completion (completedAt: their updatedAt)', async () => {
    const { caller } = await api.newUser();
    const ndjson = [
      header(1),
      line({
        type: 'task',
        id: randomUUID(),
        title: 'Done long ago',
        description: 'old',
        completed: true,
        createdAt: '2025-01-01T00:00:00.000Z',
        updatedAt: '2025-02-01T00:00:00.000Z',
      }),
      line({
        type: 'task',
        id: randomUUID(),
        title: 'Still open',
        description: null,
        completed: false,
        createdAt: '2025-01-02T00:00:00.000Z',
        updatedAt: '2025-01-02T00:00:00.000Z',
      }),
    ].join('\n');
    expect(await caller.tasks.import({ ndjson })).toMatchObject({ version: 1, storedTasks: 2 });
    const inbox = (await caller.projects.list()).find((p) => p.inbox);
    const tasks = await allTasks(caller);
    expect(tasks.map((t) => [t.title, t.projectId, t.completed, t.completedAt])).toEqual([
      ['Still open', inbox?.id, false, null],
      ['Done long ago', inbox?.id, true, new Date('2025-02-01T00:00:00.000Z')],
    ]);
    expect((await caller.tasks.list({ view: 'inbox' })).items.map((t) => t.title)).toEqual(['Still open']);
    expect(await caller.tasks.import({ ndjson })).toMatchObject({ storedTasks: 0, skippedTasks: 2 });
  });

  it('orders parents before children whatever the lines say, and keeps past reminders as delivered', async () => {
    const { caller } = await api.newUser();
    const inbox = randomUUID();
    const parent = taskV2(inbox, {
      title: 'Parent',
      position: 'a1',
      due: { date: '2020-05-01', time: null, at: null },
    });
    const child = taskV2(inbox, {
      title: 'Child',
      parentId: parent.id,
      position: 'a2',
      reminders: [{ at: '2020-01-01T00:00:00.000Z' }, { minutesBefore: 60 }],
    });
    const ndjson = [header(2), inboxLine(inbox), line(child), line(parent)].join('\n');
    expect(await caller.tasks.import({ ndjson })).toMatchObject({ storedTasks: 2 });
    const tasks = await allTasks(caller);
    const [p, c] = ['Parent', 'Child'].map((title) => tasks.find((t) => t.title === title));
    expect(c?.parentId).toBe(p?.id);
    expect(c?.reminders).toMatchObject([
      { at: new Date('2020-01-01T00:00:00.000Z'), deliveredAt: new Date('2020-01-01T00:00:00.000Z') },
      { minutesBefore: 60, fireAt: null, deliveredAt: null },
    ]);
    expect((p?.position as string) < (c?.position as string)).toBe(true);
  });

  it('names the bad line and field, and keeps nothing of a failed import', async () => {
    const { caller } = await api.newUser();
    const inbox = randomUUID();
    const good = line(taskV2(inbox, { title: 'Fine' }));
    const cases: [string[], string][] = [
      [[inboxLine(inbox), good], 'Line 1: the header comes first'],
      [[header(2), inboxLine(inbox), good, 'nope'], 'Line 4: not a JSON object'],
      [[header(2), inboxLine(inbox), line(taskV2(inbox, { priority: 9 }))], 'Line 3: priority: '],
      [
        [header(2), inboxLine(inbox), line(taskV2(randomUUID()))],
        'Line 3: projectId: no project of this id in the file',
      ],
      [
        [header(2), inboxLine(inbox), line(taskV2(inbox, { parentId: randomUUID() }))],
        'Line 3: parentId: no task of this id',
      ],
      [
        [
          header(2),
          inboxLine(inbox),
          good,
          line(taskV2(inbox, { recurrence: 'FREQ=HOURLY', due: { date: '2030-01-01', time: null, at: null } })),
        ],
        'Line 4: recurrence: Must repeat daily at most',
      ],
      [
        [header(2), inboxLine(inbox), line(taskV2(inbox, { recurrence: 'FREQ=DAILY' }))],
        'Line 3: recurrence: A recurring task needs a due date',
      ],
      [
        [header(2), inboxLine(inbox), line(taskV2(inbox, { reminders: [{ minutesBefore: 999_999 }] }))],
        'Line 3: reminders.0.minutesBefore',
      ],
      [
        [header(2), inboxLine(inbox), good, line({ type: 'conversation', id: randomUUID() })],
        'Line 4: a conversation; tasks.import takes',
      ],
      [[header(1), inboxLine(inbox)], 'Line 2: a project line in a version 1 file'],
    ];
    const cycleA = taskV2(inbox, { title: 'A' });
    const cycleB = taskV2(inbox, { title: 'B', parentId: cycleA.id });
    cycleA.parentId = cycleB.id as never;
    cases.push([
      [header(2), inboxLine(inbox), line(cycleA), line(cycleB)],
      'parentId: the parents go round in a cycle',
    ]);
    const chain = [taskV2(inbox, { title: 'depth 1' })];
    for (let depth = 2; depth <= 5; depth++) {
      chain.push(taskV2(inbox, { title: `depth ${depth}`, parentId: chain.at(-1)?.id }));
    }
    cases.push([
      [header(2), inboxLine(inbox), ...chain.map(line)],
      'Line 7: parentId: subtasks go at most 4 tasks deep',
    ]);
    for (const [lines, message] of cases) {
      const error = await expectErrorCode(caller.tasks.import({ ndjson: lines.join('\n') }), 'BAD_REQUEST');
      expect(error.message).toContain(message);
    }
    expect(await allTasks(caller)).toEqual([]);
    expect(await caller.labels.list()).toEqual([]);
  });

  it('meets the caps: TASKS_PER_USER, PROJECTS_PER_USER and LABELS_PER_USER refuse the whole import', async () => {
    const capped = (token: string) =>
      createCaller(
        { ...api.deps, tasks: { tasksPerUser: 2, labelsPerUser: 1 }, projects: { ...api.deps.projects, perUser: 2 } },
        { token },
      );
    const { token } = await api.newUser();
    const caller = capped(token);
    const inbox = randomUUID();
    const project = (name: string) =>
      line({
        type: 'project',
        id: randomUUID(),
        name,
        color: 'red',
        position: 'a1',
        inbox: false,
        archived: false,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
    const tasks = (n: number, fields: object = {}) => Array.from({ length: n }, () => line(taskV2(inbox, fields)));
    await expectErrorCode(
      caller.tasks.import({ ndjson: [header(2), inboxLine(inbox), ...tasks(3)].join('\n') }),
      'BAD_REQUEST',
    );
    const projects = await expectErrorCode(
      caller.tasks.import({ ndjson: [header(2), inboxLine(inbox), project('One'), project('Two')].join('\n') }),
      'BAD_REQUEST',
    );
    expect(projects.message).toBe('Line 4: you can have at most 2 projects');
    const labels = await expectErrorCode(
      caller.tasks.import({
        ndjson: [header(2), inboxLine(inbox), ...tasks(1, { labels: ['one', 'two'] })].join('\n'),
      }),
      'BAD_REQUEST',
    );
    expect(labels.message).toContain('labels');
    expect(await allTasks(caller)).toEqual([]);
    expect((await caller.projects.list()).map((p) => p.name)).toEqual(['Inbox']);
    expect(
      await caller.tasks.import({ ndjson: [header(2), inboxLine(inbox), project('One'), ...tasks(2)].join('\n') }),
    ).toMatchObject({
      storedTasks: 2,
      createdProjects: 1,
    });
  });

  it("isolation: importing another user's export ids makes your own rows and never touches theirs", async () => {
    const owner = (await api.newUser('owner')).caller;
    const project = await owner.projects.create({ name: 'Secret' });
    const parent = await owner.tasks.create({ title: 'secret', projectId: project.id, labels: ['mine'] });
    const ndjson = planningPart(await exportOf(owner));
    const before = await planningOf(owner);
    const intruder = (await api.newUser('intruder')).caller;
    // A subtask planted under the owner's task, by its real id: the id means nothing in the intruder's account.
    const planted = [
      ndjson,
      line(taskV2(project.id, { title: 'planted', parentId: parent.id, projectId: project.id })),
    ].join('\n');
    expect(await intruder.tasks.import({ ndjson: planted })).toMatchObject({ storedTasks: 2, skippedTasks: 0 });
    const mine = await allTasks(intruder);
    expect(mine.map((t) => t.id)).not.toContain(parent.id);
    expect(mine.find((t) => t.title === 'planted')?.parentId).toBe(mine.find((t) => t.title === 'secret')?.id);
    expect(await planningOf(owner)).toEqual(before);
  });
});
