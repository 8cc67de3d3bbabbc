import type { Database } from '../database.ts';
import { keysetPage, type Page, type PageRequest } from '../pagination/keyset-page.data.ts';
import { searchScope, searchWords } from '../search/search-words.data.ts';
import { TASK_COLUMNS, type TaskOutput, type TaskRow, toTaskOutputs } from './tasks.data.ts';

/**
 * The caller's tasks (open or done, not in the trash) whose title or description holds the words
 * of `query` (web search syntax, as `conversations.search`), most relevant first. Keyset pages over
 * (rank, id); a cursor belongs to its query.
 */
export async function selectTaskSearchPage(
  db: Database,
  userId: string,
  request: PageRequest & { query: string },
  zone: string,
): Promise<Page<TaskOutput>> {
  const words = searchWords(request.query);
  const ranked = db
    .selectFrom('tasks')
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb('search_vector', '@@', words))
    .select(TASK_COLUMNS)
    .select((eb) => eb.cast<number>(eb.fn<number>('ts_rank', ['search_vector', words]), 'real').as('rank'));
  const { items, nextCursor } = await keysetPage(
    db.selectFrom(ranked.as('ranked')).selectAll(),
    {
      scope: searchScope('tasks:search', request.query),
      sortColumns: ['rank'],
      sortKinds: ['number'],
      toItem: (row): { id: string; rank: number; row: TaskRow } => ({ id: row.id, rank: Number(row.rank), row }),
      sortKeys: (item) => [item.rank],
    },
    request,
  );
  const tasks = await toTaskOutputs(
    db,
    userId,
    items.map((item) => item.row),
    zone,
  );
  return { items: tasks, nextCursor };
}
