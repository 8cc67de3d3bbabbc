import { createHash } from 'node:crypto';
import { SEARCH_LANGUAGE } from '@taskchat/db';
import { expressionBuilder } from 'kysely';
import type { Tables } from '../database.ts';

/**
 * The pieces every full-text search shares (`conversations.search`, `tasks.search`): the words
 * of a query as the `search_vector` columns hold them (`rules/search.ts`), and the scope a
 * search's cursors belong to.
 */

/**
 * The words of a web search query (`text` is a bind parameter), stemmed in the search language or
 * as written ('simple'). The configurations are bind parameters without a cast: Kysely's cast
 * knows no regconfig, and websearch_to_tsquery's only two-argument form takes one.
 */
export function searchWords(text: string) {
  const eb = expressionBuilder<Tables>();
  return eb.parens(
    eb(
      eb.fn<string>('websearch_to_tsquery', [eb.val(SEARCH_LANGUAGE), eb.val(text)]),
      '||',
      eb.fn<string>('websearch_to_tsquery', [eb.val('simple'), eb.val(text)]),
    ),
  );
}

/** The cursor scope of one search's pages: a cursor belongs to its list and its query. */
export function searchScope(list: string, query: string): string {
  return `${list}:${createHash('sha256').update(query).digest('base64url').slice(0, 22)}`;
}
