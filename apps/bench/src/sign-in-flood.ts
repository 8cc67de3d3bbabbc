/**
 * The sign-in flood scenario (Taskchat only, issue #13): wrong-password sign-ins from many
 * connections while another user, the victim, lists their conversations. Three servers on one
 * database take turns: one with the abuse limits out of reach (as before them), one with the
 * defaults flooded at one account from one address (the throttle's case), and one with the
 * defaults sprayed with unknown emails from ever new addresses, which no throttle can stop, so
 * only the bounded password hashing stands between the flood and the victim.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTaskchatClient } from '@taskchat/client';
import { dropDatabase } from '@taskchat/db';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import pg from 'pg';
import { drive, measureCalls } from './drive.ts';
import { percentile } from './load.ts';
import { type HttpRequest, mutation, query } from './scenarios.ts';
import { type RunningTarget, startTarget } from './servers.ts';

export interface SignInFloodScale {
  /** Conversations the victim owns, so that a page of 20 is real work. */
  victimConversations: number;
  victimConnections: number;
  floodConnections: number;
  /** Each measurement of the victim, quiet or under the flood. */
  seconds: number;
}

type FloodKind = 'one account' | 'spray';

export interface ServerSetup {
  name: string;
  /** What the server is and how it is flooded, for the report. */
  about: string;
  env: Record<string, string>;
  flood: FloodKind;
  /** Another build's server entry (e.g. a checkout from before the limits), instead of this one's. */
  entry?: string;
}

export const SERVERS: ServerSetup[] = [
  {
    name: 'limits out of reach',
    about:
      'no lock within a round, and every attempt hashed at once (SIGN_IN_FAILURES_PER_ACCOUNT=1000, SIGN_IN_FAILURES_PER_ADDRESS=100000, PASSWORD_HASH_CONCURRENCY=24, PASSWORD_HASH_QUEUE=10000, REFUSAL_DELAY=0), flooded at one account',
    env: {
      SIGN_IN_FAILURES_PER_ACCOUNT: '1000',
      SIGN_IN_FAILURES_PER_ADDRESS: '100000',
      PASSWORD_HASH_CONCURRENCY: '24',
      PASSWORD_HASH_QUEUE: '10000',
      REFUSAL_DELAY: '0',
    },
    flood: 'one account',
  },
  {
    name: 'defaults, one account',
    about: 'the default limits, flooded at one account from one address (the throttle locks it)',
    env: {},
    flood: 'one account',
  },
  {
    name: 'defaults, spray',
    about:
      'the default limits with TRUST_PROXY=loopback; every attempt names another unknown email from another X-Forwarded-For address, so the throttle never locks and only the bounded, low-priority hashing protects the victim',
    // The bench is the trusted proxy, so every attempt can claim an address of its own.
    env: { TRUST_PROXY: 'loopback' },
    flood: 'spray',
  },
];

/** Quiet and flooded measurements alternate this many times on every server. */
const ROUNDS = 2;
const WARM_UP_SECONDS = 1;
/** The flood starts this long before the victim is measured and ends this long after. */
const FLOOD_LEAD_SECONDS = 0.5;
/** Lets a flood's last attempts finish before the next measurement. */
const SETTLE_MS = 1_000;
const WRONG_PASSWORD = 'not-the-password';

/** The victim's conversations.list calls in one or more measurements. */
interface VictimLoad {
  /** Milliseconds of each answered call (2xx). */
  latencies: number[];
  seconds: number;
  /** Any other answer, connection error or timeout: the victim must never be refused. */
  errors: number;
}

/** How the flood's sign-in attempts were answered. */
interface FloodOutcome {
  seconds: number;
  /** 401: the password was checked, and wrong. */
  unauthorized: number;
  /** 429: refused by the throttle or by the full hashing queue. */
  refused: number;
  /** Every other status (5xx above all), counted by status: errors. */
  otherStatuses: Record<number, number>;
  /** Connection errors and timeouts: errors. */
  socketErrors: number;
}

export interface SignInFloodServerResult {
  name: string;
  about: string;
  quiet: VictimLoad;
  flooded: VictimLoad;
  flood: FloodOutcome;
}

export interface SignInFloodResult {
  scale: SignInFloodScale;
  servers: SignInFloodServerResult[];
}

async function measureVictim(origin: string, token: string, connections: number, seconds: number): Promise<VictimLoad> {
  return await measureCalls(origin, query('conversations.list', token, { limit: 20 }), connections, seconds);
}

