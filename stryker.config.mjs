/**
 * Mutation testing (`pnpm test:mutation`): StrykerJS changes the code one small edit (mutant) at a
 * time and runs the tests that cover it; a mutant no test notices is a gap in the suite.
 * Incremental: a rerun retests only mutants in changed code or covered by changed tests.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'pnpm',
  testRunner: 'vitest',
  // Named, because pnpm's strict node_modules hides it from Stryker's own plugin search.
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Module-level code (schemas, constants, entity definitions) runs once on import, so each of its
  // mutants would need the whole suite (Stryker estimated 95% of the run time for them). Left out.
  ignoreStatic: true,
  mutate: [
    'packages/api/src/**/*.ts',
    'packages/db/src/rules/**/*.ts',
    'packages/db/src/ids.ts',
    'apps/server/src/**/*.ts',
    // Run only in a child process (`node src/main.ts`, a cluster's workers), out of the runner's reach; their tests drive them from outside.
    '!apps/server/src/main.ts',
    '!apps/server/src/{serve,migrated-database,listening-message}.ts',
    '!apps/server/src/cluster/{primary,worker,worker-messages}.ts',
    // Likewise: tracing starts only in that child process, when an OTLP endpoint is set (tracing.test.ts).
    '!apps/server/src/start-tracing.ts',
    '!apps/server/src/tracing.ts',
    '!**/index.ts',
  ],
  // Workspace packages import each other through pnpm's symlinks, which a sandbox copy would bypass:
  // mutants are written into the real files, and restored when the run ends.
  inPlace: true,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 20_000,
  tempDirName: '.stryker-tmp',
};
