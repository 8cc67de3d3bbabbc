import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BranchPagesScale } from './branch-pages.ts';
import type { ChatScale } from './chat-turns.ts';
import type { FanoutScale } from './fanout.ts';
import type { ImportFloodScale } from './import-flood.ts';
import type { McpCallsScale } from './mcp-calls.ts';
import type { ReminderLagScale } from './reminder-lag.ts';
import type { Scale } from './seed.ts';
import type { SignInFloodScale } from './sign-in-flood.ts';
import type { TaskViewsScale } from './task-views.ts';

export interface BenchOptions {
  /** The two scales compared: same users and conversations, different message counts. */
  scales: [Scale, Scale];
  /** The chat turn scenarios' conversations. */
  chat: ChatScale;
  /** Concurrency of the chat scenarios: fewer than their conversations, so turns never share one. */
  chatConnections: number;
  /** The fan-out scenario's subscriptions and appends. */
  fanout: FanoutScale;
  /** The sign-in flood scenario's victim and flood. */
  signInFlood: SignInFloodScale;
  /** The import flood scenario's bystander and flood. */
  importFlood: ImportFloodScale;
  /** The task views' two scales. */
  taskViews: TaskViewsScale;
  /** The reminder-lag scenario's users and due reminders. */
  reminderLag: ReminderLagScale;
  /** The MCP tool-call scenarios' users. */
  mcpCalls: McpCallsScale;
  /** The branch pages' conversations: linear against branchy, of as many messages. */
  branchPages: BranchPagesScale;
  /** The database of the one-process-against-two comparison (the small scale). */
  processes: Scale;
  durationSeconds: number;
  connections: number;
  poolSize: number;
  /** Directory for V8 CPU profiles of both servers (`--cpu-prof DIR`), if any. */
  cpuProfileDir: string | null;
  /** Where the results table is written (`results/<date>[-<label>].md`); null prints only. */
  outFile: string | null;
}

const positive = (name: string, value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return number;
};

/**
 * `pnpm bench [--smoke] [--users N] [--conversations N] [--messages N] [--small-messages N]
 *  [--heavy-users N] [--duration S] [--connections N] [--pool N] [--cpu-prof DIR] [--label NAME]`
 */
export function readOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      users: { type: 'string' },
      conversations: { type: 'string' },
      messages: { type: 'string' },
      'small-messages': { type: 'string' },
      'heavy-users': { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      pool: { type: 'string' },
      'cpu-prof': { type: 'string' },
      label: { type: 'string' },
    },
  });
  const smoke = values.smoke ?? false;
  const base = {
    users: positive('users', values.users, smoke ? 50 : 1_000),
    conversations: positive('conversations', values.conversations, smoke ? 1_500 : 20_000),
    heavyUsers: positive('heavy-users', values['heavy-users'], smoke ? 1 : 10),
    conversationsPerHeavyUser: 1_000,
  };
  if (base.heavyUsers * base.conversationsPerHeavyUser >= base.conversations || base.heavyUsers >= base.users) {
    throw new Error('--conversations must exceed 1,000 per heavy user, and --users the number of heavy users');
  }
  const date = new Date().toISOString().slice(0, 10);
  const label = values.label ? `-${values.label.replace(/[^A-Za-z0-9-]/g, '-')}` : '';
  const small = { ...base, messages: positive('small-messages', values['small-messages'], smoke ? 500 : 10_000) };
  return {
    scales: [small, { ...base, messages: positive('messages', values.messages, smoke ? 2_000 : 1_000_000) }],
    chat: smoke
      ? { conversations: 8, shortMessages: 10, longMessages: 500 }
      : { conversations: 32, shortMessages: 10, longMessages: 10_000 },
    chatConnections: smoke ? 2 : 8,
    fanout: smoke
      ? { users: 4, conversationsPerUser: 5, appends: 20, concurrency: 4 }
      : { users: 50, conversationsPerUser: 20, appends: 300, concurrency: 4 },
    // The flood keeps its 24 connections in smoke runs: more than the hashing queue holds, so the
    // busy refusal is exercised too.
    signInFlood: smoke
      ? { victimConversations: 5, victimConnections: 2, floodConnections: 24, seconds: 1 }
      : { victimConversations: 20, victimConnections: 4, floodConnections: 24, seconds: 5 },
    importFlood: smoke
      ? { messagesPerImport: 200, floodConnections: 4, bystanderConnections: 2, seconds: 1 }
      : { messagesPerImport: 2_000, floodConnections: 12, bystanderConnections: 4, seconds: 5 },
    taskViews: smoke
      ? { tasks: [2_000, 8_000], tasksPerUser: 200, probedUsers: 5 }
      : { tasks: [10_000, 1_000_000], tasksPerUser: 200, probedUsers: 50 },
    // 1,000 reminders due within one second: 20 users × 50 (each stream stays under its 100-change buffer).
    reminderLag: smoke
      ? { users: 4, remindersPerUser: 25, spreadMs: 1_000 }
      : { users: 20, remindersPerUser: 50, spreadMs: 1_000 },
    mcpCalls: smoke ? { users: 10, tasksPerUser: 40 } : { users: 200, tasksPerUser: 100 },
    branchPages: smoke
      ? { users: 2, messages: 1_000, branches: 10, olderPageAt: 200 }
      : { users: 10, messages: 10_000, branches: 100, olderPageAt: 2_000 },
    processes: small,
    durationSeconds: positive('duration', values.duration, smoke ? 2 : 10),
    connections: positive('connections', values.connections, smoke ? 4 : 16),
    poolSize: positive('pool', values.pool, 10),
    cpuProfileDir: values['cpu-prof'] ?? null,
    outFile: smoke ? null : fileURLToPath(new URL(`../results/${date}${label}.md`, import.meta.url)),
  };
}
