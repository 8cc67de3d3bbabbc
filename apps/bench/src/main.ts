/**
 * `pnpm bench`: seeds a database at two scales, drives Taskchat, the ceiling (the same stack with
 * nothing of ours) and the raw-driver baseline on each with the same requests, prints the tables and writes them to apps/bench/results/<date>.md.
 * `pnpm bench --smoke` runs a tiny version (CI) and fails on any error.
 */

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dropDatabase, readDatabaseUrl } from '@taskchat/db';
import { createMigratedDatabase, throwawayServer } from '@taskchat/db/throwaway';
import superjson, { type SuperJSONResult } from 'superjson';
import { type BranchPagesResult, branchPagesFailed, renderBranchPagesReport, runBranchPages } from './branch-pages.ts';
import { chatScenarios, renderChatReport, seedChat } from './chat-turns.ts';
import { type FanoutResult, renderFanoutReport, runFanout } from './fanout.ts';
import {
  describeImportFloodServer,
  type ImportFloodResult,
  importFloodErrorsOf,
  renderImportFloodReport,
  runImportFlood,
} from './import-flood.ts';
import { combine, type LoadResult, percentile, runLoad } from './load.ts';
import { type McpCallsResult, mcpCallsFailed, renderMcpCallsReport, runMcpCalls } from './mcp-calls.ts';
import { readOptions } from './options.ts';
import { type ProcessesResult, processesFailed, renderProcessesReport, runProcesses } from './processes.ts';
import { type ReminderLagResult, renderReminderLagReport, runReminderLag } from './reminder-lag.ts';
import { renderReport, type ScaleRun } from './report.ts';
import { type HttpRequest, type Scenario, scenarios } from './scenarios.ts';
import { renderSearchReport, searchScenario } from './search.ts';
import { type Scale, seed } from './seed.ts';
import { type RunningTarget, startTarget, type Target } from './servers.ts';
import {
  describeFloodServer,
  floodErrorsOf,
  renderSignInFloodReport,
  runSignInFlood,
  type SignInFloodResult,
} from './sign-in-flood.ts';
import { renderTaskViewsReport, runTaskViews, type TaskViewsResult, taskViewsFailed } from './task-views.ts';

const options = readOptions(process.argv.slice(2));
const targets: Target[] = ['taskchat', 'ceiling', 'baseline'];
const ROUNDS = 2;
const seconds = Math.max(1, Math.round(options.durationSeconds / ROUNDS));
const server = await throwawayServer(readDatabaseUrl('BENCH_DATABASE_URL'), 'bench');

/** What a target answers to a request: its status and each call's value, read back through superjson. */
async function answerOf(origin: string, request: HttpRequest) {
  const response = await fetch(`${origin}${request.path}`, { headers: request.headers });
  const body = (await response.json()) as unknown;
  const calls = (Array.isArray(body) ? body : [body]) as { result?: { data: SuperJSONResult } }[];
  return {
    status: response.status,
    values: calls.map((call) => (call.result ? superjson.deserialize(call.result.data) : call)),
  };
}

/** The baselines must answer the read scenarios exactly as Taskchat does, or the comparison is void. */
async function expectSameAnswers(at: PreparedScale) {
  for (const scenario of at.scenarios.filter((s) => s.readOnly)) {
    const request = scenario.next({});
    const [taskchat, ...others] = await Promise.all(targets.map((target) => answerOf(originOf(at, target), request)));
    for (const [index, other] of others.entries()) {
      assert.deepStrictEqual(other, taskchat, `the ${targets[index + 1]} answers ${scenario.name} differently`);
    }
  }
}

const originOf = (at: PreparedScale, target: Target) => (at.running[target] as RunningTarget).origin;

interface PreparedScale {
  scale: Scale;
  seedSeconds: number;
  database: { name: string; url: string };
  scenarios: Scenario[];
  /** conversations.search, on Taskchat alone. */
  search?: Scenario;
  running: Partial<Record<Target, RunningTarget>>;
  results: Map<string, Record<Target, LoadResult>>;
}
const prepared: PreparedScale[] = [];
const chatResults = new Map<string, LoadResult>();
const searchResults: { messages: number; result: LoadResult }[] = [];
let fanout: FanoutResult | undefined;
let signInFlood: SignInFloodResult | undefined;
let importFlood: ImportFloodResult | undefined;
let taskViews: TaskViewsResult | undefined;
let branchPages: BranchPagesResult | undefined;
let reminderLag: ReminderLagResult | undefined;
let mcpCalls: McpCallsResult | undefined;
let processes: ProcessesResult | undefined;
const processesOptions = { seconds, rounds: ROUNDS, connections: options.connections, poolSize: options.poolSize };

