import { RRule } from 'rrule';
import { describe, expect, it } from 'vitest';
import { type ParsedTaskText, parseTaskText, type TaskTextContext } from '../src/task-text/parse-task-text.ts';

// Tuesday 2026-03-10, 16:00 in Berlin (UTC+1 until 29 March).
const NOW = new Date('2026-03-10T15:00:00Z');
const BERLIN: TaskTextContext = { timeZone: 'Europe/Berlin', now: NOW, projects: ['Home', 'Home Renovation', 'Work'] };

/** Parses and checks the ranges' invariants on every call. */
function parse(text: string, context: Partial<TaskTextContext> = {}): ParsedTaskText {
  const result = parseTaskText(text, { ...BERLIN, ...context });
  let previousEnd = 0;
  for (const range of result.ranges) {
    expect(text.slice(range.start, range.end)).toBe(range.text);
    expect(range.start).toBeGreaterThanOrEqual(previousEnd);
    expect(range.end).toBeGreaterThan(range.start);
    previousEnd = range.end;
  }
  if (text.trim() !== '') expect(result.title).not.toBe('');
  if (result.recurrence !== null) expect(() => RRule.fromString(result.recurrence ?? '')).not.toThrow();
  return result;
}

const kinds = (result: ParsedTaskText) => result.ranges.map((range) => `${range.kind}:${range.text}`);

describe('the example from the issue', () => {
  it('reads every part', () => {
    const result = parse('pay rent every month on the 1st p1 #Home @bills remind me 9am');
    expect(result).toMatchObject({
      title: 'pay rent',
      recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1',
      due: { date: '2026-04-01', time: null },
      priority: 1,
      project: 'Home',
      labels: ['bills'],
      reminders: [{ kind: 'absolute', date: '2026-04-01', time: '09:00' }],
    });
    expect(kinds(result)).toEqual([
      'recurrence:every month on the 1st',
      'priority:p1',
      'project:#Home',
      'label:@bills',
      'reminder:remind me 9am',
    ]);
  });

  it('is due today when today is the 1st', () => {
    const result = parse('pay rent every month on the 1st', { now: new Date('2026-04-01T08:00:00Z') });
    expect(result.due).toEqual({ date: '2026-04-01', time: null });
  });
});

