/**
 * The import flood scenario (Taskchat only, issue #26): one user sends large `conversations.import`
 * calls from many connections while another user, the bystander, lists their tasks. Two servers
 * on one database take turns: the defaults (a per-minute rate per user), and the rate out of reach,
 * so that only one-import-at-a-time, the multi-row inserts and the statement bound stand between
 * the flood and the bystander.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTaskchatClient } from '@taskchat/client';
import { dropDatabase } from '@taskchat/db';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import { percentile } from './load.ts';
import { type HttpRequest, mutation, query } from './scenarios.ts';
import { type RunningTarget, startTarget } from './servers.ts';
import { drive } from './sign-in-flood.ts';

export interface ImportFloodScale {
  /** Messages in each imported conversation (about 380 bytes of request body each). */
  messagesPerImport: number;
  floodConnections: number;
  bystanderConnections: number;
  /** Each measurement of the bystander, quiet or under the flood. */
  seconds: number;
}

interface ImportServer {
  name: string;
  about: string;
  env: Record<string, string>;
}

const SERVERS: ImportServer[] = [
  { name: 'defaults', about: 'the default limits (IMPORTS_PER_MINUTE=60, one import of a user at a time)', env: {} },
  {
    name: 'no rate',
    about: 'IMPORTS_PER_MINUTE=0: every import is attempted; one of a user runs at a time, the others are refused',
    env: { IMPORTS_PER_MINUTE: '0' },
  },
];

const ROUNDS = 2;
const FLOOD_LEAD_SECONDS = 0.5;
const SETTLE_MS = 1_000;
const CONVERSATION_ID = '00000000-0000-4000-8000-000000000000';

interface Measurement {
  latencies: number[];
  errors: number;
}

interface FloodAnswers {
  stored: number;
  refused: number;
  /** Any other status, or a connection error: errors. */
  errors: number;
  seconds: number;
}

export interface ImportFloodServerResult {
  name: string;
  about: string;
  quiet: Measurement;
  flooded: Measurement;
  flood: FloodAnswers;
}

export interface ImportFloodResult {
  scale: ImportFloodScale;
  bodyBytes: number;
  servers: ImportFloodServerResult[];
}

/** One conversation of an export as import lines, its conversation id left to fill in per request. */
function importTemplate(messages: number): string {
  const at = Date.parse('2026-01-01T00:00:00Z');
  const lines = [
    {
      type: 'conversation',
      id: CONVERSATION_ID,
      title: 'Imported',
      archived: false,
      pinned: false,
      createdAt: new Date(at).toISOString(),
      updatedAt: new Date(at).toISOString(),
    },
    ...Array.from({ length: messages }, (_, index) => ({
      type: 'message',
      id: randomUUID(),
      conversationId: CONVERSATION_ID,
      role: index % 2 === 0 ? 'user' : 'assistant',
      content: `Message ${index + 1}: ${'plan the week, buy groceries, call the plumber. '.repeat(4)}`,
      clientId: null,
      parts: null,
      incomplete: false,
      createdAt: new Date(at + index * 1_000).toISOString(),
    })),
  ];
  return lines.map((line) => JSON.stringify(line)).join('\n');
}

async function measureBystander(origin: string, token: string, connections: number, seconds: number) {
  const list = query('tasks.list', token, { limit: 20 });
  const latencies: number[] = [];
  let errors = 0;
  const driven = await drive(
    origin,
    connections,
    seconds,
    () => list,
    (status, ms) => (status >= 200 && status < 300 ? latencies.push(ms) : errors++),
  );
  return { latencies, errors: errors + driven.socketErrors } satisfies Measurement;
}

async function measureUnderFlood(
  origin: string,
  bystander: string,
  importer: string,
  template: string,
  scale: ImportFloodScale,
) {
  const answers = { stored: 0, refused: 0, errors: 0 };
  // Every import is a conversation of its own, so each one stores all its messages.
  const next = (): HttpRequest =>
    mutation('conversations.import', importer, { ndjson: template.replaceAll(CONVERSATION_ID, randomUUID()) });
  const flooding = drive(origin, scale.floodConnections, scale.seconds + 2 * FLOOD_LEAD_SECONDS, next, (status) => {
    if (status === 200) answers.stored++;
    else if (status === 429) answers.refused++;
    else answers.errors++;
  });
  await sleep(FLOOD_LEAD_SECONDS * 1000);
  const bystanderLoad = await measureBystander(origin, bystander, scale.bystanderConnections, scale.seconds);
  const { socketErrors, seconds } = await flooding;
  return { bystander: bystanderLoad, flood: { ...answers, errors: answers.errors + socketErrors, seconds } };
}

async function signUp(origin: string, email: string, tasks: number): Promise<string> {
  const url = `${origin}/trpc`;
  const { token } = await createTaskchatClient({ url }).auth.signUp.mutate({ email, password: randomUUID() });
  const client = createTaskchatClient({ url, token });
  for (let i = 0; i < tasks; i++) await client.tasks.create.mutate({ title: `Task ${i + 1}` });
  return token;
}

