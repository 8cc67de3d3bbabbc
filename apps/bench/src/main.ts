/**
 * `pnpm bench`: seeds a database at two scales, drives Taskchat and the raw-driver baseline with
 * the same requests, prints the tables and writes them to apps/bench/results/<date>.md.
 * `pnpm bench --smoke` runs a tiny version (CI) and fails on any error.
 */

import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dropDatabase, readDatabaseUrl } from '@taskchat/db';
import { createMigratedDatabase, throwawayServer } from '@taskchat/db/throwaway';
import { type LoadResult, runLoad } from './load.ts';
import { readOptions } from './options.ts';
import { renderReport, type ScaleRun } from './report.ts';
import { scenarios } from './scenarios.ts';
import { seed } from './seed.ts';
import { startTarget, type Target } from './servers.ts';

const options = readOptions(process.argv.slice(2));
const targets: Target[] = ['taskchat', 'baseline'];
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

      const results = new Map<string, Record<Target, LoadResult>>();
      for (const target of targets) {
        const running = await startTarget(target, database.url, options.poolSize, options.cpuProfileDir);
        try {
          const [warmUp] = scenarios(fixtures).slice(-1);
          if (warmUp) await runLoad(running.origin, warmUp, 1, options.connections);
          for (const scenario of scenarios(fixtures)) {
            const result = await runLoad(running.origin, scenario, options.durationSeconds, options.connections);
            console.error(
              `${target} ${scenario.name}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms`,
            );
            results.set(scenario.name, { ...results.get(scenario.name), [target]: result } as Record<
              Target,
              LoadResult
            >);
          }
        } finally {
          await running.stop();
        }
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
  `${options.connections} concurrent connections, ${options.durationSeconds} s per scenario after a 1 s warm-up, pool of ${options.poolSize} connections for both servers.`,
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
