import { describe, expect, it } from 'vitest';
import { type Intent, readIntent } from '../src/chat/offline/intents.ts';
import { readNumberedLines, renderTaskLines, tasksOfLines } from '../src/chat/offline/numbered-lists.ts';
import type { Target } from '../src/chat/offline/references.ts';
import { matchTitle } from '../src/chat/offline/task-matching.ts';
import type { ListedTask } from '../src/chat/offline/tool-shapes.ts';
import { readUserContext } from '../src/chat/offline/user-context.ts';
import { EXAMPLES } from './offline-examples.ts';

/** The system prompt's last lines as turn-instructions.ts writes them. */
const SYSTEM = [
  'You are a helpful assistant.',
  '',
  "Now: Wednesday 2 December 2026, 14:51 in the user's time zone (Pacific/Auckland, UTC+13:00).",
  "The user's projects: Inbox, Home, Home Renovation, Admin, Work, Shopping.",
  "The user's labels: bills, errands, health.",
].join('\n');
const context = readUserContext(SYSTEM);

function target(t: Target): string {
  switch (t.kind) {
    case 'positions':
      return t.positions.map((p) => (p.from === 'start' ? `#${p.index}` : `-${p.index}`)).join(',');
    case 'recent':
      return 'it';
    case 'listed':
      return 'listed';
    case 'bulk':
      return t.query ? `bulk(${summarise({ kind: 'list', query: t.query })})` : 'bulk(*)';
    case 'title':
      return `"${t.text}"${t.hint ? `(${t.hint})` : ''}`;
  }
}

/** An intent in the examples' notation (offline-examples.ts). */
function summarise(intent: Intent): string {
  switch (intent.kind) {
    case 'add': {
      const items = intent.tasks.map((task) =>
        [
          task.title,
          task.due && `@${task.due}`,
          task.deadline && `{${task.deadline}}`,
          task.recurrence && `~${task.recurrence}`,
          task.priority && `!${task.priority}`,
          task.project && `#${task.project}`,
          ...(task.labels ?? []).map((label) => `+${label}`),
          ...(task.reminders ?? []).map((reminder) => `^${reminder}`),
        ]
          .filter(Boolean)
          .join(' '),
      );
      const notes = intent.notes.length ? ` [${intent.notes.length} note${intent.notes.length > 1 ? 's' : ''}]` : '';
      return `add ${items.join(' | ')}${notes}`;
    }
    case 'list': {
      const q = intent.query;
      return [
        'list',
        q.view,
        q.due && `${q.due.from}..${q.due.to}`,
        q.project && `#${q.project}`,
        q.label && `@${q.label}`,
        q.priorities && `p${q.priorities.join(',')}`,
        q.search && `?${q.search}`,
      ]
        .filter(Boolean)
        .join(' ');
    }
    case 'change': {
      const choices = intent.choices.map(({ target: t, action }) => {
        const verb =
          action.verb === 'rename'
            ? `rename→"${action.title}"`
            : action.verb === 'reschedule'
              ? `move→${'due' in action.when ? (action.when.due.time ? `${action.when.due.date}T${action.when.due.time}` : action.when.due.date) : 'shiftDays' in action.when ? `+${action.when.shiftDays}d` : 'none'}`
              : action.verb === 'move'
                ? `move→#${action.project}`
                : action.verb === 'prioritize'
                  ? `priority→${action.priority}`
                  : action.verb === 'label'
                    ? `label${action.remove ? '-' : '+'}${action.label}`
                    : action.verb;
        return `${verb} ${target(t)}`;
      });
      return `${choices.join(' / ')}${intent.fallback ? ' else add' : ''}`;
    }
    case 'clear-done':
      return 'clear';
    case 'undo':
      return 'undo';
    case 'talk':
      return `talk:${intent.topic}`;
    case 'unclear':
      return 'unclear';
    case 'unknown':
      return intent.suggestion ? `unknown→${intent.suggestion}` : 'unknown';
  }
}

describe(`the offline assistant's grammar (${EXAMPLES.length} example sentences)`, () => {
  it('has a few hundred examples, each sentence once', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(300);
    expect(new Set(EXAMPLES.map(([sentence]) => sentence)).size).toBe(EXAMPLES.length);
  });

  it.each(EXAMPLES)('%j → %s', (sentence, expected) => {
    expect(summarise(readIntent(sentence, context))).toBe(expected);
  });

  it('reads the same intent from the same text and context every time (it is pure)', () => {
    for (const [sentence] of EXAMPLES.slice(0, 40)) {
      expect(readIntent(sentence, context)).toEqual(readIntent(sentence, context));
    }
  });

  it('reads a long message in bounded time, and only a list of things to add in one', () => {
    const long = `add ${Array.from({ length: 60 }, (_, i) => `item ${i}`).join(', ')}`;
    const intent = readIntent(long, context);
    expect(intent.kind === 'add' && intent.tasks.length).toBe(50);
    expect(intent.kind === 'add' && intent.notes).toEqual(['I can add 50 tasks at a time, so I left out the last 10.']);
    expect(readIntent(`what ${'is '.repeat(3_000)}left`, context).kind).toBe('unknown');
    expect(readIntent('x'.repeat(10_000), context).kind).toBe('unknown');
  });
});

