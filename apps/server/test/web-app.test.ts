import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase } from '@taskchat/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './server-harness.ts';

describe('the web app at /', () => {
  const db = useTestDatabase();
  const root = mkdtempSync(join(tmpdir(), 'taskchat-web-root-'));
  const servers: RunningServer[] = [];
  const start = async (webRoot: string) => {
    const server = await startServer(db.orm, { WEB_ROOT: webRoot });
    servers.push(server);
    return server;
  };

  beforeAll(() => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Taskchat</title>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'build-report.json'), '{}');
    writeFileSync(join(root, '.secret'), 'a dotfile');
  });
  afterAll(async () => {
    for (const server of servers) await server.app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the page, revalidated and locked to its own origin, and its hashed assets cached for good', async () => {
    const { origin } = await start(root);
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>Taskchat</title>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const asset = await fetch(`${origin}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-security-policy')).toBeNull();
  });

  it('keeps the build report, unknown files and paths outside the build to itself, and the API where it was', async () => {
    const { origin, client } = await start(root);
    expect((await fetch(`${origin}/build-report.json`)).status).toBe(404);
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
    const outside = await fetch(`${origin}/..%2f..%2fetc%2fpasswd`);
    expect([403, 404]).toContain(outside.status);
    expect(await outside.text()).not.toContain('root:');
    const dotfile = await fetch(`${origin}/.secret`);
    expect([403, 404]).toContain(dotfile.status);
    expect(await dotfile.text()).not.toContain('a dotfile');
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    await expect(client().auth.me.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  });

  it('says how to build the app when there is no build, and serves none with WEB_ROOT=none', async () => {
    const missing = await start(join(root, 'no-such-build'));
    const page = await fetch(`${missing.origin}/`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('scripts/pnpm start');
    expect(missing.logs.some((line) => JSON.parse(line).msg.includes('the web app is not built'))).toBe(true);

    const apiOnly = await start('none');
    expect((await fetch(`${apiOnly.origin}/`)).status).toBe(404);
    expect((await fetch(`${apiOnly.origin}/healthz`)).status).toBe(200);
  });
});