describe('due dates', () => {
  it.each([
    ['buy milk today', '2026-03-10', null, 'today'],
    ['buy milk tomorrow', '2026-03-11', null, 'tomorrow'],
    ['movie tonight', '2026-03-10', null, 'tonight'],
    ['plan next week', '2026-03-17', null, 'next week'],
    ['call back in 3 days', '2026-03-13', null, 'in 3 days'],
    ['dentist on March 3', '2027-03-03', null, 'on March 3'], // forward: March 3 this year is past
    ['pi day 3/14', '2026-03-14', null, '3/14'],
    ['wrap gifts Dec 24 at 5pm', '2026-12-24', '17:00', 'Dec 24 at 5pm'],
    ['standup at 9am', '2026-03-11', '09:00', 'at 9am'], // 9am has passed today: tomorrow's
    ['call at 5pm', '2026-03-10', '17:00', 'at 5pm'],
    ['sync monday 14:30', '2026-03-16', '14:30', 'monday 14:30'],
    ['submit report by friday', '2026-03-13', null, 'by friday'],
    ['Pay rent may 1', '2026-05-01', null, 'may 1'],
    ['lunch at noon', '2026-03-11', '12:00', 'at noon'], // noon has passed at 16:00
    ['check oven in 2 hours', '2026-03-10', '18:00', 'in 2 hours'],
    ['hike on sun', '2026-03-15', null, 'on sun'],
  ])('%s', (text, date, time, phrase) => {
    const result = parse(text);
    expect(result.due).toEqual({ date, time });
    expect(kinds(result)).toEqual([`due:${phrase}`]);
    expect(result.title).toBe(text.replace(phrase, '').replace(/\s+/g, ' ').trim());
  });

  it.each([
    ['call mom tomorrow at 6', '2026-03-11', '18:00'],
    ['call bob at 7:30', '2026-03-10', '19:30'], // a bare 1–7 is the evening: today, not tomorrow morning
    ['run tomorrow at 6am', '2026-03-11', '06:00'],
    ['flight tomorrow at 06:15', '2026-03-11', '06:15'],
    ['standup tomorrow at 9', '2026-03-11', '09:00'],
    ['lunch tomorrow at 12', '2026-03-11', '12:00'],
  ])('reads a bare hour from 1 to 7 as the afternoon or evening: %s', (text, date, time) => {
    expect(parse(text).due).toEqual({ date, time });
  });

  // Tuesday 2026-03-10, 16:00 in Berlin.
  it.each([
    ['send invoice by end of day', '2026-03-10', 'by end of day'],
    ['send invoice eod', '2026-03-10', 'eod'],
    ['finish draft by the end of the week', '2026-03-13', 'by the end of the week'],
    ['finish draft eow', '2026-03-13', 'eow'],
    ['pay bill on the 5th', '2026-04-05', 'on the 5th'], // the 5th of March has passed
    ['pay bill on the 31st', '2026-03-31', 'on the 31st'],
    ['renew on the 5th of april', '2026-04-05', 'on the 5th of april'],
    ['stretch this evening', '2026-03-10', 'this evening'],
  ])('reads everyday due phrases chrono alone does not: %s', (text, date, phrase) => {
    const result = parse(text);
    expect(result.due?.date).toBe(date);
    expect(kinds(result)).toEqual([`due:${phrase}`]);
  });

  it('completes a date with a later time', () => {
    const result = parse('tomorrow buy milk at 5pm');
    expect(result.due).toEqual({ date: '2026-03-11', time: '17:00' });
    expect(result.title).toBe('buy milk');
  });

  it('keeps the comma after a date in the title text, not in the range', () => {
    const result = parse('meeting friday, p3');
    expect(kinds(result)).toEqual(['due:friday', 'priority:p3']);
    expect(result.title).toBe('meeting');
  });
});

describe('time zones', () => {
  it('is the date the user sees in Auckland just after their midnight (12:30 UTC)', () => {
    const context = { timeZone: 'Pacific/Auckland', now: new Date('2026-03-10T12:30:00Z') }; // 01:30 on the 11th
    expect(parse('x today', context).due).toEqual({ date: '2026-03-11', time: null });
    expect(parse('x tomorrow', context).due).toEqual({ date: '2026-03-12', time: null });
    expect(parse('x every day', context).due).toEqual({ date: '2026-03-11', time: null });
  });

  it('is the date the user sees in Los Angeles in the evening (02:00 UTC the next day)', () => {
    const context = { timeZone: 'America/Los_Angeles', now: new Date('2026-03-11T02:00:00Z') }; // 19:00 on the 10th
    expect(parse('x today', context).due).toEqual({ date: '2026-03-10', time: null });
    expect(parse('x friday', context).due).toEqual({ date: '2026-03-13', time: null });
    expect(parse('x at 9pm', context).due).toEqual({ date: '2026-03-10', time: '21:00' });
  });

  it('measures "in 2 hours" across the spring-forward change in the real clock', () => {
    const context = { timeZone: 'America/Los_Angeles', now: new Date('2026-03-08T09:30:00Z') }; // 01:30 PST
    expect(parse('x in 2 hours', context).due).toEqual({ date: '2026-03-08', time: '04:30' }); // 11:30 UTC, PDT
    expect(parse('x tomorrow at 9am', context).due).toEqual({ date: '2026-03-09', time: '09:00' });
  });

  it('treats an unknown zone as UTC', () => {
    expect(parse('x today', { timeZone: 'Mars/Olympus', now: new Date('2026-03-10T23:30:00Z') }).due?.date).toBe(
      '2026-03-10',
    );
  });
});

