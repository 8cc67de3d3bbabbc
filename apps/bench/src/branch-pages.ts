/**
 * Branch pages: `messages.list` on the current branch of a conversation of `messages` messages in
 * `branches` branches, against a linear conversation of as many messages, both owned by each of
 * `users` users of one database and served by one Taskchat process, in alternating rounds. A page
 * walks up the parents (a primary-key lookup a message) and reads each message's siblings, so its
 * cost should not depend on the branches around it: p50 branchy over p50 linear stays near 1.
 */
import { dropDatabase } from '@taskchat/db';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import pg from 'pg';
import { type BranchStatementTimes, timeBranchStatements } from './branch-statements.ts';
import { combine, type LoadResult, runLoad } from './load.ts';
import { query, type Scenario } from './scenarios.ts';
import { insertUsers } from './seed.ts';
import { startTarget } from './servers.ts';

export interface BranchPagesScale {
  users: number;
  /** Messages in each conversation. */
  messages: number;
  /** Branches of the branchy one: `messages / branches` messages each, each forking from the middle of the one before. */
  branches: number;
  /** How far back the older page starts (a cursor that many messages up the branch). */
  olderPageAt: number;
}

export interface BranchPagesResult {
  scale: BranchPagesScale;
  seedSeconds: number;
  /** The latest page's statement, walk against index range, on the linear conversations. */
  statements: BranchStatementTimes;
  /** By scenario: the linear conversation's result and the branchy one's. */
  results: Map<string, { linear: LoadResult; branchy: LoadResult }>;
}

interface Probe {
  token: string;
  userId: string;
  conversationId: string;
  leafId: string;
  /** The cursor of a page `olderPageAt` messages up the current branch, as Taskchat hands it out. */
  olderCursor: string;
}

/**
 * Seeds each user a linear conversation and a branchy one. Message g (from 1) of the branchy one
 * is at place p = (g - 1) % L of branch b = (g - 1) / L (L messages a branch): it follows the one
 * before on its branch, and a branch's first follows the middle message of the branch before. Ids
 * are derived from (conversation, g), so parents are known before they are stored; `seq` is g
 * (a parent is always stored before its children); the leaf is the last message.
 */
async function seedBranches(url: string, scale: BranchPagesScale): Promise<{ linear: Probe[]; branchy: Probe[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { ids, tokens } = await insertUsers(client, scale.users);
    const perBranch = Math.ceil(scale.messages / scale.branches);
    const seedConversation = async (userId: string, title: string, branchLength: number) => {
      const { rows } = await client.query<{ id: string }>(
        `insert into conversations (id, user_id, title) values (uuidv7(), $1, $2) returning id`,
        [userId, title],
      );
      const conversationId = rows[0]?.id as string;
      // The id of message g of this conversation (`$key`: the statement's parameter holding the
      // conversation's id as text), with a version 7 UUID's version and variant (the API checks them).
      const idOf = (g: string, key = '$5') =>
        `overlay(overlay(md5(${key}::text || ':' || ${g}) placing '7' from 13) placing '8' from 17)::uuid`;
      await client.query(
        `insert into messages (id, conversation_id, user_id, parent_id, role, content, created_at, seq)
         select ${idOf('g')}, $1, $2,
                case when (g - 1) % $4 > 0 then ${idOf('g - 1')}
                     when g > $4 then ${idOf('((g - 1) / $4 - 1) * $4 + $4 / 2')}
                end,
                case when g % 2 = 1 then 'user' else 'assistant' end,
                left(repeat('The quick brown fox jumps over the lazy dog. ', 8), 60 + (g * 7919) % 300),
                now() - interval '30 days' + (g || ' milliseconds')::interval, g
         from generate_series(1, $3::int) g`,
        [conversationId, userId, scale.messages, branchLength, conversationId],
      );
      const updated = await client.query<{ leaf_id: string }>(
        `update conversations set leaf_id = ${idOf(String(scale.messages), '$2')} where id = $1 returning leaf_id`,
        [conversationId, conversationId],
      );
      const leafId = updated.rows[0]?.leaf_id as string;
      // The message `olderPageAt` up the branch from the leaf: a page after it starts at its parent.
      const older = await client.query<{ id: string; seq: number }>(
        `with recursive up as (
           select id, parent_id, seq, 1 as depth from messages where id = ${idOf(String(scale.messages), '$1')}
           union all
           select m.id, m.parent_id, m.seq, up.depth + 1 from up join messages m on m.id = up.parent_id
            where up.depth < $2
         )
         select id, seq from up order by depth desc limit 1`,
        [conversationId, scale.olderPageAt],
      );
      const at = older.rows[0] as { id: string; seq: number };
      const olderCursor = Buffer.from(JSON.stringify([`branch:${conversationId}`, [at.seq], at.id])).toString(
        'base64url',
      );
      return { userId, conversationId, leafId, olderCursor };
    };
    const linear: Probe[] = [];
    const branchy: Probe[] = [];
    for (const [i, userId] of ids.entries()) {
      const token = tokens[i] as string;
      linear.push({ token, ...(await seedConversation(userId, 'Linear', scale.messages)) });
      branchy.push({ token, ...(await seedConversation(userId, 'Branchy', perBranch)) });
    }
    await client.query('analyze');
    return { linear, branchy };
  } finally {
    await client.end();
  }
}