try {
  for (const scale of options.scales) {
    const database = await createMigratedDatabase(server.adminUrl, 'taskchat_bench');
    const at: PreparedScale = { scale, seedSeconds: 0, database, scenarios: [], running: {}, results: new Map() };
    prepared.push(at); // from here on it is dropped on the way out, whatever fails
    const seedStart = performance.now();
    const fixtures = await seed(database.url, scale);
    at.scenarios = scenarios(fixtures);
    at.search = searchScenario(fixtures);
    at.seedSeconds = (performance.now() - seedStart) / 1000;
    console.error(`seeded ${scale.messages} messages in ${at.seedSeconds.toFixed(1)} s`);
    for (const target of targets) {
      at.running[target] = await startTarget(target, database.url, options.poolSize, options.cpuProfileDir);
    }
    await expectSameAnswers(at);
  }

  // Every server (three targets at two scales) runs side by side; an idle one costs nothing. Each
  // scenario alternates between them in rounds, in both orders, so drift on this shared machine
  // falls on all of them alike and the ratios compare measurements taken at the same time.
  const runners = prepared.flatMap((at) => targets.map((target) => ({ at, target })));
  for (const { at, target } of runners) {
    const warmUp = at.scenarios.at(-1);
    if (warmUp) await runLoad(originOf(at, target), warmUp, 1, options.connections);
  }
  const scenarioCount = prepared[0]?.scenarios.length ?? 0;
  for (let index = 0; index < scenarioCount; index++) {
    const measured = runners.map((runner) => ({ ...runner, rounds: [] as LoadResult[] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const { at, target, rounds } of round % 2 === 0 ? measured : [...measured].reverse()) {
        rounds.push(await runLoad(originOf(at, target), at.scenarios[index] as Scenario, seconds, options.connections));
      }
    }
    for (const at of prepared) {
      const name = (at.scenarios[index] as Scenario).name;
      const combinedFor = (target: Target) =>
        combine(measured.find((m) => m.at === at && m.target === target)?.rounds ?? []);
      const combined = Object.fromEntries(targets.map((target) => [target, combinedFor(target)])) as Record<
        Target,
        LoadResult
      >;
      at.results.set(name, combined);
      const rates = targets.map((target) => `${target} ${combined[target].requestsPerSecond.toFixed(0)} req/s`);
      console.error(`${at.scale.messages} messages, ${name}: ${rates.join(', ')}`);
    }
  }

  // The chat turns, on the small scale's Taskchat: its scenarios take turns in rounds as above.
  const small = prepared[0] as PreparedScale;
  const chat = chatScenarios(await seedChat(small.database.url, options.chat), options.chatConnections);
  const chatOrigin = originOf(small, 'taskchat');
  for (const scenario of chat) await runLoad(chatOrigin, scenario, 1, options.chatConnections);
  const chatRounds = new Map<string, LoadResult[]>(chat.map((scenario) => [scenario.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of round % 2 === 0 ? chat : [...chat].reverse()) {
      chatRounds.get(scenario.name)?.push(await runLoad(chatOrigin, scenario, seconds, options.chatConnections));
    }
  }
  for (const [name, rounds] of chatRounds) {
    const result = combine(rounds);
    chatResults.set(name, result);
    console.error(`${name}: ${result.requestsPerSecond.toFixed(0)} req/s`);
  }

  // Search, on Taskchat at both scales, the scales taking turns in rounds as above.
  const searchRounds = prepared.map((at) => ({ at, rounds: [] as LoadResult[] }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const { at, rounds } of round % 2 === 0 ? searchRounds : [...searchRounds].reverse()) {
      if (at.search) rounds.push(await runLoad(originOf(at, 'taskchat'), at.search, seconds, options.connections));
    }
  }
  for (const { at, rounds } of searchRounds) {
    const result = combine(rounds);
    searchResults.push({ messages: at.scale.messages, result });
    console.error(
      `${at.scale.messages} messages, search: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms`,
    );
  }

  // Fan-out, last and on a database of its own: two more Taskchat processes, subscribers on one.
  fanout = await runFanout(server.adminUrl, options.fanout, options.poolSize);
  console.error(
    `fan-out: ${fanout.subscriptions} subscriptions, ${fanout.answerToEvent.length} events, ${fanout.errors} errors`,
  );

  // The sign-in flood, last and on a database of its own: three more Taskchat processes.
  signInFlood = await runSignInFlood(server.adminUrl, options.signInFlood, options.poolSize);
  for (const result of signInFlood.servers) console.error(describeFloodServer(result));

  // The import flood, on a database of its own: two more Taskchat processes.
  importFlood = await runImportFlood(server.adminUrl, options.importFlood, options.poolSize);
  for (const result of importFlood.servers) console.error(describeImportFloodServer(result));

  // The task views, on two databases of their own (10,000 and 1,000,000 tasks).
  taskViews = await runTaskViews(server.adminUrl, options.taskViews, {
    seconds,
    rounds: ROUNDS,
    connections: options.connections,
    poolSize: options.poolSize,
  });
  // Pages of a branchy conversation against a linear one, on a database of their own.
  branchPages = await runBranchPages(server.adminUrl, options.branchPages, {
    seconds,
    rounds: ROUNDS,
    connections: options.connections,
    poolSize: options.poolSize,
  });
  // MCP tool calls beside the same read over /trpc, on a database of its own.
  mcpCalls = await runMcpCalls(server.adminUrl, options.mcpCalls, {
    seconds,
    rounds: ROUNDS,
    connections: options.connections,
    poolSize: options.poolSize,
  });
  // One server process against two (WEB_CONCURRENCY), on a database of their own.
  processes = await runProcesses(server.adminUrl, options.processes, processesOptions);
  // Reminder delivery lag, on a database of its own: two more Taskchat processes, both delivering.
  reminderLag = await runReminderLag(server.adminUrl, options.reminderLag, options.poolSize);
  console.error(
    `reminder lag: ${reminderLag.fireToEvent.length} received, p50 ${percentile(reminderLag.fireToEvent, 50).toFixed(0)} ms, ${reminderLag.errors} errors`,
  );
} finally {
  for (const at of prepared) {
    await Promise.all(Object.values(at.running).map((running) => running.stop()));
    await dropDatabase(server.adminUrl, at.database.name);
  }
  await server.stop();
}
const runs: ScaleRun[] = prepared.map(({ scale, seedSeconds, results }) => ({ scale, seedSeconds, results }));

const settings = [
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); load generator, servers and PostgreSQL share them.`,
  `${options.connections} concurrent connections, ${seconds * ROUNDS} s per scenario and server after a 1 s warm-up, pool of ${options.poolSize} connections for every server.`,
  `All three targets run at both scales at once; in each of ${ROUNDS} rounds per scenario the six servers take turns (in reverse order in the second), so every ratio compares measurements taken side by side.`,
  'Taskchat: `apps/server` (NODE_ENV=production, LOG_LEVEL=warn). Ceiling: `apps/bench/src/ceiling-server.ts` (Fastify + tRPC + superjson + one session middleware + pg, same SQL). Raw: `apps/bench/src/baseline-server.ts` (node:http + pg, same SQL).',
].join('\n');
const report = [
  renderReport(runs, settings),
  renderChatReport(chatResults, options.chat, options.chatConnections),
  renderSearchReport(searchResults, options.connections),
  fanout ? renderFanoutReport(fanout) : '',
  signInFlood ? renderSignInFloodReport(signInFlood) : '',
  importFlood ? renderImportFloodReport(importFlood) : '',
  taskViews ? renderTaskViewsReport(taskViews, options.connections) : '',
  branchPages ? renderBranchPagesReport(branchPages, options.connections) : '',
  reminderLag ? renderReminderLagReport(reminderLag) : '',
  mcpCalls ? renderMcpCallsReport(mcpCalls, options.connections) : '',
  processes ? renderProcessesReport(processes, processesOptions) : '',
].join('\n');
console.log(report);
if (options.outFile) {
  await writeFile(options.outFile, report);
  console.error(`written to ${options.outFile}`);
}

const failed = [
  ...runs.flatMap((run) =>
    [...run.results].filter(([, byTarget]) =>
      targets.some((t) => byTarget[t].errors > 0 || byTarget[t].requests === 0),
    ),
  ),
  ...[...chatResults].filter(([, result]) => result.errors > 0 || result.requests === 0),
].map(([name]) => name);
if (!fanout || fanout.errors > 0 || fanout.answerToEvent.length === 0) failed.push('fan-out');
if (searchResults.length === 0 || searchResults.some(({ result }) => result.errors > 0 || result.requests === 0)) {
  failed.push('search');
}
// 401s and 429s are the flood's expected answers; anything else, or a failed call of the victim's, is an error.
const floodFailed = signInFlood?.servers.filter(
  ({ quiet, flooded, flood }) =>
    quiet.errors + flooded.errors + floodErrorsOf(flood) > 0 ||
    quiet.latencies.length === 0 ||
    flooded.latencies.length === 0 ||
    flood.unauthorized + flood.refused === 0,
);
if (!signInFlood || floodFailed?.length) failed.push('sign-in flood');
// 429s are refused imports, expected; a failed call of the bystander's, or no import stored, is an error.
const importFloodFailed = importFlood?.servers.filter(
  (result) => importFloodErrorsOf(result) > 0 || result.flood.stored === 0 || result.flooded.latencies.length === 0,
);
if (!importFlood || importFloodFailed?.length) failed.push('import flood');
if (!taskViews || taskViewsFailed(taskViews)) failed.push('task views');
if (!branchPages || branchPagesFailed(branchPages)) failed.push('branch pages');
if (!reminderLag || reminderLag.errors > 0 || reminderLag.fireToEvent.length === 0) failed.push('reminder lag');
if (!mcpCalls || mcpCallsFailed(mcpCalls)) failed.push('MCP tool calls');
if (!processes || processesFailed(processes)) failed.push('one process against two');
if (failed.length) {
  console.error(`errors or no requests in: ${failed.join(', ')}`);
  process.exitCode = 1;
}
