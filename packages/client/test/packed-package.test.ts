import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { API_CONTRACT_VERSION } from '@taskchat/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../../../apps/server/test/server-harness.ts';
import { CONTRACT_VERSION } from '../src/index.ts';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const outsideSources = fileURLToPath(new URL('./outside-project/', import.meta.url));
const require = createRequire(import.meta.url);

/** The versions this workspace installed from its lockfile: the outside project uses the same. */
const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

/** The environment without pnpm's and npm's own settings: the outside project is nobody's workspace. */
function outsideEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)));
}

/** The module specifiers a JavaScript or declaration file imports. */
function importedModules(code: string): string[] {
  const specifiers = code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g);
  return [...new Set([...specifiers].map((match) => match[1] as string))].sort();
}

const RUNTIME_PACKAGES = ['@trpc/client', '@trpc/server', 'eventsource', 'superjson'];
/** Server-side packages (a scope ends in `/`), and the server's schema library: none may reach a frontend. */
const SERVER_PACKAGES = ['@taskchat/', '@mikro-orm/', '@node-rs/argon2', 'kysely', 'pg', 'zod', 'fastify', 'ai'];

const server = useServer();
const work = mkdtempSync(join(tmpdir(), 'taskchat-client-'));
const app = join(work, 'outside-app');
const unpacked = join(work, 'unpacked');
let tarball = '';

beforeAll(async () => {
  // `pnpm pack` builds first (the package's prepack script).
  await run('pnpm', ['--filter', '@taskchat/client', 'pack', '--pack-destination', work], { cwd: repoRoot });
  tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz')) ?? 'no tarball');
  mkdirSync(unpacked);
  await run('tar', ['-xzf', tarball, '-C', unpacked]);

  mkdirSync(app);
  const manifest = {
    name: 'outside-app',
    private: true,
    type: 'module',
    dependencies: {
      '@taskchat/client': `file:${tarball}`,
      typescript: installedVersion('typescript'),
      '@types/node': installedVersion('@types/node'),
    },
  };
  writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const file of ['main.ts', 'wrong-input.ts']) copyFileSync(join(outsideSources, file), join(app, file));
  // Libraries are checked too (no skipLibCheck): the packed declarations must compile. The DOM lib
  // is a frontend's, and @trpc/client's declarations need it (RequestInfo).
  const compilerOptions = { target: 'es2022', lib: ['es2022', 'dom'], strict: true, noEmit: true, skipLibCheck: false };
  const tsconfigs = {
    bundler: { module: 'esnext', moduleResolution: 'bundler', types: ['node'] },
    nodenext: { module: 'nodenext', moduleResolution: 'nodenext', types: ['node'] },
  };
  for (const [mode, options] of Object.entries(tsconfigs)) {
    const tsconfig = { compilerOptions: { ...compilerOptions, ...options }, files: ['main.ts', 'wrong-input.ts'] };
    writeFileSync(join(app, `tsconfig.${mode}.json`), JSON.stringify(tsconfig, null, 2));
  }
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, env: outsideEnv() });
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed @taskchat/client', () => {
  it('holds the build, the README and package.json, nothing else', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual([
      'package/README.md',
      'package/dist/index.d.ts',
      'package/dist/index.js',
      'package/package.json',
    ]);
  });

  it('has a package.json that points at the build and depends on run-time packages only', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package/package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.exports).toEqual({ '.': { types: './dist/index.d.ts', import: './dist/index.js' } });
    expect(manifest.types).toBe('./dist/index.d.ts');
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.engines.node).toMatch(/^>=\d+/);
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@trpc/client', 'eventsource', 'superjson']);
    expect(Object.keys(manifest.peerDependencies)).toEqual(['@trpc/server']);
    for (const range of [...Object.values(manifest.dependencies), ...Object.values(manifest.peerDependencies)]) {
      expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
    }
    // The package's major.minor is the API contract's (README, "Versioning").
    expect(manifest.version.split('.').slice(0, 2)).toEqual(API_CONTRACT_VERSION.split('.').slice(0, 2));
    expect(CONTRACT_VERSION).toBe(API_CONTRACT_VERSION);
  });

  it('has a .d.ts and .js that import only the run-time packages and mention no server-side package', () => {
    for (const file of ['dist/index.d.ts', 'dist/index.js']) {
      const code = readFileSync(join(unpacked, 'package', file), 'utf8');
      const imported = importedModules(code);
      expect(imported.length, file).toBeGreaterThan(0);
      expect(
        imported.filter((name) => !RUNTIME_PACKAGES.includes(name)),
        file,
      ).toEqual([]);
      for (const name of SERVER_PACKAGES) {
        const specifier = new RegExp(`["']${name}${name.endsWith('/') ? '' : `["'/]`}`);
        expect(code, `${file} mentions ${name}`).not.toMatch(specifier);
      }
    }
    // The router's types are inlined: procedures, inputs, outputs, events and error codes.
    const types = readFileSync(join(unpacked, 'package/dist/index.d.ts'), 'utf8');
    expect(types).toMatch(/create: TRPCMutationProcedure<\{\s*input: \{\s*title: string;/);
    expect(types).toMatch(/type ChatEvent = \{\s*type: "user-message";/);
    expect(types).toContain('"UNAUTHORIZED"');
  });

  it.each(['bundler', 'nodenext'])(
    'type-checks an outside project under moduleResolution %s: only the misspelt input fails',
    async (mode) => {
      const typescript = join(app, 'node_modules/typescript/bin/tsc');
      const result = await run(process.execPath, [typescript, '-p', `tsconfig.${mode}.json`], { cwd: app }).then(
        () => ({ stdout: 'no error' }),
        (error: { stdout: string }) => error,
      );
      const errors = result.stdout.split('\n').filter((line) => line.includes('error TS'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^wrong-input\.ts\(\d+,\d+\): error TS\d+: .*'titel'/);
    },
  );

  it('runs the outside project against a live server', async () => {
    const { stdout } = await run(process.execPath, ['main.ts', `${server.origin}/trpc`], { cwd: app });
    const seen = JSON.parse(stdout);
    console.log(`outside project saw: ${stdout.trim()}`);
    expect(seen).toEqual({
      compatibility: { compatible: true, client: CONTRACT_VERSION, server: API_CONTRACT_VERSION },
      email: true,
      createdTitle: 'Written from outside',
      createdAtIsDate: true,
      change: { type: 'created', title: 'Outside' },
      chatEvents: expect.arrayContaining(['user-message', 'assistant-message']),
      listedTitles: ['Written from outside', 'buy oat milk'],
      missingTaskError: 'NOT_FOUND',
    });
  });
});