describe('what the offline assistant reads from the system prompt', () => {
  it('reads the date and time, the zone, and the project and label names', () => {
    expect(context).toEqual({
      now: new Date('2026-12-02T01:51:00.000Z'),
      timeZone: 'Pacific/Auckland',
      today: '2026-12-02',
      projects: ['Inbox', 'Home', 'Home Renovation', 'Admin', 'Work', 'Shopping'],
      moreProjects: false,
      labels: ['bills', 'errands', 'health'],
    });
  });

  it('reads a zone west of UTC, a bounded list and no labels', () => {
    const read = readUserContext(
      [
        "Now: Sunday 1 March 2026, 23:30 in the user's time zone (America/Los_Angeles, UTC-08:00).",
        "The user's projects: Inbox, A and 12 more.",
        "The user's labels: none.",
      ].join('\n'),
    );
    expect(read).toMatchObject({
      now: new Date('2026-03-02T07:30:00.000Z'),
      today: '2026-03-01',
      projects: ['Inbox', 'A'],
      moreProjects: true,
      labels: [],
    });
    // A "#name" past the listed ones goes to the tools, which know every project.
    expect(readIntent('add water the roses #Garden', read)).toMatchObject({
      kind: 'add',
      tasks: [{ title: 'water the roses', project: 'Garden' }],
      notes: [],
    });
  });

  it('falls back to the clock in UTC without the lines', () => {
    const now = new Date('2026-05-05T10:00:00Z');
    expect(readUserContext('Be brief.', () => now)).toEqual({
      now,
      timeZone: 'UTC',
      today: '2026-05-05',
      projects: [],
      moreProjects: false,
      labels: [],
    });
  });
});

let ids = 0;
const task = (title: string, extra: Partial<ListedTask> = {}): ListedTask => ({
  number: 1,
  id: `task-${++ids}`,
  title,
  completed: false,
  due: null,
  deadline: null,
  priority: 4,
  project: 'Inbox',
  labels: [],
  recurrence: null,
  ...extra,
});

describe('numbered lists in answers', () => {
  it('renders `n. title — details` lines and reads them back to the same tasks, markdown and all', () => {
    const tasks = [
      task('buy *oat* milk', { due: '2026-12-03 18:00', priority: 1, project: 'Home', labels: ['errands'] }),
      task('pay rent', { due: '2026-12-01', recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1' }),
      task('[draft] — notes'),
      task('pay rent'),
    ];
    const text = renderTaskLines(tasks, '2026-12-02');
    expect(text).toBe(
      [
        '1. buy \\*oat\\* milk — tomorrow at 18:00, p1, #Home, @errands',
        '2. pay rent — overdue since yesterday, every month on the 1st',
        '3. \\[draft\\] — notes',
        '4. pay rent',
      ].join('\n'),
    );
    const lines = [...readNumberedLines(`Your open tasks:\n${text}\nSay a number.`).values()];
    expect(tasksOfLines(lines, tasks, '2026-12-02')).toEqual(tasks);
    expect(tasksOfLines(['gone'], tasks, '2026-12-02')).toEqual([null]);
  });
});

describe('title matching', () => {
  const tasks = [task('buy oat milk'), task('milk the cow'), task('dentist appointment'), task('call mom')];

  it('finds a task by a part of its title, its words stemmed', () => {
    expect(matchTitle(tasks, 'the dentist')).toMatchObject({ kind: 'one', task: { title: 'dentist appointment' } });
    expect(matchTitle(tasks, 'dentists')).toMatchObject({ kind: 'one', task: { title: 'dentist appointment' } });
    expect(matchTitle(tasks, 'mom')).toMatchObject({ kind: 'one', task: { title: 'call mom' } });
    expect(matchTitle(tasks, 'the car')).toEqual({ kind: 'none' });
  });

  it('asks back when two tasks match, unless the verb of "I bought the milk" tells them apart', () => {
    expect(matchTitle(tasks, 'milk')).toMatchObject({
      kind: 'many',
      tasks: [{ title: 'buy oat milk' }, { title: 'milk the cow' }],
    });
    expect(matchTitle(tasks, 'milk', 'buy')).toMatchObject({ kind: 'one', task: { title: 'buy oat milk' } });
    expect(matchTitle(tasks, 'buy oat milk')).toMatchObject({ kind: 'one', task: { title: 'buy oat milk' } });
  });
});