/** The flood's attempts: a wrong password for the target account, or for an unknown email from a new address. */
function floodAttempts(kind: FloodKind, targetEmail: string): () => HttpRequest {
  if (kind === 'one account') {
    const attempt = mutation('auth.signIn', null, { email: targetEmail, password: WRONG_PASSWORD });
    return () => attempt;
  }
  const run = randomUUID().slice(0, 8);
  let sent = 0;
  return () => {
    sent++;
    const attempt = mutation('auth.signIn', null, {
      email: `spray-${run}-${sent}@example.com`,
      password: WRONG_PASSWORD,
    });
    // 10.0.0.1 onwards: no account and no address is tried twice, so none is ever locked.
    attempt.headers['x-forwarded-for'] = `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
    return attempt;
  };
}

/** The victim measured while the flood runs on the same server, from just before to just after. */
async function measureUnderFlood(
  origin: string,
  token: string,
  nextAttempt: () => HttpRequest,
  scale: SignInFloodScale,
): Promise<{ victim: VictimLoad; flood: FloodOutcome }> {
  const answers = { unauthorized: 0, refused: 0, otherStatuses: {} as Record<number, number> };
  const flooding = drive(
    origin,
    scale.floodConnections,
    scale.seconds + 2 * FLOOD_LEAD_SECONDS,
    nextAttempt,
    (status) => {
      if (status === 401) answers.unauthorized++;
      else if (status === 429) answers.refused++;
      else answers.otherStatuses[status] = (answers.otherStatuses[status] ?? 0) + 1;
    },
  );
  await sleep(FLOOD_LEAD_SECONDS * 1000);
  const victim = await measureVictim(origin, token, scale.victimConnections, scale.seconds);
  const { socketErrors, seconds } = await flooding;
  return { victim, flood: { seconds, ...answers, socketErrors } };
}

/**
 * Every server's flood starts from a clean throttle (they share the database, and all but the
 * spray come from 127.0.0.1): rounds then measure the same attack, and the unbounded server's
 * flood never reaches its 1,000-failure account limit.
 */
async function forgetSignInAttempts(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('delete from sign_in_throttles');
  } finally {
    await client.end();
  }
}

/** Signs up the victim, with conversations, and the flood's target, over HTTP as any user would. */
async function signUpAccounts(origin: string, victimConversations: number) {
  const url = `${origin}/trpc`;
  const signedOut = createTaskchatClient({ url });
  const victim = await signedOut.auth.signUp.mutate({
    email: 'victim@example.com',
    password: randomUUID(),
    name: 'Victim',
  });
  const target = await signedOut.auth.signUp.mutate({ email: 'flood-target@example.com', password: randomUUID() });
  const asVictim = createTaskchatClient({ url, token: victim.token });
  await Promise.all(
    Array.from({ length: victimConversations }, (_, i) =>
      asVictim.conversations.create.mutate({ title: `Victim's conversation ${i + 1}` }),
    ),
  );
  return { victimToken: victim.token, targetEmail: target.user.email };
}

const victimLoadOf = (rounds: VictimLoad[]): VictimLoad => ({
  latencies: rounds.flatMap((r) => r.latencies),
  seconds: rounds.reduce((sum, r) => sum + r.seconds, 0),
  errors: rounds.reduce((sum, r) => sum + r.errors, 0),
});

function floodOutcomeOf(rounds: FloodOutcome[]): FloodOutcome {
  const otherStatuses: Record<number, number> = {};
  for (const round of rounds) {
    for (const [status, count] of Object.entries(round.otherStatuses)) {
      otherStatuses[Number(status)] = (otherStatuses[Number(status)] ?? 0) + count;
    }
  }
  const sum = (pick: (r: FloodOutcome) => number) => rounds.reduce((total, r) => total + pick(r), 0);
  return {
    seconds: sum((r) => r.seconds),
    unauthorized: sum((r) => r.unauthorized),
    refused: sum((r) => r.refused),
    otherStatuses,
    socketErrors: sum((r) => r.socketErrors),
  };
}

const attemptsOf = (flood: FloodOutcome) =>
  flood.unauthorized + flood.refused + Object.values(flood.otherStatuses).reduce((sum, count) => sum + count, 0);
export const floodErrorsOf = (flood: FloodOutcome) =>
  attemptsOf(flood) - flood.unauthorized - flood.refused + flood.socketErrors;
const p50 = (load: VictimLoad) => percentile(load.latencies, 50);

/** One line per server, for the progress output. */
export function describeFloodServer({ name, quiet, flooded, flood }: SignInFloodServerResult): string {
  const attempts = attemptsOf(flood);
  return `sign-in flood, ${name}: victim p50 ${p50(quiet).toFixed(1)} → ${p50(flooded).toFixed(1)} ms, ${(attempts / flood.seconds).toFixed(0)} attempts/s, ${percent(flood.refused, attempts)} refused, ${flood.unauthorized} × 401, ${floodErrorsOf(flood)} flood errors, ${quiet.errors + flooded.errors} victim errors`;
}