function pageScenarios(probes: Probe[], kind: string): Scenario[] {
  let n = 0;
  const next = () => probes[n++ % probes.length] as Probe;
  return [
    {
      name: `messages.list (latest 50, ${kind})`,
      next: () => {
        const { token, conversationId } = next();
        return query('messages.list', token, { conversationId, limit: 50 });
      },
      readOnly: true,
    },
    {
      name: `messages.list (older 50, ${kind})`,
      next: () => {
        const { token, conversationId, olderCursor } = next();
        return query('messages.list', token, { conversationId, limit: 50, cursor: olderCursor });
      },
      readOnly: true,
    },
  ];
}

/** Seeds the database, serves it with one Taskchat process, and measures both conversations' pages in alternating rounds. */
export async function runBranchPages(
  adminUrl: string,
  scale: BranchPagesScale,
  options: { seconds: number; rounds: number; connections: number; poolSize: number },
): Promise<BranchPagesResult> {
  const database = await createMigratedDatabase(adminUrl, 'taskchat_bench');
  let stop: (() => Promise<void>) | undefined;
  try {
    const started = performance.now();
    const probes = await seedBranches(database.url, scale);
    const seedSeconds = (performance.now() - started) / 1000;
    console.error(`branch pages: seeded ${2 * scale.users * scale.messages} messages in ${seedSeconds.toFixed(1)} s`);
    const statements = await timeBranchStatements(database.url, probes.linear, {
      rounds: options.rounds * 2,
      perRound: 200,
      limit: 51,
    });
    console.error(
      `branch pages: the walk ${statements.walkMs.toFixed(3)} ms, the index range ${statements.rangeMs.toFixed(3)} ms`,
    );
    const running = await startTarget('taskchat', database.url, options.poolSize, null);
    stop = running.stop;
    const linear = pageScenarios(probes.linear, 'linear');
    const branchy = pageScenarios(probes.branchy, `${scale.branches} branches`);
    for (const scenario of [...linear, ...branchy]) await runLoad(running.origin, scenario, 1, options.connections);
    const results = new Map<string, { linear: LoadResult; branchy: LoadResult }>();
    for (const [index, scenario] of linear.entries()) {
      const pair = [scenario, branchy[index] as Scenario];
      const rounds = pair.map(() => [] as LoadResult[]);
      for (let round = 0; round < options.rounds; round++) {
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const i of order) {
          rounds[i]?.push(await runLoad(running.origin, pair[i] as Scenario, options.seconds, options.connections));
        }
      }
      const name = scenario.name.replace(', linear)', ')');
      results.set(name, { linear: combine(rounds[0] ?? []), branchy: combine(rounds[1] ?? []) });
      const { linear: a, branchy: b } = results.get(name) as { linear: LoadResult; branchy: LoadResult };
      console.error(`branch pages, ${name}: p50 linear ${a.p50} ms, branchy ${b.p50} ms`);
    }
    return { scale, seedSeconds, statements, results };
  } finally {
    await stop?.();
    await dropDatabase(adminUrl, database.name);
  }
}

export const branchPagesFailed = ({ results }: BranchPagesResult) =>
  results.size === 0 ||
  [...results.values()].some((pair) =>
    [pair.linear, pair.branchy].some((result) => result.errors > 0 || result.requests === 0),
  );

const ms = (value: number) => value.toFixed(1);

/** The branch pages section of the results file: p50 and p99 of each page on both conversations, and their ratio. */
export function renderBranchPagesReport(
  { scale, seedSeconds, statements, results }: BranchPagesResult,
  connections: number,
): string {
  const rows = [...results].flatMap(([name, { linear, branchy }]) =>
    [
      ['linear', linear],
      [`${scale.branches} branches`, branchy],
    ].map(
      ([kind, result]) =>
        `| ${name} | ${kind} | ${(result as LoadResult).requestsPerSecond.toFixed(0)} | ${ms((result as LoadResult).p50)} | ${ms((result as LoadResult).p99)} | ${(result as LoadResult).errors} |`,
    ),
  );
  const ratios = [...results].map(
    ([name, { linear, branchy }]) => `${name}: ${linear.p50 > 0 ? (branchy.p50 / linear.p50).toFixed(2) : 'n/a'}`,
  );
  return [
    `## Branch pages (Taskchat only, ${connections} connections)`,
    '',
    `\`messages.list\` on the current branch of a conversation of ${scale.messages.toLocaleString('en-US')} messages in ${scale.branches} branches (each forking from the middle of the one before), against a linear conversation of as many, for ${scale.users} users each; the older page starts ${scale.olderPageAt.toLocaleString('en-US')} messages up the branch. Seeding took ${seedSeconds.toFixed(0)} s.`,
    '',
    '| page | conversation | req/s | p50 ms | p99 ms | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `p50 branchy over p50 linear (goal ≤ 1.1): ${ratios.join('; ')}.`,
    '',
    `The latest page's statement alone, in PostgreSQL from one connection, unprepared, ${statements.rounds} alternating rounds of ${statements.perRound} on the linear conversations (median): the branch page (branch_page: 51 messages with siblings and votes) ${statements.walkMs.toFixed(3)} ms, the index range read of the same 51 messages it replaced ${statements.rangeMs.toFixed(3)} ms: **${(statements.walkMs / statements.rangeMs).toFixed(2)}×**.`,
    '',
  ].join('\n');
}
