import { TEST_PASSWORD, type UsedTestDatabase, useTestDatabase } from '@taskchat/db/testing';
import { afterAll, beforeAll } from 'vitest';
import { type ApiDeps, ChangeFeed, createApiDeps, createCaller, databaseOf } from '../src/index.ts';

export type Caller = ReturnType<typeof createCaller>;

export interface Harness {
  db: UsedTestDatabase;
  deps: ApiDeps;
  /** What the API logged (errors and notices), for asserting that causes are logged. */
  logged: { details: object; message: string }[];
  anonymous(): Caller;
  as(token: string): Caller;
  /** Signs up a fresh user and returns a caller acting as them. */
  newUser(label?: string): Promise<{ caller: Caller; token: string; userId: string; email: string }>;
}

/** A test database of this file's own and the API's dependencies on it (with `overrides`), torn down after the file. */
export function useApi(overrides: Partial<ApiDeps> = {}): Harness {
  const db = useTestDatabase();
  const harness = { db, logged: [] } as unknown as Harness;
  let counter = 0;
  beforeAll(async () => {
    const log = (details: object, message: string) => harness.logged.push({ details, message });
    const logger = { error: log, info: log };
    harness.deps = createApiDeps(
      {
        db: databaseOf(db.orm),
        logger,
        feed: new ChangeFeed({ url: db.directUrl, logger, subscriptionsPerUser: 10 }),
      },
      overrides,
    );
    await harness.deps.feed.start();
  });
  afterAll(() => harness.deps.feed.stop());
  harness.anonymous = () => createCaller(harness.deps);
  harness.as = (token) => createCaller(harness.deps, { token });
  harness.newUser = async (label = 'user') => {
    counter += 1;
    const email = `${label}-${counter}-${Date.now()}@example.com`;
    const { user, token } = await createCaller(harness.deps).auth.signUp({ email, password: TEST_PASSWORD });
    return { caller: createCaller(harness.deps, { token }), token, userId: user.id, email };
  };
  return harness;
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
