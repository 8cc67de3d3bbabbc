/**
 * The task views: `tasks.list` for Today and for a project, each request for another user, on two
 * databases that differ only in how many tasks surround the probed users (every user holds the same
 * tasks, so a scale is a number of users). Flat p50s across the scales mean each view reads its
 * index range and nothing of anyone else's.
 */
import { dropDatabase } from '@taskchat/db';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import pg from 'pg';
import { combine, type LoadResult, runLoad } from './load.ts';
import { query, type Scenario } from './scenarios.ts';
import { insertUsers } from './seed.ts';
import { startTarget } from './servers.ts';

export interface TaskViewsScale {
  /** Total tasks at each scale, in users of `tasksPerUser` tasks. */
  tasks: [number, number];
  tasksPerUser: number;
  /** Users the scenarios cycle through, at both scales. */
  probedUsers: number;
}

export interface TaskViewsResult {
  scale: TaskViewsScale;
  runs: { tasks: number; seedSeconds: number; results: Map<string, LoadResult> }[];
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const base62Digit = (expression: string) => `substr('${BASE62}', ((${expression}) % 62 + 1)::int, 1)`;
/** A fractional-indexing key for the n-th task of a project (n from 0): "d" and four base-62 digits. */
const positionKey = (n: string) =>
  `'d' || ${[238_328, 3_844, 62, 1].map((d) => base62Digit(`${n} / ${d}`)).join(' || ')}`;

/** A seeded user: their id, session token and Work project. */
export interface TaskUser {
  userId: string;
  token: string;
  projectId: string;
}

/**
 * Every user gets a Work project beside the Inbox and `perUser` tasks: half in each, due from ten
 * days ago to thirty ahead (a third with no date, a few with a time), one in ten done.
 */
export async function seedTasks(url: string, users: number, perUser: number): Promise<TaskUser[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { ids, tokens } = await insertUsers(client, users);
    await client.query(
      `insert into projects (id, user_id, name, position) select uuidv7(), id, 'Work', 'a1' from unnest($1::uuid[]) as u(id)`,
      [ids],
    );
    await client.query(
      `insert into tasks (id, user_id, project_id, position, title, completed, completed_at, due_date, due_at, priority, created_at, updated_at)
       select uuidv7(), p.user_id, p.id, ${positionKey('g')}, 'Task ' || g || ' of ' || p.name,
              g % 10 = 0, case when g % 10 = 0 then now() end,
              case when g % 3 <> 0 then current_date + (g % 40 - 10) end,
              case when g % 3 = 1 and g % 5 = 0 then (current_date + (g % 40 - 10)) + time '09:30' end,
              1 + g % 4, now() - (g || ' minutes')::interval, now()
       from projects p cross join generate_series(0, $1::int - 1) g`,
      [perUser / 2],
    );
    await client.query('analyze');
    const work = await client.query<{ user_id: string; id: string }>(
      `select user_id, id from projects where name = 'Work'`,
    );
    const workOf = new Map(work.rows.map((row) => [row.user_id, row.id]));
    return ids.map((id, i) => ({ userId: id, token: tokens[i] as string, projectId: workOf.get(id) as string }));
  } finally {
    await client.end();
  }
}

function viewScenarios(users: { token: string; projectId: string }[]): Scenario[] {
  let n = 0;
  const next = () => users[n++ % users.length] as { token: string; projectId: string };
  return [
    {
      name: 'tasks.list (today)',
      next: () => query('tasks.list', next().token, { view: 'today', limit: 20 }),
      readOnly: true,
    },
    {
      name: 'tasks.list (a project, manual order)',
      next: () => {
        const user = next();
        return query('tasks.list', user.token, { projectId: user.projectId, limit: 20 });
      },
      readOnly: true,
    },
    {
      name: 'tasks.list (upcoming)',
      next: () => query('tasks.list', next().token, { view: 'upcoming', limit: 20 }),
      readOnly: true,
    },
  ];
}

