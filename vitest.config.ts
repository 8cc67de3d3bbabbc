import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    globalSetup: ['packages/db/src/testing/global-setup.ts', 'apps/web/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Type tests (`*.test-d.ts`) are checked by tsc and reported as tests: a wrong type fails one.
    typecheck: {
      enabled: true,
      include: ['packages/*/test/**/*.test-d.ts'],
      tsconfig: 'packages/client/tsconfig.json',
    },
  },
});
