import type { AppRouter } from '@taskchat/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/** React bindings of the API: `useTRPC()` gives query and mutation options, `useTRPCClient()` the client itself. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
