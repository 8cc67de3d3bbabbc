/**
 * `pnpm bench`: seeds a database at two scales, drives Taskchat and the raw-driver baseline with
 * the same requests, prints the tables and writes them to apps/bench/results/<date>.md.
 * `pnpm bench --smoke` runs a tiny version (CI) and fails on any error.
 */

import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dropDatabase, readDatabaseUrl } from '@taskchat/db';
import { createMigratedDatabase, throwawayServer } from '@taskchat/db/throwaway';
import { combine, type LoadResult, runLoad } from './load.ts';
import { readOptions } from './options.ts';
import { renderReport, type ScaleRun } from './report.ts';
import { scenarios } from './scenarios.ts';
import { seed } from './seed.ts';
import { startTarget, type Target } from './servers.ts';

const options = readOptions(process.argv.slice(2));
const targets: Target[] = ['taskchat', 'baseline'];
const ROUNDS = 2;
const server = await throwawayServer(readDatabaseUrl('BENCH_DATABASE_URL'), 'bench');
const runs: ScaleRun[] = [];

try {
  for (const scale of options.scales) {
    const database = await createMigratedDatabase(server.adminUrl, 'taskchat_bench');
    try {
      const seedStart = performance.now();
      const fixtures = await seed(database.url, scale);
      const seedSeconds = (performance.now() - seedStart) / 1000;
      console.error(`seeded ${scale.messages} messages in ${seedSeconds.toFixed(1)} s`);

      // Both servers run side by side (the idle one costs nothing); each scenario alternates between
      // them in rounds, in both orders, so drift on this shared machine falls on both alike.
      const running = {
        taskchat: await startTarget('taskchat', database.url, options.poolSize, options.cpuProfileDir),
        baseline: await startTarget('baseline', database.url, options.poolSize, options.cpuProfileDir),
      };
      const results = new Map<string, Record<Target, LoadResult>>();
      try {
        for (const target of targets) {
          const [warmUp] = scenarios(fixtures).slice(-1);
          if (warmUp) await runLoad(running[target].origin, warmUp, 1, options.connections);
        }
        for (const scenario of scenarios(fixtures)) {
          const rounds: Record<Target, LoadResult[]> = { taskchat: [], baseline: [] };
          for (let round = 0; round < ROUNDS; round++) {
            for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
              const seconds = Math.max(1, Math.round(options.durationSeconds / ROUNDS));
              rounds[target].push(await runLoad(running[target].origin, scenario, seconds, options.connections));
            }
          }
          const combined = { taskchat: combine(rounds.taskchat), baseline: combine(rounds.baseline) };
          console.error(
            `${scenario.name}: taskchat ${combined.taskchat.requestsPerSecond.toFixed(0)} req/s, baseline ${combined.baseline.requestsPerSecond.toFixed(0)} req/s`,
          );
          results.set(scenario.name, combined);
        }
      } finally {
        await Promise.all([running.taskchat.stop(), running.baseline.stop()]);
      }
      runs.push({ scale, seedSeconds, results });
    } finally {
      await dropDatabase(server.adminUrl, database.name);
    }
  }
} finally {
  await server.stop();
}

const settings = [
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); load generator, servers and PostgreSQL share them.`,
  `${options.connections} concurrent connections, ${options.durationSeconds} s per scenario and server (${ROUNDS} alternating rounds) after a 1 s warm-up, pool of ${options.poolSize} connections for both servers.`,
  'Taskchat: `apps/server` (NODE_ENV=production, LOG_LEVEL=warn). Baseline: `apps/bench/src/baseline-server.ts` (node:http + pg, same SQL).',
].join('\n');
const report = renderReport(runs, settings);
console.log(report);
if (options.outFile) {
  await writeFile(options.outFile, report);
  console.error(`written to ${options.outFile}`);
}

const failed = runs.flatMap((run) =>
  [...run.results].filter(([, byTarget]) => targets.some((t) => byTarget[t].errors > 0 || byTarget[t].requests === 0)),
);
if (failed.length) {
  console.error(`errors or no requests in: ${failed.map(([name]) => name).join(', ')}`);
  process.exitCode = 1;
}
