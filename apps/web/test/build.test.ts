import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildInputsHash, webDist } from '../build/build-inputs.ts';
import { readBuildReport } from '../build/build-report.ts';

/** The package a bundled module comes from (`react-dom`, `@trpc/client`), or its repository folder. */
function origin(module: string): string {
  const inPackage = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  return inPackage?.[1] ?? module.split('/').slice(0, 2).join('/');
}

describe('the web app’s production build (made by the test run’s global setup)', () => {
  const report = readBuildReport(webDist);

  it('is the build of the current sources', () => {
    expect(report?.inputsHash).toBe(buildInputsHash());
  });

  it('is a production build (React’s production code, not its development checks)', () => {
    const react = report?.modules.filter((module) => /react-dom\/cjs\//.test(module)) ?? [];
    expect(react.length).toBeGreaterThan(0);
    expect(react.every((module) => module.includes('.production.'))).toBe(true);
  });

  it('holds the client and the browser libraries, and no server code', () => {
    const origins = new Set(report?.modules.map(origin));
    for (const part of ['apps/web', 'packages/client', 'react-dom', '@trpc/client', '@trpc/tanstack-react-query']) {
      expect(origins).toContain(part);
    }
    // tRPC's client shares @trpc/server's wire-format helpers (observables, error codes, stream decoding).
    const serverSide = [
      'packages/api',
      'packages/db',
      'apps/server',
      '@mikro-orm/core',
      '@mikro-orm/postgresql',
      'kysely',
      'pg',
      '@node-rs/argon2',
      'fastify',
      'pino',
      'zod',
      'ai',
    ];
    expect([...origins].filter((name) => serverSide.includes(name))).toEqual([]);
    const trpcServer = report?.modules.filter((module) => origin(module) === '@trpc/server') ?? [];
    expect(trpcServer.length).toBeGreaterThan(0);
    expect(trpcServer.filter((module) => /@trpc\/server\/dist\/adapters/.test(module))).toEqual([]);
  });

  it('reports the gzip size of every script and style it emits, and of those loaded at start', () => {
    const files = report?.files ?? [];
    // At start, one script and one style; the rest comes by dynamic import() when needed.
    const atStart = files.filter((file) => file.atStart);
    expect(atStart.map((file) => file.file.split('.').at(-1)).sort()).toEqual(['css', 'js']);
    for (const file of files) {
      const content = readFileSync(join(webDist, file.file));
      expect(file.bytes).toBe(content.length);
      expect(file.gzipBytes).toBe(gzipSync(content, { level: 9 }).length);
    }
    const total = (some: typeof files) => some.reduce((sum, file) => sum + file.gzipBytes, 0);
    expect(report?.gzipBytes).toBe(total(files));
    expect(report?.startGzipBytes).toBe(total(atStart));
  });

  it('loads the password-strength dictionaries only when a new password is typed, not at start', () => {
    const zxcvbn = (file: { modules: string[] }) =>
      file.modules.filter((module) => origin(module).startsWith('@zxcvbn-ts/'));
    const files = report?.files ?? [];
    expect(files.filter((file) => !file.atStart).flatMap(zxcvbn).length).toBeGreaterThan(0);
    expect(files.filter((file) => file.atStart).flatMap(zxcvbn)).toEqual([]);
  });
});

describe('buildInputsHash (when pnpm start builds again)', () => {
  it('changes with a file’s content or name, not with its time', () => {
    const root = mkdtempSync(join(tmpdir(), 'taskchat-web-inputs-'));
    try {
      writeFileSync(join(root, 'a.ts'), 'one');
      const hash = () => buildInputsHash(root, ['a.ts']);
      const first = hash();
      writeFileSync(join(root, 'a.ts'), 'one');
      expect(hash()).toBe(first);
      writeFileSync(join(root, 'a.ts'), 'two');
      expect(hash()).not.toBe(first);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
