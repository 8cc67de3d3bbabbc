/**
 * `pnpm bench:processes [--smoke] [--duration S] [--connections N] [--pool N] [--small-messages N]`:
 * only the comparison of one server process against two (processes.ts), in four rounds of
 * `--duration`/2 seconds per scenario and server; writes apps/bench/results/<date>-processes.md
 * (`--smoke`: prints only).
 */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { readDatabaseUrl } from '@taskchat/db';
import { throwawayServer } from '@taskchat/db/throwaway';
import { readOptions } from './options.ts';
import { processesFailed, renderProcessesReport, runProcesses } from './processes.ts';

const options = readOptions([...process.argv.slice(2), '--label', 'processes']);
const run = {
  seconds: Math.max(1, Math.round(options.durationSeconds / 2)),
  rounds: 4,
  connections: options.connections,
  poolSize: options.poolSize,
};
const admin = await throwawayServer(readDatabaseUrl('BENCH_DATABASE_URL'), 'bench-processes');
let result: Awaited<ReturnType<typeof runProcesses>>;
try {
  result = await runProcesses(admin.adminUrl, options.processes, run);
} finally {
  await admin.stop();
}
const report = [
  `# One server process against two, ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}): the load generator (autocannon, one process), both servers' processes and PostgreSQL share them. Taskchat: \`apps/server\` (NODE_ENV=production, LOG_LEVEL=warn).`,
  '',
  renderProcessesReport(result, run),
].join('\n');
console.log(report);
if (options.outFile) {
  await writeFile(options.outFile, report);
  console.error(`written to ${options.outFile}`);
}
if (processesFailed(result)) {
  console.error('errors or no requests in: one process against two');
  process.exitCode = 1;
}
