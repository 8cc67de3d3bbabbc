/**
 * A branch page's statement against the read it replaced, timed in PostgreSQL from one connection
 * in alternating rounds, unprepared as the server sends them: Taskchat's branch page (`messages.list`
 * since branches, the `branch_page` function: up the parents from the leaf, each message with its
 * siblings and vote) and the index range read of the conversation's newest messages by `seq`
 * (`messages.list` before). On
 * linear conversations both read the same messages, so the ratio is the price of the walk itself.
 */
import pg from 'pg';
import { BRANCH_PAGE } from './baseline-sql.ts';

export interface BranchStatementTimes {
  /** Milliseconds a statement, the median of the rounds. */
  walkMs: number;
  rangeMs: number;
  rounds: number;
  perRound: number;
}

export interface LinearConversation {
  userId: string;
  conversationId: string;
  leafId: string;
}

const RANGE_READ = `select m.id, m.parent_id, m.conversation_id, m.role, m.content, m.client_id, m.parts, m.incomplete, m.created_at, m.seq
  from messages m where m.conversation_id = $1 and m.user_id = $2 order by m.seq desc limit $3`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Times `perRound` statements of each kind per round, `rounds` rounds, the kinds' order swapped each round. */
export async function timeBranchStatements(
  url: string,
  conversations: LinearConversation[],
  options: { rounds: number; perRound: number; limit: number },
): Promise<BranchStatementTimes> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const kinds = {
      walk: (c: LinearConversation) => client.query(BRANCH_PAGE, [c.userId, c.conversationId, c.leafId, options.limit]),
      range: (c: LinearConversation) => client.query(RANGE_READ, [c.conversationId, c.userId, options.limit]),
    };
    const times: Record<keyof typeof kinds, number[]> = { walk: [], range: [] };
    for (let round = 0; round < options.rounds; round++) {
      const order: (keyof typeof kinds)[] = round % 2 === 0 ? ['walk', 'range'] : ['range', 'walk'];
      for (const kind of order) {
        const started = performance.now();
        for (let i = 0; i < options.perRound; i++) {
          await kinds[kind](conversations[i % conversations.length] as LinearConversation);
        }
        times[kind].push((performance.now() - started) / options.perRound);
      }
    }
    return { walkMs: median(times.walk), rangeMs: median(times.range), ...options };
  } finally {
    await client.end();
  }
}
