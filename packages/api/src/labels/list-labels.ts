import type { UserScope } from '../context.ts';
import { type LabelOutput, selectLabels } from './labels.data.ts';

/** `labels.list`: the caller's labels by name, each with how many open tasks carry it. */
export async function listLabels(ctx: UserScope): Promise<LabelOutput[]> {
  return await selectLabels(ctx.db, ctx.userId);
}
