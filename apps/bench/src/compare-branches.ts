/**
 * `pnpm bench:branches [--smoke] [--duration S] [--connections N] [--pool N]`: only the branch
 * pages (branch-pages.ts), in four rounds of `--duration`/2 seconds per scenario and conversation;
 * writes apps/bench/results/<date>-branches.md (`--smoke`: prints only).
 */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { readDatabaseUrl } from '@taskchat/db';
import { throwawayServer } from '@taskchat/db/throwaway';
import { branchPagesFailed, renderBranchPagesReport, runBranchPages } from './branch-pages.ts';
import { readOptions } from './options.ts';

const options = readOptions([...process.argv.slice(2), '--label', 'branches']);
const run = {
  seconds: Math.max(1, Math.round(options.durationSeconds / 2)),
  rounds: 4,
  connections: options.connections,
  poolSize: options.poolSize,
};
const admin = await throwawayServer(readDatabaseUrl('BENCH_DATABASE_URL'), 'bench-branches');
let result: Awaited<ReturnType<typeof runBranchPages>>;
try {
  result = await runBranchPages(admin.adminUrl, options.branchPages, run);
} finally {
  await admin.stop();
}
const report = [
  `# Branch pages, ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); load generator, server and PostgreSQL share them. ${run.rounds} rounds of ${run.seconds} s per page and conversation, alternating; pool of ${run.poolSize}.`,
  '',
  renderBranchPagesReport(result, options.connections),
].join('\n');
console.log(report);
if (options.outFile) {
  await writeFile(options.outFile, report);
  console.error(`written to ${options.outFile}`);
}
if (branchPagesFailed(result)) process.exitCode = 1;