/** Seeds both scales, serves each with a Taskchat process, and measures the views in alternating rounds. */
export async function runTaskViews(
  adminUrl: string,
  scale: TaskViewsScale,
  options: { seconds: number; rounds: number; connections: number; poolSize: number },
): Promise<TaskViewsResult> {
  const prepared: {
    tasks: number;
    seedSeconds: number;
    database: { name: string; url: string };
    stop?: () => Promise<void>;
    origin?: string;
    scenarios: Scenario[];
  }[] = [];
  try {
    for (const tasks of scale.tasks) {
      const database = await createMigratedDatabase(adminUrl, 'taskchat_bench');
      const at = { tasks, seedSeconds: 0, database, scenarios: [] as Scenario[] };
      prepared.push(at);
      const started = performance.now();
      const users = await seedTasks(database.url, Math.ceil(tasks / scale.tasksPerUser), scale.tasksPerUser);
      at.seedSeconds = (performance.now() - started) / 1000;
      console.error(`task views: seeded ${tasks} tasks in ${at.seedSeconds.toFixed(1)} s`);
      at.scenarios = viewScenarios(users.slice(0, scale.probedUsers));
      const running = await startTarget('taskchat', database.url, options.poolSize, null);
      Object.assign(at, { origin: running.origin, stop: running.stop });
      for (const scenario of at.scenarios) await runLoad(running.origin, scenario, 1, options.connections);
    }
    const runs = prepared.map((at) => ({ tasks: at.tasks, seedSeconds: at.seedSeconds, results: new Map() }));
    const count = prepared[0]?.scenarios.length ?? 0;
    for (let index = 0; index < count; index++) {
      const rounds = prepared.map(() => [] as LoadResult[]);
      for (let round = 0; round < options.rounds; round++) {
        const order = round % 2 === 0 ? prepared.keys() : [...prepared.keys()].reverse();
        for (const i of order) {
          const at = prepared[i] as (typeof prepared)[number];
          const scenario = at.scenarios[index] as Scenario;
          rounds[i]?.push(await runLoad(at.origin as string, scenario, options.seconds, options.connections));
        }
      }
      prepared.forEach((at, i) => {
        const result = combine(rounds[i] ?? []);
        runs[i]?.results.set((at.scenarios[index] as Scenario).name, result);
        console.error(`${at.tasks} tasks, ${(at.scenarios[index] as Scenario).name}: p50 ${result.p50} ms`);
      });
    }
    return { scale, runs };
  } finally {
    for (const at of prepared) {
      await at.stop?.();
      await dropDatabase(adminUrl, at.database.name);
    }
  }
}

export const taskViewsFailed = ({ runs }: TaskViewsResult) =>
  runs.length === 0 || runs.some((run) => [...run.results.values()].some((r) => r.errors > 0 || r.requests === 0));

const ms = (value: number) => value.toFixed(1);

/** The task views section of the results file: p50 per scale and view, and the ratio of the scales. */
export function renderTaskViewsReport({ scale, runs }: TaskViewsResult, connections: number): string {
  const [small, large] = runs;
  const names = [...(small?.results.keys() ?? [])];
  const rows = names.flatMap((name) =>
    runs.map((run) => {
      const result = run.results.get(name) as LoadResult;
      return `| ${name} | ${run.tasks.toLocaleString('en-US')} | ${result.requestsPerSecond.toFixed(0)} | ${ms(result.p50)} | ${ms(result.p99)} | ${result.errors} |`;
    }),
  );
  const ratios = names.map((name) => {
    const a = small?.results.get(name)?.p50 ?? 0;
    const b = large?.results.get(name)?.p50 ?? 0;
    return `${name}: ${a > 0 ? (b / a).toFixed(2) : 'n/a'}`;
  });
  return [
    `## Task views (Taskchat only, ${connections} connections)`,
    '',
    `\`tasks.list\`, first page of 20, each request for another of ${scale.probedUsers} users of ${scale.tasksPerUser} tasks (half in the Inbox, half in a project; due from ten days ago to thirty ahead, a third undated, one in ten done); the scales differ only in how many other users' tasks surround them. Seeding took ${runs.map((run) => `${run.seedSeconds.toFixed(0)} s`).join(' and ')}.`,
    '',
    '| view | tasks | req/s | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `p50 at ${large?.tasks.toLocaleString('en-US')} over p50 at ${small?.tasks.toLocaleString('en-US')} tasks: ${ratios.join('; ')}.`,
    '',
  ].join('\n');
}
