import { publicProcedure, router } from '../trpc.ts';
import { API_CONTRACT_VERSION } from './contract-version.ts';

export const versionRouter = router({
  /** The contract version this server speaks; public, so a client can check it before signing in. */
  get: publicProcedure.query(() => ({ contract: API_CONTRACT_VERSION })),
});
