import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../src/index.ts';
import { type Caller, useApi } from './harness.ts';

/**
 * The offline assistant end to end: sentences sent with `chat.send` to a user with a starting
 * task list, on the real tools and PostgreSQL, then the answers and the tasks as they ended up.
 */

const api = useApi();

const ZONE = 'Europe/Berlin';

/** The user's date `offset` days from today, and as the assistant says it. */
const dayIn = (offset: number, zone = ZONE) =>
  DateTime.now().setZone(zone).plus({ days: offset }).toISODate() as string;
function said(offset: number): string {
  if (offset === 0) return 'today';
  if (offset === 1) return 'tomorrow';
  if (offset === -1) return 'yesterday';
  const day = DateTime.now().setZone(ZONE).plus({ days: offset }).setLocale('en-GB');
  return day.toFormat(day.year === DateTime.now().setZone(ZONE).year ? 'ccc d LLL' : 'ccc d LLL yyyy');
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** Sends one message; the turn's events, the assistant's text and the conversation. */
async function say(caller: Caller, content: string, conversationId?: string) {
  const events = await collect(await caller.chat.send({ content, clientId: randomUUID(), conversationId }));
  const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
  const first = events[0];
  return { events, text, conversationId: (first?.type === 'user-message' ? first.conversationId : '') as string };
}

/** Every task of the user as one line: `title ✓ @due !priority #project +label ~`, sorted. */
async function state(caller: Caller): Promise<string[]> {
  const projects = new Map((await caller.projects.list()).map((project) => [project.id, project.name]));
  const { items } = await caller.tasks.list({ view: 'all', limit: 100 });
  return items
    .map((task) => {
      const project = projects.get(task.projectId);
      return [
        task.title,
        task.completed && '✓',
        task.due && `@${task.due.date}${task.due.time ? ` ${task.due.time}` : ''}`,
        task.priority < 4 && `!${task.priority}`,
        project && project !== 'Inbox' && `#${project}`,
        ...task.labels.map((label) => `+${label}`),
        task.recurrence && '~',
      ]
        .filter(Boolean)
        .join(' ');
    })
    .sort();
}

interface Scenario {
  name: string;
  /** The user's time zone (ZONE when left out). */
  zone?: string;
  projects?: string[];
  /** Quick-add lines, added in this order (so the last is the newest, first in "what's left"). */
  tasks?: string[];
  /** Titles among `tasks` completed before the conversation. */
  done?: string[];
  /** What the user says, and the answer: the whole text, or a pattern. */
  turns: [string, string | RegExp][];
  /** The tasks at the end, as `state` writes them (a pattern for a line that depends on the day). */
  after?: (string | RegExp)[];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'adds a task with a time, read in the user’s zone ("at 6" is in the evening)',
    turns: [['I need to call mom tomorrow at 6', 'Added “call mom” (tomorrow at 18:00).']],
    after: [`call mom @${dayIn(1)} 18:00`],
  },
  {
    name: 'adds a monthly task from "the 1st of every month"',
    turns: [['remind me to pay rent on the 1st of every month', /^Added “pay rent” \(.+, every month on the 1st\)\.$/]],
    after: [/^pay rent @\d{4}-\d{2}-01 ~$/],
  },
  {
    name: 'adds an urgent task with a day and a project',
    projects: ['Admin'],
    turns: [['urgent: file taxes by Friday #Admin', /^Added “file taxes” \(\w+( \d{1,2} \w{3})?, p1, #Admin\)\.$/]],
    after: [/^file taxes @\d{4}-\d{2}-\d{2} !1 #Admin$/],
  },
  {
    name: 'adds three tasks from a list, and says so; "bread and butter" alone is one',
    turns: [
      ['add eggs, bread and butter', 'Added 3 tasks:\n1. eggs\n2. bread\n3. butter'],
      ['add bread and butter', 'Added “bread and butter”.'],
    ],
    after: ['bread', 'bread and butter', 'butter', 'eggs'],
  },
  {
    name: 'gives a list’s shared date and project to every item',
    projects: ['Shopping'],
    turns: [
      [
        'add milk, flour and sugar tomorrow #Shopping',
        'Added 3 tasks:\n1. milk — tomorrow, #Shopping\n2. flour — tomorrow, #Shopping\n3. sugar — tomorrow, #Shopping',
      ],
    ],
    after: [`flour @${dayIn(1)} #Shopping`, `milk @${dayIn(1)} #Shopping`, `sugar @${dayIn(1)} #Shopping`],
  },
  {
    name: 'adds with labels, a reminder and a priority',
    turns: [
      [
        'remind me to pay the water bill tomorrow at 9am @bills p2',
        'Added “pay the water bill” (tomorrow at 09:00, p2, @bills).',
      ],
    ],
    after: [`pay the water bill @${dayIn(1)} 09:00 !2 +bills`],
  },
  {
    name: 'puts a task with an unknown #project in the Inbox and says so',
    turns: [
      [
        'add sort the receipts #Taxes',
        'Added “sort the receipts”.\nThere is no project called “Taxes”, so it went to the Inbox.',
      ],
    ],
    after: ['sort the receipts'],
  },
  {
    name: 'lists what is left, newest first, with each task’s details',
    projects: ['Home'],
    tasks: ['water the plants', 'call the plumber tomorrow p1 #Home', 'buy oat milk @errands'],
    turns: [
      [
        'what do I still have to do?',
        'Your open tasks:\n1. buy oat milk — @errands\n2. call the plumber — tomorrow, p1, #Home\n3. water the plants',
      ],
      [
        'what’s left',
        'Your open tasks:\n1. buy oat milk — @errands\n2. call the plumber — tomorrow, p1, #Home\n3. water the plants',
      ],
    ],
  },
  {
    name: 'answers what is due today (with the overdue), tomorrow, this week and overdue',
    tasks: ['pay rent yesterday', 'call mom today', 'dentist tomorrow', 'file taxes in 30 days'],
    turns: [
      [
        'what’s due today?',
        `Your tasks due today (or overdue):\n1. pay rent — overdue since yesterday\n2. call mom — today`,
      ],
      ['anything due tomorrow?', 'Your open tasks due tomorrow:\n1. dentist — tomorrow'],
      ['anything overdue?', 'Your overdue tasks:\n1. pay rent — overdue since yesterday'],
      ['what’s due this week?', /^Your open tasks due this week:\n1\. call mom — today\n/],
    ],
  },
  {
    name: 'answers what is in a project, under a label and urgent, and when there is nothing',
    projects: ['Home'],
    tasks: ['fix the tap #Home', 'pay the gas bill @bills p1', 'read a book'],
    turns: [
      ['what’s in #Home?', 'Your open tasks in #Home:\n1. fix the tap'],
      ['what is in home', 'Your open tasks in #Home:\n1. fix the tap'],
      ['show me everything tagged bills', 'Your open tasks tagged @bills:\n1. pay the gas bill — p1, @bills'],
      ['anything urgent?', 'Your open tasks with priority 1:\n1. pay the gas bill — p1, @bills'],
      ['anything overdue?', 'You have no overdue tasks.'],
      ['what’s in #Garden?', 'No project called “Garden”.'],
    ],
  },
  {
    name: 'completes and deletes by position in the list it showed: the first one, the last two, number 3',
    tasks: ['e', 'd', 'c', 'b', 'a'],
    turns: [
      ['list', 'Your open tasks:\n1. a\n2. b\n3. c\n4. d\n5. e'],
      ['mark the first one done', 'Completed “a”.'],
      ['delete the last two', 'Deleted “d” and “e”. Say “undo” to bring them back.'],
      ['number 3 is done', 'Completed “c”.'],
      ['done 2', 'Completed “b”.'],
    ],
    after: ['a ✓', 'b ✓', 'c ✓'],
  },
  {
    name: 'reads positions against the latest list, even after answers without one',
    tasks: ['third', 'second', 'first'],
    turns: [
      ['what are my tasks', 'Your open tasks:\n1. first\n2. second\n3. third'],
      ['add something else', 'Added “something else”.'],
      ['complete 2 and 3', 'Completed “second” and “third”.'],
      ['finish number 7', 'There is no number 7 in the list I showed: it has 3 tasks.'],
    ],
    after: ['first', 'second ✓', 'something else', 'third ✓'],
  },
  {
    name: 'completes by a fuzzy part of the title, the verb telling two tasks apart',
    tasks: ['buy oat milk', 'milk the cow', 'call the plumber'],
    turns: [
      ['I bought the milk', 'Completed “buy oat milk”.'],
      ['I called the plumber', 'Completed “call the plumber”.'],
    ],
    after: ['buy oat milk ✓', 'call the plumber ✓', 'milk the cow'],
  },
  {
    name: 'asks back when two tasks match, then does it to the one picked (by number or by name)',
    tasks: ['buy oat milk', 'milk the cow', 'almond milk'],
    turns: [
      [
        'done with the milk',
        '3 tasks match “milk”. Which one do you mean?\n1. almond milk\n2. milk the cow\n3. buy oat milk',
      ],
      ['the cow one', 'Completed “milk the cow”.'],
      ['delete milk', '2 tasks match “milk”. Which one do you mean?\n1. almond milk\n2. buy oat milk'],
      ['the second one', 'Deleted “buy oat milk”.'],
    ],
    after: ['almond milk', 'milk the cow ✓'],
  },
  {
    name: 'renames, naming the task it overwrote',
    tasks: ['call the plumber', 'buy oat milk'],
    turns: [
      ['list', 'Your open tasks:\n1. buy oat milk\n2. call the plumber'],
      ['rename 2 to call the electrician', 'Renamed “call the plumber” to “call the electrician”.'],
      ['rename buy oat milk to buy almond milk', 'Renamed “buy oat milk” to “buy almond milk”.'],
      ['change the milk to soy milk', 'Renamed “buy almond milk” to “soy milk”.'],
    ],
    after: ['call the electrician', 'soy milk'],
  },
  {
    name: 'reschedules one task by title, and shifts one by a week',
    tasks: ['dentist tomorrow', 'gym today'],
    turns: [
      ['move the dentist to next Tuesday', /^Moved “dentist” to \w{3} \d{1,2} \w{3}( \d{4})?\.$/],
      ['push the gym back a week', `Moved “gym” to ${said(7)}.`],
      ['postpone the gym', 'Moved “gym” to tomorrow.'],
    ],
    after: [/^dentist @\d{4}-\d{2}-\d{2}$/, `gym @${dayIn(1)}`],
  },
  {
    name: 'pushes everything due today to tomorrow, and leaves the rest',
    tasks: ['a today', 'b today', 'c in 3 days', 'd'],
    turns: [['push everything due today to tomorrow', /^Moved “[ab]” and “[ab]” to tomorrow\.$/]],
    after: [`a @${dayIn(1)}`, `b @${dayIn(1)}`, `c @${dayIn(3)}`, 'd'],
  },
  {
    name: 'clears everything that is done (deletes the completed tasks), and undo brings them back',
    tasks: ['a', 'b', 'c'],
    done: ['a', 'b'],
    turns: [
      [
        'clear everything that’s done',
        /^Cleared 2 completed tasks: “[ab]” and “[ab]”\. Say “undo” to bring them back\.$/,
      ],
      ['undo', /^Undid 2 changes:\n- .*“[ab]”.*\n- .*“[ab]”/],
      ['clear', /^Cleared 2 completed tasks/],
      ['clear completed', 'Nothing to clear: you have no completed tasks.'],
    ],
    after: ['c'],
  },
  {
    name: 'undoes the last turn’s changes, and says what it reverted; twice goes further back',
    turns: [
      ['add eggs', 'Added “eggs”.'],
      ['add bread, butter', 'Added 2 tasks:\n1. bread\n2. butter'],
      ['undo', /^Undid 2 changes:\n- Removed “(bread|butter)”\n- Removed “(bread|butter)”$/],
      ['undo', /^Undid 1 change:\n- .*“eggs”/],
      ['undo', 'There is nothing to undo.'],
    ],
    after: [],
  },
  {
    name: '"it" is the task the last answer named',
    turns: [
      ['add call mom', 'Added “call mom”.'],
      ['make it urgent', 'Set “call mom” to priority 1 (urgent).'],
      ['move it to tomorrow', 'Moved “call mom” to tomorrow.'],
      ['tag it with @family', 'Tagged “call mom” with @family.'],
      ['done', 'Completed “call mom”.'],
    ],
    after: [`call mom ✓ @${dayIn(1)} !1 +family`],
  },
  {
    name: 'moves to a project, reopens, and removes a date and a label',
    projects: ['Home'],
    tasks: ['fix the tap tomorrow @diy'],
    done: [],
    turns: [
      ['move the tap to #Home', 'Moved “fix the tap” to #Home.'],
      ['remove the due date from the tap', 'Removed the date from “fix the tap”.'],
      ['remove the label diy from the tap', 'Removed @diy from “fix the tap”.'],
      ['fixed the tap', 'Completed “fix the tap”.'],
      ['reopen the tap', 'Reopened “fix the tap”.'],
    ],
    after: ['fix the tap #Home'],
  },
  {
    name: 'completes a repeating task and says when it is next due',
    tasks: ['water the plants every day'],
    turns: [
      [
        'I watered the plants',
        /^Completed “water the plants” \(it repeats: next one (tomorrow|\w{3} \d{1,2} \w{3})\)\.$/,
      ],
    ],
    after: [/^water the plants @\d{4}-\d{2}-\d{2} ~$/],
  },
  {
    name: 'shows the list when a number comes before any list, and the answer picks from it',
    tasks: ['water plants'],
    turns: [
      ['done 7', 'I haven’t shown you a list yet. Which one do you mean?\n1. water plants'],
      ['1', 'Completed “water plants”.'],
    ],
    after: ['water plants ✓'],
  },
  {
    name: 'says when it cannot find a task, and adds a sentence that only looked like a change',
    tasks: ['water plants'],
    turns: [
      ['delete the car', 'I couldn’t find a task like “car”. Which one do you mean?\n1. water plants'],
      [
        'put the bins out on tuesday',
        /^Added “put the bins out” \(\w{3}( \d{1,2} \w{3})?.*\)\.$|^Added “put the bins out” \(tomorrow\)\.$/,
      ],
    ],
    after: [/^put the bins out @\d{4}-\d{2}-\d{2}$/, 'water plants'],
  },
  {
    name: 'reads "tomorrow" in a zone far from the server’s',
    zone: 'Pacific/Kiritimati',
    turns: [['add call the bank tomorrow at 9am', 'Added “call the bank” (tomorrow at 09:00).']],
    after: [`call the bank @${dayIn(1, 'Pacific/Kiritimati')} 09:00`],
  },
  {
    name: 'refers to the numbered list of tasks it just added',
    turns: [
      ['add eggs, bread and butter', 'Added 3 tasks:\n1. eggs\n2. bread\n3. butter'],
      ['make it urgent', 'Which one do you mean?\n1. eggs\n2. bread\n3. butter'],
      ['2', 'Set “bread” to priority 1 (urgent).'],
      ['delete the last one', 'Deleted “butter”.'],
      ['delete it', 'I can’t find “butter” any more: ask “what’s left?” to see your tasks.'],
    ],
    after: ['bread !1', 'eggs'],
  },
  {
    name: 'completes, deletes and reschedules in bulk by a query, and "all of them" after a list',
    projects: ['Home'],
    tasks: ['a today', 'b today', 'c #Home', 'd #Home', 'e tomorrow', 'f'],
    turns: [
      ['complete everything due today', /^Completed “[ab]” and “[ab]”\.$/],
      ['delete everything in Home', /^Deleted “[cd]” and “[cd]”\. Say “undo” to bring them back\.$/],
      ['what’s due tomorrow?', 'Your open tasks due tomorrow:\n1. e — tomorrow'],
      ['move all of them to the day after tomorrow', `Moved “e” to ${said(2)}.`],
    ],
    after: [`a ✓ @${dayIn(0)}`, `b ✓ @${dayIn(0)}`, `e @${dayIn(2)}`, 'f'],
  },
  {
    name: 'lists done tasks and reopens one of them by position',
    tasks: ['walk the dog', 'feed the cat'],
    done: ['walk the dog', 'feed the cat'],
    turns: [
      [
        'what did I finish?',
        /^Your completed tasks:\n1\. (walk the dog|feed the cat) — done\n2\. (walk the dog|feed the cat) — done$/,
      ],
      ['reopen the second one', /^Reopened “(walk the dog|feed the cat)”\.$/],
      ['what’s left?', /^Your open tasks:\n1\. (walk the dog|feed the cat)$/],
    ],
  },
  {
    name: 'sets a priority by position, deletes by a sentence, says an unknown label, and a list that has no such number',
    tasks: ['call mom', 'water the plants'],
    turns: [
      ['show my tasks', 'Your open tasks:\n1. water the plants\n2. call mom'],
      ['set 2 to p1', 'Set “call mom” to priority 1 (urgent).'],
      ['complete the last three', 'The list I showed has only 2 tasks.'],
      ['show @nothing', 'No label called “nothing”.'],
      ['I don’t need to water the plants any more', 'Deleted “water the plants”.'],
    ],
    after: ['call mom !1'],
  },
  {
    name: 'renames a task whose title holds the word "to"',
    tasks: ['go to the gym'],
    turns: [['rename go to the gym to go swimming', 'Renamed “go to the gym” to “go swimming”.']],
    after: ['go swimming'],
  },
  {
    name: 'will not delete every task in one go',
    tasks: ['a', 'b'],
    turns: [['delete everything', /^I won’t delete every task in one go\./]],
    after: ['a', 'b'],
  },
  {
    name: 'answers greetings, thanks and what it cannot do with one example, and help as a list, with no tool',
    turns: [
      ['hi!', 'Hi! What can I do for you? For example, ask “what’s due today?”.'],
      ['thanks', 'You’re welcome!'],
      [
        'tell me a joke',
        'Sorry, I can’t help with that: I look after your tasks. For example, say “add call mom tomorrow at 6”.',
      ],
      [
        'buy milk',
        'I’m not sure what you mean. To add it as a task, say “add buy milk”; or say “help” to see what I understand.',
      ],
    ],
    after: [],
  },
];

describe('the offline assistant, end to end', () => {
  it.each(SCENARIOS)('$name', async (scenario) => {
    const { caller } = await api.newUser();
    await caller.auth.updateProfile({ timeZone: scenario.zone ?? ZONE });
    for (const name of scenario.projects ?? []) await caller.projects.create({ name });
    const ids = new Map<string, string>();
    for (const text of scenario.tasks ?? []) {
      const task = await caller.tasks.quickAdd({ text });
      ids.set(task.title, task.id);
    }
    for (const title of scenario.done ?? []) await caller.tasks.complete({ id: ids.get(title) as string });
    let conversationId: string | undefined;
    for (const [message, answer] of scenario.turns) {
      const turn = await say(caller, message, conversationId);
      conversationId = turn.conversationId;
      if (typeof answer === 'string') expect(turn.text, message).toBe(answer);
      else expect(turn.text, message).toMatch(answer);
      // What streamed is what was stored.
      const stored = turn.events.at(-1);
      expect(stored?.type === 'assistant-message' && stored.message.content).toBe(turn.text);
    }
    if (scenario.after) {
      const lines = await state(caller);
      expect(lines).toHaveLength(scenario.after.length);
      scenario.after.forEach((expected, i) => {
        if (typeof expected === 'string') expect(lines[i]).toBe(expected);
        else expect(lines[i]).toMatch(expected);
      });
    }
  });

  it('takes the path of any model: a tool call, its result, the words streamed, the stored message with its effects', async () => {
    const { caller } = await api.newUser();
    const added = await say(caller, 'add buy oat milk');
    const types = added.events.map((e) => e.type);
    expect(types).toEqual([
      'user-message',
      'tool-call',
      'tool-result',
      ...types.slice(3, -1).map(() => 'text-delta'),
      'assistant-message',
    ]);
    expect(added.events[1]).toMatchObject({ toolName: 'add_tasks', input: { tasks: [{ title: 'buy oat milk' }] } });
    const last = added.events.at(-1);
    expect(last?.type === 'assistant-message' && last.effects).toEqual([
      expect.objectContaining({ action: 'add', taskTitle: 'buy oat milk', change: 'Added “buy oat milk”' }),
    ]);
    const messages = await caller.messages.list({ conversationId: added.conversationId });
    expect(messages.items.map((m) => [m.role, m.content])).toEqual([
      ['user', 'add buy oat milk'],
      ['assistant', 'Added “buy oat milk”.'],
    ]);
  });

  it('answers help as a markdown list, and small talk without calling a tool', async () => {
    const { caller } = await api.newUser();
    const help = await say(caller, 'help');
    const lines = help.text.split('\n');
    expect(lines.slice(1).every((line) => line.startsWith('- '))).toBe(true);
    expect(lines.length).toBeGreaterThan(5);
    for (const message of ['help', 'hello there', 'thank you!', 'what is the weather like?']) {
      const turn = await say(caller, message);
      expect(
        turn.events.some((e) => e.type === 'tool-call'),
        message,
      ).toBe(false);
    }
  });
});
