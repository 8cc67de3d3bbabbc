/**
 * `pnpm bench:chat --against <checkout>`: the chat turn scenarios on this checkout's server and on
 * another checkout's (an earlier commit, say) side by side. Each server gets a database of its own,
 * migrated by that server as it starts, seeded alike; every scenario runs in rounds that alternate
 * between the two (in reverse order every other round), so drift on a shared machine falls on both
 * and the ratios compare measurements taken at the same time. Writes
 * apps/bench/results/<date>-chat-compare.md.
 */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDatabase, dropDatabase, readDatabaseUrl } from '@taskchat/db';
import { throwawayServer } from '@taskchat/db/throwaway';
import { ADD_SENTENCE, addTurnScenario, chatScenarios, seedChat } from './chat-turns.ts';
import { combine, type LoadResult, runLoad } from './load.ts';
import type { Scenario } from './scenarios.ts';
import { type RunningTarget, startTarget } from './servers.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    against: { type: 'string' },
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '8' },
  },
});
if (!values.against) throw new Error('--against <path of another checkout> is required');
const otherEntry = join(resolve(values.against), 'apps/server/src/main.ts');
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const scale = { conversations: 32, shortMessages: 10, longMessages: 10_000 };

interface Side {
  label: string;
  database: string;
  server?: RunningTarget;
  scenarios: Scenario[];
  results: Map<string, LoadResult[]>;
}

const admin = await throwawayServer(readDatabaseUrl('BENCH_DATABASE_URL'), 'bench-chat');
const sides: Side[] = [
  { label: 'this checkout', database: `taskchat_chat_this_${process.pid}`, scenarios: [], results: new Map() },
  { label: values.against, database: `taskchat_chat_other_${process.pid}`, scenarios: [], results: new Map() },
];
try {
  for (const [index, side] of sides.entries()) {
    await createDatabase(admin.adminUrl, side.database);
    const url = new URL(admin.adminUrl);
    url.pathname = `/${side.database}`;
    // The server migrates its own database as it starts: each side runs its own schema.
    side.server = await startTarget('taskchat', url.href, 10, null, index === 1 ? { entry: otherEntry } : {});
    const fixtures = await seedChat(url.href, scale);
    side.scenarios = [...chatScenarios(fixtures, connections), addTurnScenario(fixtures, connections)];
    for (const scenario of side.scenarios) await runLoad(side.server.origin, scenario, 1, connections);
  }
  const names = sides[0]?.scenarios.map((scenario) => scenario.name) ?? [];
  for (const [index, name] of names.entries()) {
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const result = await runLoad(
          side.server?.origin as string,
          side.scenarios[index] as Scenario,
          seconds,
          connections,
        );
        side.results.set(name, [...(side.results.get(name) ?? []), result]);
      }
    }
    console.error(`${name}: done`);
  }
} finally {
  for (const side of sides) {
    await side.server?.stop();
    await dropDatabase(admin.adminUrl, side.database).catch(() => {});
  }
  await admin.stop();
}

const [here, there] = sides as [Side, Side];
const row = (name: string) => {
  const a = combine(here.results.get(name) ?? []);
  const b = combine(there.results.get(name) ?? []);
  return `| ${name} | ${a.requestsPerSecond.toFixed(0)} | ${a.p50.toFixed(1)} | ${b.requestsPerSecond.toFixed(0)} | ${b.p50.toFixed(1)} | **${(a.requestsPerSecond / b.requestsPerSecond).toFixed(2)}** | ${a.errors + b.errors} |`;
};
const report = [
  `# Chat turns, this checkout against ${values.against}, ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Node ${process.version}, ${cpus().length} cores; load generator, both servers and PostgreSQL share them. Offline assistant, ${connections} connections, ${rounds} rounds of ${seconds} s per scenario and server, alternating. One user, ${scale.conversations} conversations of ${scale.shortMessages} and of ${scale.longMessages.toLocaleString('en-US')} messages; "list" turns call list_tasks on an empty list; "${ADD_SENTENCE}" turns add a task (and run last, so the lists stay empty).`,
  '',
  '| scenario | this req/s | this p50 ms | other req/s | other p50 ms | this/other req/s | errors |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...(here.scenarios.map((scenario) => row(scenario.name)) ?? []),
  '',
].join('\n');
console.log(report);
const outFile = fileURLToPath(
  new URL(`../results/${new Date().toISOString().slice(0, 10)}-chat-compare.md`, import.meta.url),
);
await writeFile(outFile, report);
console.error(`written to ${outFile}`);