export async function runSignInFlood(
  adminUrl: string,
  scale: SignInFloodScale,
  poolSize: number,
  servers: ServerSetup[] = SERVERS,
): Promise<SignInFloodResult> {
  const database = await createMigratedDatabase(adminUrl, 'taskchat_bench');
  const running: RunningTarget[] = [];
  try {
    for (const setup of servers) {
      running.push(
        await startTarget('taskchat', database.url, poolSize, null, {
          env: setup.env,
          ...(setup.entry ? { entry: setup.entry } : {}),
        }),
      );
    }
    const { victimToken, targetEmail } = await signUpAccounts(
      (running[0] as RunningTarget).origin,
      scale.victimConversations,
    );
    const measured = servers.map((setup, i) => ({
      setup,
      origin: (running[i] as RunningTarget).origin,
      nextAttempt: floodAttempts(setup.flood, targetEmail),
      quiet: [] as VictimLoad[],
      flooded: [] as VictimLoad[],
      floods: [] as FloodOutcome[],
    }));
    // The first calls and attempts compile the code and make the decoy hash: run, not measured.
    for (const server of measured) {
      await measureVictim(server.origin, victimToken, scale.victimConnections, WARM_UP_SECONDS);
      await drive(server.origin, scale.floodConnections, WARM_UP_SECONDS, server.nextAttempt, () => {});
      await sleep(SETTLE_MS);
    }
    // In every round each server is measured quiet, then flooded, the servers in turn (in reverse
    // order every other round), so drift on this shared machine falls on all of them alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const server of round % 2 === 0 ? measured : [...measured].reverse()) {
        server.quiet.push(await measureVictim(server.origin, victimToken, scale.victimConnections, scale.seconds));
        await forgetSignInAttempts(database.url);
        const { victim, flood } = await measureUnderFlood(server.origin, victimToken, server.nextAttempt, scale);
        server.flooded.push(victim);
        server.floods.push(flood);
        await sleep(SETTLE_MS);
      }
    }
    return {
      scale,
      servers: measured.map(({ setup, quiet, flooded, floods }) => ({
        name: setup.name,
        about: setup.about,
        quiet: victimLoadOf(quiet),
        flooded: victimLoadOf(flooded),
        flood: floodOutcomeOf(floods),
      })),
    };
  } finally {
    await Promise.all(running.map((target) => target.stop()));
    await dropDatabase(adminUrl, database.name);
  }
}

const ms = (value: number) => value.toFixed(1);
const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : 'n/a');

/** Where a server's errors came from, for the lines under the table. */
function errorDetails({ name, quiet, flooded, flood }: SignInFloodServerResult): string[] {
  const statuses = Object.entries(flood.otherStatuses).map(([status, count]) => `${count} × ${status}`);
  const socket = flood.socketErrors ? [`${flood.socketErrors} connection errors or timeouts`] : [];
  const victim = quiet.errors + flooded.errors;
  return [
    ...(statuses.length + socket.length ? [`- ${name}: the flood got ${[...statuses, ...socket].join(', ')}`] : []),
    ...(victim ? [`- ${name}: ${victim} of the victim's calls failed`] : []),
  ];
}

/** The sign-in flood section of the results file. */
export function renderSignInFloodReport({ scale, servers }: SignInFloodResult): string {
  const details = servers.flatMap(errorDetails);
  const rows = servers.map(({ name, quiet, flooded, flood }) => {
    const attempts = attemptsOf(flood);
    const ratio = p50(quiet) > 0 ? (p50(flooded) / p50(quiet)).toFixed(2) : 'n/a';
    return `| ${name} | ${ms(p50(quiet))} | ${ms(p50(flooded))} | ${ratio} | ${(quiet.latencies.length / quiet.seconds).toFixed(0)} → ${(flooded.latencies.length / flooded.seconds).toFixed(0)} | ${(attempts / flood.seconds).toFixed(0)} | ${percent(flood.refused, attempts)} | ${flood.unauthorized} | ${floodErrorsOf(flood) + quiet.errors + flooded.errors} |`;
  });
  return [
    '## Sign-in flood: another user while wrong passwords pour in (Taskchat only)',
    '',
    `${servers.length} Taskchat processes on one database. The victim (signed up over HTTP, ${scale.victimConversations} conversations) calls \`conversations.list\` (limit 20) from ${scale.victimConnections} connections for ${scale.seconds} s, quiet, then again while ${scale.floodConnections} connections send wrong-password \`auth.signIn\` attempts to the same server (from ${FLOOD_LEAD_SECONDS} s before to ${FLOOD_LEAD_SECONDS} s after); ${ROUNDS} rounds, the servers in turn (in reverse order in the second), every flood from a clean throttle. p50s are over every call of the rounds, to the tenth of a millisecond. Target: p50 under the flood within 1.5× of quiet. Servers:`,
    '',
    ...servers.map(({ name, about }) => `- _${name}_: ${about}`),
    '',
    '| server | victim p50 quiet, ms | victim p50 under flood, ms | ratio | victim calls/s quiet → flood | flood attempts/s | refused (429) | 401s | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    ...(details.length ? ['', ...details] : []),
    '',
  ].join('\n');
}
