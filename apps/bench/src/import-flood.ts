/**
 * The import flood scenario (Taskchat only, issue #26): one user sends large `conversations.import`
 * calls from many connections while another user, the bystander, lists their tasks. Two servers
 * with the default limits (and the per-minute rate out of reach, so every import is attempted)
 * take turns on one database: on one the importers are clients that wait as a refusal's
 * Retry-After says (the web app, a script), on the other they never wait (an abusive client:
 * what is left is the server's cost of reading and refusing large bodies).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTaskchatClient } from '@taskchat/client';
import { dropDatabase } from '@taskchat/db';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import { drive, measureCalls } from './drive.ts';
import { percentile } from './load.ts';
import { type HttpRequest, mutation, query } from './scenarios.ts';
import { type RunningTarget, startTarget } from './servers.ts';

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
  /** Whether the importers wait as a refusal's Retry-After says before trying again. */
  waits: boolean;
}

/** IMPORTS_PER_MINUTE=0 on both: one import of the user at a time is what is measured. */
const ENV = { IMPORTS_PER_MINUTE: '0' };
const SERVERS: ImportServer[] = [
  {
    name: 'importers that wait',
    about: 'each connection imports, and after a 429 waits its Retry-After (1 s) before the next',
    waits: true,
  },
  {
    name: 'importers that never wait',
    about: 'each connection sends the next import as soon as the last is answered',
    waits: false,
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

async function measureBystander(
  origin: string,
  token: string,
  connections: number,
  seconds: number,
): Promise<Measurement> {
  return await measureCalls(origin, query('tasks.list', token, { limit: 20 }), connections, seconds);
}

/** One importer that waits as told: imports until `until`, sleeping a refusal's Retry-After. */
async function waitingImporter(
  origin: string,
  next: () => HttpRequest,
  until: number,
  count: (status: number) => void,
) {
  while (Date.now() < until) {
    const { method, path, headers, body } = next();
    const response = await fetch(`${origin}${path}`, { method, headers, body }).catch(() => null);
    await response?.arrayBuffer();
    count(response?.status ?? 0);
    if (response?.status === 429) await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
  }
}

async function measureUnderFlood(
  origin: string,
  bystander: string,
  importer: string,
  template: string,
  scale: ImportFloodScale,
  waits: boolean,
) {
  const answers = { stored: 0, refused: 0, errors: 0 };
  const count = (status: number) => {
    if (status === 200) answers.stored++;
    else if (status === 429) answers.refused++;
    else answers.errors++;
  };
  // Every import is a conversation of its own, so each one stores all its messages.
  const next = (): HttpRequest =>
    mutation('conversations.import', importer, { ndjson: template.replaceAll(CONVERSATION_ID, randomUUID()) });
  const floodSeconds = scale.seconds + 2 * FLOOD_LEAD_SECONDS;
  const started = Date.now();
  const flooding = waits
    ? Promise.all(
        Array.from({ length: scale.floodConnections }, () =>
          waitingImporter(origin, next, started + floodSeconds * 1000, count),
        ),
      ).then(() => ({ socketErrors: 0, seconds: (Date.now() - started) / 1000 }))
    : drive(origin, scale.floodConnections, floodSeconds, next, count);
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
    while (running.length < SERVERS.length) {
      running.push(await startTarget('taskchat', database.url, poolSize, null, { env: ENV }));
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
        const { bystander: load, flood } = await measureUnderFlood(
          server.origin,
          bystander,
          importer,
          template,
          scale,
          server.setup.waits,
        );
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
    `${servers.length} Taskchat processes on one database (the default limits, IMPORTS_PER_MINUTE=0). The bystander calls \`tasks.list\` (limit 20, 20 tasks) from ${scale.bystanderConnections} connections for ${scale.seconds} s, quiet, then again while one other user sends \`conversations.import\` calls of ${scale.messagesPerImport} messages (${(bodyBytes / 1024).toFixed(0)} KiB a request, each a new conversation) from ${scale.floodConnections} connections; ${ROUNDS} rounds, the servers in turn. Target: the bystander's p50 under the flood within a small factor of quiet (before the limits, 12 concurrent imports stalled it for 3.6–4.1 s). Servers:`,
    '',
    ...servers.map(({ name, about }) => `- _${name}_: ${about}`),
    '',
    '| server | bystander p50 quiet, ms | p50 under flood, ms | ratio | p99 under flood, ms | imports stored/s | refused (429) | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
}
