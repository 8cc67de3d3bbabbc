import { protectedProcedure, router } from '../trpc.ts';
import { listLabels } from './list-labels.ts';

export const labelsRouter = router({
  list: protectedProcedure.query(({ ctx }) => listLabels(ctx)),
});
