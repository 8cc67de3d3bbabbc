import { publicProcedure, router } from '../trpc.ts';
import { getVersion } from './get-version.ts';

export const versionRouter = router({
  /** The contract version this server speaks; public, so a client can check it before signing in. */
  get: publicProcedure.query(() => getVersion()),
});
