import { createTestDatabase, type TestDatabase } from '@taskchat/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect } from 'vitest';
import { type ApiDeps, createCaller, DEFAULT_SESSION_TTL_MS } from '../src/index.ts';

export type Caller = ReturnType<typeof createCaller>;

export interface Harness {
  db: TestDatabase;
  deps: ApiDeps;
  /** Errors the API logged, for asserting that causes are logged. */
  logged: { details: object; message: string }[];
  anonymous(): Caller;
  as(token: string): Caller;
  /** Signs up a fresh user and returns a caller acting as them. */
  newUser(label?: string): Promise<{ caller: Caller; token: string; userId: string; email: string }>;
}

/** A test database of this file's own and the API's dependencies on it, torn down after the file. */
export function useApi(): Harness {
  const harness = { logged: [] } as unknown as Harness;
  let counter = 0;
  beforeAll(async () => {
    harness.db = await createTestDatabase();
    harness.deps = {
      orm: harness.db.orm,
      sessionTtlMs: DEFAULT_SESSION_TTL_MS,
      logger: { error: (details, message) => harness.logged.push({ details, message }) },
    };
  });
  afterAll(() => harness.db.destroy());
  harness.anonymous = () => createCaller(harness.deps);
  harness.as = (token) => createCaller(harness.deps, { token });
  harness.newUser = async (label = 'user') => {
    counter += 1;
    const email = `${label}-${counter}-${Date.now()}@example.com`;
    const { user, token } = await createCaller(harness.deps).auth.signUp({ email, password: 'correct horse battery' });
    return { caller: createCaller(harness.deps, { token }), token, userId: user.id, email };
  };
  return harness;
}

/** Awaits a call that must fail with the given tRPC code; returns the error. */
export async function expectTrpcError(call: Promise<unknown>, code: TRPCError['code']): Promise<TRPCError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${code}, but the call succeeded`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return error as TRPCError;
}

/** Runs `call` for each page until nextCursor is null; `between` runs between page requests. */
export async function walkPages<T>(
  call: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  between: () => Promise<void> = async () => {},
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1_000; guard++) {
    const page = await call(cursor);
    pages.push(page.items);
    if (!page.nextCursor) return pages;
    cursor = page.nextCursor;
    await between();
  }
  throw new Error('pagination did not end');
}
