/**
 * The reminder-lag scenario (Taskchat only): two server processes on one database, both running
 * the delivery job, every user's `tasks.onChange` stream on A. `users × remindersPerUser`
 * reminders come due within `spreadMs` of each other; the scenario measures, per reminder, how
 * long after its `fire_at` the event reached its subscriber (the delay a user sees), and checks
 * each arrives exactly once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createTaskchatClient } from '@taskchat/client';
import { dropDatabase, newId } from '@taskchat/db';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import pg from 'pg';
import { percentile } from './load.ts';
import { insertUsers } from './seed.ts';
import { type RunningTarget, startTarget } from './servers.ts';

export interface ReminderLagScale {
  users: number;
  /** At most about 100: a stream buffers 100 changes before it asks its client to reconnect. */
  remindersPerUser: number;
  /** The reminders' fire_at are spread over this window, starting `LEAD_MS` after they are stored. */
  spreadMs: number;
}

export interface ReminderLagResult {
  scale: ReminderLagScale;
  pollIntervalMs: number;
  /** Milliseconds from fire_at to the event on the subscriber, one per reminder received. */
  fireToEvent: number[];
  /** Milliseconds from fire_at to delivered_at (the database's side of the lag). */
  fireToDelivered: number[];
  duplicates: number;
  missing: number;
  errors: number;
  errorSamples: string[];
}

/** The reminders are stored this long before the first falls due, so every stream is listening. */
const LEAD_MS = 2_000;
/** After the last fire_at, how long the scenario waits for stragglers before counting them missing. */
const GRACE_MS = 10_000;
const OPEN_TIMEOUT_MS = 60_000;
/** The delivery interval both processes run with: the default. */
const POLL_INTERVAL_MS = 1_000;

export async function runReminderLag(
  adminUrl: string,
  scale: ReminderLagScale,
  poolSize: number,
): Promise<ReminderLagResult> {
  const database = await createMigratedDatabase(adminUrl, 'taskchat_bench');
  const running: RunningTarget[] = [];
  const open: { unsubscribe(): void }[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let closing = false;
  const fail = (what: string) => {
    if (closing) return;
    errors++;
    if (errorSamples.length < 5) errorSamples.push(what);
  };
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { ids: userIds, tokens } = await insertUsers(client, scale.users);
    const tasks = userIds.map((userId) => ({ id: newId(), userId }));
    await client.query(
      `insert into tasks (id, user_id, title)
       select id, user_id, 'Reminded ' || n from unnest($1::uuid[], $2::uuid[]) with ordinality as t(id, user_id, n)`,
      [tasks.map((t) => t.id), tasks.map((t) => t.userId)],
    );
    const env = { REMINDER_POLL_INTERVAL: String(POLL_INTERVAL_MS) };
    const a = await startTarget('taskchat', database.url, poolSize, null, { env });
    running.push(a);
    running.push(await startTarget('taskchat', database.url, poolSize, null, { env }));

    const received = new Map<string, number>();
    const fireToEvent: number[] = [];
    let duplicates = 0;
    const started = tokens.map((token) => {
      const ready = Promise.withResolvers<void>();
      const subscriber = createTaskchatClient({ url: `${a.origin}/trpc`, token });
      open.push(
        subscriber.tasks.onChange.subscribe(undefined, {
          onStarted: () => ready.resolve(),
          onData: (change) => {
            if (change.type === 'resync') fail('a stream said resync (the feed reconnected)');
            if (change.type !== 'reminder') return;
            const at = Date.now();
            const { id, fireAt } = change.reminder;
            const seen = received.get(id) ?? 0;
            received.set(id, seen + 1);
            if (seen > 0) duplicates++;
            else fireToEvent.push(at - fireAt.getTime());
          },
          onError: (error) => {
            fail(`a subscription failed: ${error.message}`);
            ready.resolve();
          },
          onConnectionStateChange: (state) => {
            if (state.state === 'connecting' && state.error) fail(`a stream reconnected: ${state.error.message}`);
          },
        }),
      );
      return ready.promise;
    });
    await Promise.race([Promise.all(started), sleep(OPEN_TIMEOUT_MS)]);

    // fire_at from the database's clock; this machine's clock reads the events (the same clock here).
    const { rows } = await client.query<{ id: string }>(
      `insert into reminders (id, task_id, user_id, at, fire_at)
       select uuidv7(), id, user_id, at, at
       from (select t.id, t.user_id, now() + ($4::int + random() * $5::int) * interval '1 millisecond' as at
             from unnest($1::uuid[], $2::uuid[]) as t(id, user_id) cross join generate_series(1, $3::int) g) due
       returning id`,
      [tasks.map((t) => t.id), tasks.map((t) => t.userId), scale.remindersPerUser, LEAD_MS, scale.spreadMs],
    );
    const expected = rows.length;
    const deadline = Date.now() + LEAD_MS + scale.spreadMs + GRACE_MS;
    while (received.size < expected && Date.now() < deadline) await sleep(100);
    await sleep(POLL_INTERVAL_MS * 2); // room for a duplicate to show

    const delivered = await client.query<{ lag: number }>(
      'select extract(epoch from delivered_at - fire_at) * 1000 as lag from reminders where delivered_at is not null',
    );
    const missing = expected - received.size;
    if (missing > 0) fail(`${missing} reminders never arrived`);
    if (duplicates > 0) fail(`${duplicates} reminders arrived twice`);
    return {
      scale,
      pollIntervalMs: POLL_INTERVAL_MS,
      fireToEvent,
      fireToDelivered: delivered.rows.map((row) => Number(row.lag)),
      duplicates,
      missing,
      errors,
      errorSamples,
    };
  } finally {
    closing = true;
    for (const subscription of open) subscription.unsubscribe();
    await client.end();
    await Promise.all(running.map((target) => target.stop()));
    await dropDatabase(adminUrl, database.name);
  }
}

const ms = (values: number[]) =>
  values.length === 0
    ? 'n/a'
    : `${percentile(values, 50).toFixed(0)} / ${percentile(values, 99).toFixed(0)} / ${Math.max(...values).toFixed(0)}`;

/** The reminder-lag section of the results file. */
export function renderReminderLagReport(result: ReminderLagResult): string {
  const { scale } = result;
  const total = scale.users * scale.remindersPerUser;
  return [
    '## Reminder lag: due reminders to open streams (Taskchat only)',
    '',
    `Two Taskchat processes on one database, both delivering (REMINDER_POLL_INTERVAL ${result.pollIntervalMs} ms, the default batch). ${total.toLocaleString('en-US')} reminders (${scale.users} users × ${scale.remindersPerUser}) fall due within ${scale.spreadMs} ms; each user has one \`tasks.onChange\` stream on A.`,
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| reminders received / due | ${result.fireToEvent.length} / ${total} |`,
    `| fire_at → event on the stream, p50 / p99 / max ms | ${ms(result.fireToEvent)} |`,
    `| fire_at → delivered_at, p50 / p99 / max ms | ${ms(result.fireToDelivered)} |`,
    `| duplicates / missing | ${result.duplicates} / ${result.missing} |`,
    `| errors | ${result.errors} |`,
    ...(result.errorSamples.length ? ['', ...result.errorSamples.map((sample) => `- ${sample}`)] : []),
    '',
  ].join('\n');
}
