import { type ApiDeps, createContext } from './context.ts';
import { appRouter } from './router.ts';
import { createCallerFactory } from './trpc.ts';

const callerFactory = createCallerFactory(appRouter);

/**
 * Calls procedures in-process (tests, scripts) as the holder of `token`, or anonymously, from
 * `clientAddress` (none: per-address limits do not apply) with `userAgent` (none: its sessions
 * record none). Aborting `signal` ends the
 * subscriptions opened through it. A streamed answer is an async iterable the caller reads itself.
 */
export function createCaller(
  deps: ApiDeps,
  options: { token?: string; signal?: AbortSignal; clientAddress?: string; userAgent?: string } = {},
) {
  const authorization = options.token ? `Bearer ${options.token}` : null;
  return callerFactory(
    () =>
      createContext(deps, {
        authorization,
        clientAddress: options.clientAddress ?? null,
        userAgent: options.userAgent ?? null,
        canStream: true,
      }),
    options.signal ? { signal: options.signal } : {},
  );
}
