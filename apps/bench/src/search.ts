/**
 * The search measurement (Taskchat only: the baseline has no search): `conversations.search` for a
 * word one message in a hundred holds (the seed's "kiwi"), each request for another user, on both
 * scales, so the two p50s compare a search over 10 and over 1,000 messages per user.
 */
import type { LoadResult } from './load.ts';
import { query, type Scenario } from './scenarios.ts';
import type { Fixtures } from './seed.ts';

export const SEARCH_WORD = 'kiwi';

export function searchScenario(fixtures: Fixtures): Scenario {
  let n = 0;
  return {
    name: `conversations.search ("${SEARCH_WORD}")`,
    next: () =>
      query('conversations.search', fixtures.tokens[n++ % fixtures.tokens.length] as string, { query: SEARCH_WORD }),
    readOnly: true,
  };
}

const ms = (value: number) => value.toFixed(1);

/** The search section of the results file: p50 per scale and their ratio. */
export function renderSearchReport(results: { messages: number; result: LoadResult }[], connections: number): string {
  const [small, large] = results;
  const rows = results.map(
    ({ messages, result }) =>
      `| ${messages.toLocaleString('en-US')} | ${result.requestsPerSecond.toFixed(0)} | ${ms(result.p50)} | ${ms(result.p99)} | ${result.errors} |`,
  );
  const ratio = small && large && small.result.p50 > 0 ? (large.result.p50 / small.result.p50).toFixed(2) : 'n/a';
  return [
    `## Search (Taskchat only, ${connections} connections)`,
    '',
    `\`conversations.search\` for "${SEARCH_WORD}", which one message in a hundred holds, each request for another user, ranked with snippets, first page of 20.`,
    '',
    '| messages | req/s | p50 ms | p99 ms | errors |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `p50 at ${large?.messages.toLocaleString('en-US')} over p50 at ${small?.messages.toLocaleString('en-US')} messages: ${ratio}.`,
    '',
  ].join('\n');
}
