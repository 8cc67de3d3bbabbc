import { configDefaults, defineConfig } from 'vitest/config';

/** Tests that need the `pgbouncer` project's pooler: they run only there. */
const POOLER_ONLY = '**/*.pgbouncer.test.ts';

/**
 * The API's core, run a second time through PgBouncer in transaction mode with the change feed
 * and migrations past it (docs/database-urls.md): auth, tasks, conversations, messages, chat
 * turns, live updates (two server processes included), import and export, the sign-in throttle.
 */
const THROUGH_POOLER = [
  'packages/api/test/auth.test.ts',
  'packages/api/test/tasks.test.ts',
  'packages/api/test/conversations.test.ts',
  'packages/api/test/messages.test.ts',
  'packages/api/test/chat-turns.test.ts',
  'packages/api/test/live.test.ts',
  'packages/api/test/imports.test.ts',
  'packages/api/test/sign-in-throttle.test.ts',
  'apps/server/test/chat.test.ts',
  'apps/server/test/live.test.ts',
  'apps/server/test/export-import.test.ts',
  POOLER_ONLY,
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, POOLER_ONLY],
          globalSetup: ['packages/db/src/testing/global-setup.ts', 'apps/web/test/global-setup.ts'],
          // Type tests (`*.test-d.ts`) are checked by tsc and reported as tests: a wrong type fails one.
          typecheck: {
            enabled: true,
            include: ['packages/*/test/**/*.test-d.ts'],
            tsconfig: 'packages/client/tsconfig.json',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'pgbouncer',
          include: THROUGH_POOLER,
          globalSetup: ['packages/db/src/testing/pgbouncer-global-setup.ts'],
        },
      },
    ],
  },
});
