/**
 * One server process against two (`WEB_CONCURRENCY=1` and `=2`), side by side on a database of
 * their own: the same reads and writes at each, in rounds that alternate between them (reversed
 * every other round), so drift on a shared machine falls on both alike.
 */
import { dropDatabase } from '@taskchat/db';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import { combine, type LoadResult, runLoad } from './load.ts';
import { type Scenario, scenarios } from './scenarios.ts';
import { type Scale, seed } from './seed.ts';
import { type RunningTarget, startTarget } from './servers.ts';

/** The process counts compared. */
export const PROCESS_COUNTS = [1, 2] as const;
type ProcessCount = (typeof PROCESS_COUNTS)[number];

/** The scenarios measured at each count: two reads and a write. */
const MEASURED = ['conversations.list (first page)', 'messages.list (latest 50)', 'messages.append'];

export interface ProcessesResult {
  scale: Scale;
  seedSeconds: number;
  /** results[scenario][process count] */
  results: Map<string, Record<ProcessCount, LoadResult>>;
}

export async function runProcesses(
  adminUrl: string,
  scale: Scale,
  options: { seconds: number; rounds: number; connections: number; poolSize: number },
): Promise<ProcessesResult> {
  const database = await createMigratedDatabase(adminUrl, 'taskchat_bench');
  const running: RunningTarget[] = [];
  try {
    const started = performance.now();
    const measured = scenarios(await seed(database.url, scale)).filter((s) => MEASURED.includes(s.name));
    const seedSeconds = (performance.now() - started) / 1000;
    const sides: { count: ProcessCount; origin: string; rounds: Map<string, LoadResult[]> }[] = [];
    for (const count of PROCESS_COUNTS) {
      const server = await startTarget('taskchat', database.url, options.poolSize, null, {
        env: { WEB_CONCURRENCY: String(count) },
      });
      running.push(server);
      sides.push({ count, origin: server.origin, rounds: new Map<string, LoadResult[]>() });
    }
    const warmUp = measured[0] as Scenario;
    for (const side of sides) await runLoad(side.origin, warmUp, 1, options.connections);
    for (const scenario of measured) {
      for (let round = 0; round < options.rounds; round++) {
        for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
          const result = await runLoad(side.origin, scenario, options.seconds, options.connections);
          side.rounds.set(scenario.name, [...(side.rounds.get(scenario.name) ?? []), result]);
        }
      }
    }
    const results = new Map(
      measured.map((scenario) => {
        const at = (count: ProcessCount) =>
          combine(sides.find((side) => side.count === count)?.rounds.get(scenario.name) ?? []);
        return [scenario.name, { 1: at(1), 2: at(2) }] as const;
      }),
    );
    for (const [name, byCount] of results) {
      console.error(
        `processes: ${name}: 1 process ${byCount[1].requestsPerSecond.toFixed(0)} req/s, 2 processes ${byCount[2].requestsPerSecond.toFixed(0)} req/s`,
      );
    }
    return { scale, seedSeconds, results };
  } finally {
    await Promise.all(running.map((server) => server.stop()));
    await dropDatabase(adminUrl, database.name);
  }
}

export const processesFailed = ({ results }: ProcessesResult) =>
  results.size !== MEASURED.length ||
  [...results.values()].some((byCount) =>
    PROCESS_COUNTS.some((count) => byCount[count].errors > 0 || byCount[count].requests === 0),
  );

const ms = (value: number) => value.toFixed(1);

/** The section of a results file: each scenario at one and at two processes, and the throughput ratio. */
export function renderProcessesReport(
  { scale, seedSeconds, results }: ProcessesResult,
  options: { seconds: number; rounds: number; connections: number; poolSize: number },
): string {
  const rows = [...results].map(([name, { 1: one, 2: two }]) =>
    [
      name,
      one.requestsPerSecond.toFixed(0),
      ms(one.p50),
      ms(one.p99),
      two.requestsPerSecond.toFixed(0),
      ms(two.p50),
      ms(two.p99),
      one.requestsPerSecond > 0 ? (two.requestsPerSecond / one.requestsPerSecond).toFixed(2) : 'n/a',
      one.errors + two.errors,
    ].join(' | '),
  );
  const count = (value: number) => value.toLocaleString('en-US');
  return [
    `## One server process against two (WEB_CONCURRENCY=1 and 2, ${options.connections} connections)`,
    '',
    `Both on one database of ${count(scale.users)} users, ${count(scale.conversations)} conversations and ${count(scale.messages)} messages (seeded in ${seedSeconds.toFixed(1)} s), side by side; ${options.rounds} rounds of ${options.seconds} s per scenario and server, alternating. A pool of ${options.poolSize} connections per process.`,
    '',
    '| scenario | 1 process req/s | p50 ms | p99 ms | 2 processes req/s | p50 ms | p99 ms | 2/1 req/s | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}