describe('recurrence', () => {
  it.each([
    ['water plants every day', 'FREQ=DAILY', '2026-03-10', 'every day'],
    ['vitamins daily', 'FREQ=DAILY', '2026-03-10', 'daily'],
    ['feed cat every other day', 'FREQ=DAILY;INTERVAL=2', '2026-03-10', 'every other day'],
    ['standup every weekday', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', '2026-03-10', 'every weekday'],
    ['hike every weekend', 'FREQ=WEEKLY;BYDAY=SA,SU', '2026-03-14', 'every weekend'],
    ['gym every monday', 'FREQ=WEEKLY;BYDAY=MO', '2026-03-16', 'every monday'],
    ['gym every mon and thu', 'FREQ=WEEKLY;BYDAY=MO,TH', '2026-03-12', 'every mon and thu'],
    ['run every mon, wed, fri', 'FREQ=WEEKLY;BYDAY=MO,WE,FR', '2026-03-11', 'every mon, wed, fri'],
    ['mow every 2 weeks', 'FREQ=WEEKLY;INTERVAL=2', '2026-03-10', 'every 2 weeks'],
    ['clean every other week', 'FREQ=WEEKLY;INTERVAL=2', '2026-03-10', 'every other week'],
    ['review weekly', 'FREQ=WEEKLY', '2026-03-10', 'weekly'],
    ['1:1 every 2 weeks on friday', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', '2026-03-13', 'every 2 weeks on friday'],
    ['invoice every 15th', 'FREQ=MONTHLY;BYMONTHDAY=15', '2026-03-15', 'every 15th'],
    ['pay every 1st and 15th', 'FREQ=MONTHLY;BYMONTHDAY=1,15', '2026-03-15', 'every 1st and 15th'],
    ['report every last day of the month', 'FREQ=MONTHLY;BYMONTHDAY=-1', '2026-03-31', 'every last day of the month'],
    ['report every month on the last day', 'FREQ=MONTHLY;BYMONTHDAY=-1', '2026-03-31', 'every month on the last day'],
    ['meetup every first monday', 'FREQ=MONTHLY;BYDAY=+1MO', '2026-04-06', 'every first monday'],
    ['drinks every last friday', 'FREQ=MONTHLY;BYDAY=-1FR', '2026-03-27', 'every last friday'],
    ['checkup every year', 'FREQ=YEARLY', '2026-03-10', 'every year'],
    ['checkup annually', 'FREQ=YEARLY', '2026-03-10', 'annually'],
    ['birthday every march 3', 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3', '2027-03-03', 'every march 3'],
    [
      'gym every monday until june',
      'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260601T000000Z',
      '2026-03-16',
      'every monday until june',
    ],
    ['pills every day for 5 times', 'FREQ=DAILY;COUNT=5', '2026-03-10', 'every day for 5 times'],
    ['class every monday starting april 1', 'FREQ=WEEKLY;BYDAY=MO', '2026-04-06', 'every monday starting april 1'],
    ['pay rent on the 1st of every month', 'FREQ=MONTHLY;BYMONTHDAY=1', '2026-04-01', 'on the 1st of every month'],
    ['rent the first of each month', 'FREQ=MONTHLY;BYMONTHDAY=1', '2026-04-01', 'the first of each month'],
    ['invoice the 15th of every month', 'FREQ=MONTHLY;BYMONTHDAY=15', '2026-03-15', 'the 15th of every month'],
    [
      'close books the last day of every month',
      'FREQ=MONTHLY;BYMONTHDAY=-1',
      '2026-03-31',
      'the last day of every month',
    ],
    [
      'lunch the first friday of every month',
      'FREQ=MONTHLY;BYDAY=+1FR',
      '2026-04-03',
      'the first friday of every month',
    ],
    [
      'water every 2 months on the 1st',
      'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1',
      '2026-05-01',
      'every 2 months on the 1st',
    ],
  ])('%s', (text, rule, date, phrase) => {
    const result = parse(text);
    expect(result.recurrence).toBe(rule);
    expect(result.due).toEqual({ date, time: null });
    expect(kinds(result)).toEqual([`recurrence:${phrase}`]);
  });

  it.each([
    ['stretch every morning', '2026-03-11', '09:00'],
    ['run every morning at 7', '2026-03-11', '07:00'],
    ['read every evening', '2026-03-10', '19:00'],
    ['pills every evening at 8', '2026-03-10', '20:00'],
    ['lock up every night', '2026-03-10', '21:00'],
  ])('reads a daily part of the day with its usual or said hour: %s', (text, date, time) => {
    const result = parse(text);
    expect(result.recurrence).toBe('FREQ=DAILY');
    expect(result.due).toEqual({ date, time });
  });

  it('takes a time into due.time, skipping today when it has passed', () => {
    const result = parse('standup every weekday at 9am');
    expect(result.recurrence).toBe('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
    expect(result.due).toEqual({ date: '2026-03-11', time: '09:00' });
    expect(kinds(result)).toEqual(['recurrence:every weekday at 9am']);
    expect(parse('tea every day at 5pm').due).toEqual({ date: '2026-03-10', time: '17:00' });
    expect(parse('sync every monday 14:30').due).toEqual({ date: '2026-03-16', time: '14:30' });
  });

  it('reads a time then an "until"', () => {
    const result = parse('standup every day at 9:30 until friday');
    expect(result.recurrence).toBe('FREQ=DAILY;UNTIL=20260313T000000Z');
    expect(result.due).toEqual({ date: '2026-03-11', time: '09:30' });
    expect(result.title).toBe('standup');
  });

  it('starts from an explicit due date', () => {
    expect(parse('gym every monday next week').due?.date).toBe('2026-03-23'); // first Monday on or after the 17th
  });

  it('leaves "every" that starts no recurrence, and hourly rules, in the title', () => {
    for (const text of ['read every book', 'every', 'check every 3 hours', 'every. monday is hard']) {
      expect(parse(text).recurrence).toBeNull();
    }
    expect(parse('check every 3 hours').title).toBe('check every 3 hours');
  });
});

describe('priority, project and labels', () => {
  it('reads p1–p4 as whole words and !!1–!!4, the first one winning', () => {
    expect(parse('fix it P2').priority).toBe(2);
    expect(parse('fix it !!4').priority).toBe(4);
    const result = parse('p1 fix mp3 player p5 p3');
    expect(result.priority).toBe(1);
    expect(result.title).toBe('fix mp3 player p5 p3');
  });

  it('matches the longest known project, spelt as in the list', () => {
    expect(parse('tiles #home renovation').project).toBe('Home Renovation');
    expect(parse('tiles #HOME now').project).toBe('Home');
    const unknown = parse('essay #Homework #School');
    expect(unknown.project).toBeNull();
    expect(unknown.title).toBe('essay #Homework #School');
    expect(parse('x #Home', { projects: undefined }).project).toBeNull();
  });

  it('reads labels after whitespace only, deduplicated case-insensitively', () => {
    const result = parse('mail bob@example.com @Bills @bills @über_wichtig @a-b');
    expect(result.labels).toEqual(['Bills', 'über_wichtig', 'a-b']);
    expect(result.title).toBe('mail bob@example.com');
  });

  it('keeps the original text as the title when it is only tags', () => {
    const result = parse('  #Home @x p1 ');
    expect(result).toMatchObject({ title: '#Home @x p1', project: 'Home', labels: ['x'], priority: 1 });
  });
});

describe('reminders', () => {
  it.each([
    ['call remind me 30 minutes before', { kind: 'relative', minutesBefore: 30 }, 'remind me 30 minutes before'],
    ['call remind me 1 hour before', { kind: 'relative', minutesBefore: 60 }, 'remind me 1 hour before'],
    ['call remind me 2 days before', { kind: 'relative', minutesBefore: 2880 }, 'remind me 2 days before'],
    ['call !30min', { kind: 'relative', minutesBefore: 30 }, '!30min'],
    ['call !1h before', { kind: 'relative', minutesBefore: 60 }, '!1h before'],
    ['call remind me 9am', { kind: 'absolute', date: '2026-03-10', time: '09:00' }, 'remind me 9am'],
    [
      'call remind me at 9am tomorrow',
      { kind: 'absolute', date: '2026-03-11', time: '09:00' },
      'remind me at 9am tomorrow',
    ],
    ['call !9am', { kind: 'absolute', date: '2026-03-10', time: '09:00' }, '!9am'],
  ])('%s', (text, reminder, phrase) => {
    const result = parse(text);
    expect(result.reminders).toEqual([reminder]);
    expect(kinds(result)).toEqual([`reminder:${phrase}`]);
    expect(result.title).toBe('call');
    expect(result.due).toBeNull(); // a reminder's date is not the due date
  });

  it('dates a time-only reminder on the due day', () => {
    const result = parse('dentist friday remind me 8am');
    expect(result.due).toEqual({ date: '2026-03-13', time: null });
    expect(result.reminders).toEqual([{ kind: 'absolute', date: '2026-03-13', time: '08:00' }]);
  });

  it('keeps "remind me" without a time or a "before" in the title', () => {
    expect(parse('remind me 2 days').reminders).toEqual([]);
  });
});

describe('deadlines', () => {
  it('reads braces and "deadline <date>"', () => {
    const braces = parse('taxes {april 15} tomorrow');
    expect(braces.deadline).toBe('2026-04-15');
    expect(braces.due?.date).toBe('2026-03-11');
    expect(kinds(braces)).toEqual(['deadline:{april 15}', 'due:tomorrow']);
    expect(parse('report deadline friday').deadline).toBe('2026-03-13');
    expect(parse('notes {not a date}').deadline).toBeNull();
  });
});

describe('what stays in the title', () => {
  it.each([
    'buy 2 apples',
    'call mom',
    'March Madness tickets',
    'read 10 minutes',
    'buy sun cream',
    'do it now',
    'jan 2025 report',
    'tickets for 12 angry men',
    'room 101 version 2.1',
  ])('%s', (text) => {
    const result = parse(text);
    expect(result.title).toBe(text);
    expect(result.ranges).toEqual([]);
    expect(result.due).toBeNull();
  });
});

describe('any input', () => {
  it('handles emoji, RTL text, lone surrogates and blank text', () => {
    expect(parse('😀 tomorrow 🎉').title).toBe('😀 🎉');
    expect(parse('مرحبا tomorrow').title).toBe('مرحبا');
    expect(parse('\ud800 lone \udfff').title).toBe('\ud800 lone \udfff');
    expect(parse('   \n\t ').title).toBe('');
    expect(parse('').ranges).toEqual([]);
  });

  it('never throws on random strings and stays fast on long ones', () => {
    const alphabet = [
      'every ',
      'p1 ',
      '#Home ',
      '@x ',
      '!',
      '{',
      '}',
      'remind me ',
      '9am ',
      'monday ',
      ', ',
      '😀',
      '\ud800',
      'a',
      ' ',
      '3/14 ',
      'until ',
      'on the ',
      '1st ',
      'and ',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 200; n++) {
      const text = Array.from(
        { length: Math.floor(random() * 30) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      parse(text);
    }
    const started = performance.now();
    parse('every remind me !'.repeat(70)); // ~1,200 characters of triggers
    parse('a'.repeat(5_000));
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('survives a bad clock and bad projects', () => {
    const result = parseTaskText('x tomorrow #Home', {
      timeZone: '',
      now: new Date(Number.NaN),
      projects: ['', '   ', 'Home'],
    });
    expect(result.due?.date).toBe('1970-01-02');
    expect(result.project).toBe('Home');
  });
});
