/**
 * Full-text search. Every text is indexed twice: stemmed in `SEARCH_LANGUAGE`, so "running" finds
 * "run" and stop words are left out, and word for word with PostgreSQL's `simple` configuration,
 * so words of any language, names and codes match literally. A query is read both ways and either
 * reading may match.
 *
 * English is the default because the assistant, its prompts and its tool names are English; set
 * another of PostgreSQL's configurations (`select cfgname from pg_ts_config`) here and generate a
 * migration (`pnpm db:migration:create`): the stored vectors are computed by the database from
 * this expression, so changing it rewrites them.
 */
export const SEARCH_LANGUAGE = 'english';

/** The stored tsvector of a text column (NULL as empty), both ways. */
export function searchVectorSql(column: string): string {
  const text = `coalesce(${column}, '')`;
  return `to_tsvector('${SEARCH_LANGUAGE}', ${text}) || to_tsvector('simple', ${text})`;
}
