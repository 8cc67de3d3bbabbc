import { randomBytes } from 'node:crypto';
import { SEARCH_LANGUAGE } from '@taskchat/db';
import type { Database } from '../database.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.data.ts';
import { searchScope, searchWords } from '../search/search-words.data.ts';
import { CONVERSATION_COLUMNS, type ConversationOutput, toConversationOutput } from './conversations.data.ts';

/** A piece of a snippet: the matched words are `highlighted`. Plain text, never markup. */
export interface SnippetPart {
  text: string;
  highlighted: boolean;
}

export interface SearchResult {
  conversation: ConversationOutput;
  /** The message that matches best; null when only the title matched. */
  messageId: string | null;
  /** The best message's text around the matched words (or the title's), in pieces. */
  snippet: SnippetPart[];
}

/** Splits ts_headline's output at the markers it was given; whatever else the text holds stays text. */
function snippetParts(headline: string, start: string, stop: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [i, piece] of headline.split(start).entries()) {
    const [inside, after] =
      i === 0 ? [null, piece] : [piece.split(stop)[0] ?? '', piece.split(stop).slice(1).join(stop)];
    if (inside) parts.push({ text: inside, highlighted: true });
    if (after) parts.push({ text: after, highlighted: false });
  }
  return parts;
}

/**
 * The caller's conversations (not in the trash) whose messages or title hold the words of `text`
 * (web search syntax: "a phrase", or, -word), most relevant first: a conversation ranks by its
 * best message, a title match counting double. Each comes with that message and a snippet.
 * Keyset pages over (rank, id); a cursor belongs to its query.
 */
export async function selectSearchPage(
  db: Database,
  userId: string,
  request: PageRequest & { query: string },
): Promise<Page<SearchResult>> {
  const words = searchWords(request.query);
  const bestMessages = db
    .selectFrom('messages')
    .where('user_id', '=', userId)
    .where((eb) => eb('search_vector', '@@', words))
    .distinctOn('conversation_id')
    .select((eb) => [
      'conversation_id',
      'id as message_id',
      'content',
      eb.fn<number>('ts_rank', ['search_vector', words]).as('rank'),
    ])
    .orderBy('conversation_id')
    .orderBy('rank', 'desc')
    .orderBy('id', 'desc');
  const ranked = db
    .selectFrom('conversations')
    .leftJoin(bestMessages.as('best'), 'best.conversation_id', 'conversations.id')
    .where('conversations.user_id', '=', userId)
    .where('conversations.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('best.conversation_id', 'is not', null), eb('conversations.title_vector', '@@', words)]))
    .select(CONVERSATION_COLUMNS.map((column) => `conversations.${column}` as const))
    .select((eb) => {
      const titleRank = eb.fn<number>('ts_rank', ['conversations.title_vector', words]);
      return [
        'best.message_id',
        eb.fn.coalesce('best.content', 'conversations.title', eb.val('')).as('matched_text'),
        eb
          .cast<number>(eb(eb.fn.coalesce('best.rank', eb.lit(0)), '+', eb(eb.lit<number>(2), '*', titleRank)), 'real')
          .as('rank'),
      ];
    });
  // Markers no text can hold by chance; ts_headline runs only for the page's rows (after the limit).
  const nonce = randomBytes(8).toString('hex');
  const [start, stop] = [`hl${nonce}start`, `hl${nonce}stop`];
  const options = `StartSel=${start}, StopSel=${stop}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`;
  const page = db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    // The configuration needs no cast here either: each four-argument ts_headline takes a regconfig first.
    .select((eb) =>
      eb.fn<string>('ts_headline', [eb.val(SEARCH_LANGUAGE), 'matched_text', words, eb.val(options)]).as('headline'),
    );
  const { items, nextCursor } = await keysetPage(
    page,
    {
      scope: searchScope('search', request.query),
      sortColumns: ['rank'],
      sortKinds: ['number'],
      toItem: (row) => ({
        id: row.id,
        rank: Number(row.rank),
        result: {
          conversation: toConversationOutput(row),
          messageId: row.message_id,
          snippet: snippetParts(row.headline, start, stop),
        },
      }),
      sortKeys: (item) => [item.rank],
    },
    request,
  );
  return { items: items.map((item) => item.result), nextCursor };
}
