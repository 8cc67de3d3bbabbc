import { expect } from 'vitest';

/**
 * The tRPC code of a failed call, from an in-process caller (a TRPCError holds it as `code`) or
 * from @taskchat/client over HTTP (a TRPCClientError holds it in `data.code`).
 */
function codeOf(error: unknown): unknown {
  const { code, data } = (error ?? {}) as { code?: unknown; data?: { code?: unknown } };
  return typeof code === 'string' ? code : data?.code;
}

/** Awaits a call that must fail with the given tRPC code (`'NOT_FOUND'`, …); returns the error. */
export async function expectErrorCode<E = Error>(call: Promise<unknown>, code: string): Promise<E> {
  const outcome = await call.then(
    (value: unknown) => ({ failed: false as const, value }),
    (error: unknown) => ({ failed: true as const, error }),
  );
  if (!outcome.failed) expect.fail(`expected ${code}, but the call succeeded with ${JSON.stringify(outcome.value)}`);
  expect(codeOf(outcome.error), String(outcome.error)).toBe(code);
  return outcome.error as E;
}