const combine = (rounds: Measurement[]): Measurement => ({
  latencies: rounds.flatMap((r) => r.latencies),
  errors: rounds.reduce((sum, r) => sum + r.errors, 0),
});
const sumFlood = (rounds: FloodAnswers[]): FloodAnswers => ({
  stored: rounds.reduce((sum, r) => sum + r.stored, 0),
  refused: rounds.reduce((sum, r) => sum + r.refused, 0),
  errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  seconds: rounds.reduce((sum, r) => sum + r.seconds, 0),
});
const p50 = (load: Measurement) => percentile(load.latencies, 50);
const ratioOf = ({ quiet, flooded }: ImportFloodServerResult) => (p50(quiet) > 0 ? p50(flooded) / p50(quiet) : 0);

export const importFloodErrorsOf = ({ quiet, flooded, flood }: ImportFloodServerResult) =>
  quiet.errors + flooded.errors + flood.errors;

export function describeImportFloodServer(result: ImportFloodServerResult): string {
  const { name, quiet, flooded, flood } = result;
  return `import flood, ${name}: bystander p50 ${p50(quiet).toFixed(1)} → ${p50(flooded).toFixed(1)} ms (${ratioOf(result).toFixed(2)}x), ${flood.stored} imports stored, ${flood.refused} refused, ${importFloodErrorsOf(result)} errors`;
}

export async function runImportFlood(
  adminUrl: string,
  scale: ImportFloodScale,
  poolSize: number,
): Promise<ImportFloodResult> {
  const database = await createMigratedDatabase(adminUrl, 'taskchat_bench');
  const running: RunningTarget[] = [];
  try {
    for (const setup of SERVERS) {
      running.push(await startTarget('taskchat', database.url, poolSize, null, { env: setup.env }));
    }
    const first = (running[0] as RunningTarget).origin;
    const bystander = await signUp(first, 'bystander@example.com', 20);
    const template = importTemplate(scale.messagesPerImport);
    const measured = SERVERS.map((setup, i) => ({
      setup,
      origin: (running[i] as RunningTarget).origin,
      quiet: [] as Measurement[],
      flooded: [] as Measurement[],
      floods: [] as FloodAnswers[],
    }));
    for (const server of measured) await measureBystander(server.origin, bystander, scale.bystanderConnections, 1);
    for (let round = 0; round < ROUNDS; round++) {
      for (const server of round % 2 === 0 ? measured : [...measured].reverse()) {
        // A new importer each time: the per-minute rate of one round does not spill into the next.
        const importer = await signUp(server.origin, `importer-${randomUUID()}@example.com`, 0);
        server.quiet.push(await measureBystander(server.origin, bystander, scale.bystanderConnections, scale.seconds));
        const { bystander: load, flood } = await measureUnderFlood(server.origin, bystander, importer, template, scale);
        server.flooded.push(load);
        server.floods.push(flood);
        await sleep(SETTLE_MS);
      }
    }
    return {
      scale,
      bodyBytes: Buffer.byteLength(mutation('conversations.import', '', { ndjson: template }).body ?? ''),
      servers: measured.map(({ setup, quiet, flooded, floods }) => ({
        name: setup.name,
        about: setup.about,
        quiet: combine(quiet),
        flooded: combine(flooded),
        flood: sumFlood(floods),
      })),
    };
  } finally {
    await Promise.all(running.map((target) => target.stop()));
    await dropDatabase(adminUrl, database.name);
  }
}

/** The import flood section of the results file. */
export function renderImportFloodReport({ scale, bodyBytes, servers }: ImportFloodResult): string {
  const rows = servers.map((result) => {
    const { name, quiet, flooded, flood } = result;
    return `| ${name} | ${p50(quiet).toFixed(1)} | ${p50(flooded).toFixed(1)} | ${ratioOf(result).toFixed(2)} | ${percentile(flooded.latencies, 99).toFixed(1)} | ${(flood.stored / flood.seconds).toFixed(1)} | ${flood.refused} | ${importFloodErrorsOf(result)} |`;
  });
  return [
    '## Import flood: another user while one user imports large conversations (Taskchat only)',
    '',
    `${servers.length} Taskchat processes on one database. The bystander calls \`tasks.list\` (limit 20, 20 tasks) from ${scale.bystanderConnections} connections for ${scale.seconds} s, quiet, then again while one other user sends \`conversations.import\` calls of ${scale.messagesPerImport} messages (${(bodyBytes / 1024).toFixed(0)} KiB a request, each a new conversation) from ${scale.floodConnections} connections; ${ROUNDS} rounds, the servers in turn. Target: the bystander's p50 under the flood within a small factor of quiet (before the limits, 12 concurrent imports stalled it for 3.6–4.1 s). Servers:`,
    '',
    ...servers.map(({ name, about }) => `- _${name}_: ${about}`),
    '',
    '| server | bystander p50 quiet, ms | p50 under flood, ms | ratio | p99 under flood, ms | imports stored/s | refused (429) | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
}
