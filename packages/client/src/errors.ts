import type { AppRouter } from '@taskchat/api';
import { TRPCClientError } from '@trpc/client';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/** The tRPC error code of a failed call (`'NOT_FOUND'`, `'UNAUTHORIZED'`, …), or null for other errors. */
export function errorCode(error: unknown): TRPC_ERROR_CODE_KEY | null {
  if (error instanceof TRPCClientError) {
    return ((error as TRPCClientError<AppRouter>).data?.code as TRPC_ERROR_CODE_KEY | undefined) ?? null;
  }
  return null;
}

export function isTaskchatError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}
