import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTaskchatClient, errorCode } from '@taskchat/client';
import { TEST_PASSWORD, useTestDatabase } from '@taskchat/db/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCode, listeningOrigin, type ServerProcess, startServerProcess, waitFor } from './server-process.ts';

const run = promisify(execFile);
const checkout = fileURLToPath(new URL('../../../', import.meta.url));

/** The pid of the PostgreSQL serving a cluster directory, from its `postmaster.pid`. */
async function postmasterPid(clusterDir: string): Promise<number> {
  return Number((await readFile(join(clusterDir, 'pgdata', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An ended process its parent has not collected yet (a zombie) still answers to its id.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

const stopped = (pid: number) => waitFor(() => !isRunning(pid), `PostgreSQL (pid ${pid}) to stop`);

const dataLine = (server: ServerProcess) => /Embedded PostgreSQL data: (\S+)/.exec(server.output.stdout)?.[1] as string;

async function signUpAndIn(signUpAt: string, signInAt: string, email: string) {
  await createTaskchatClient({ url: `${signUpAt}/trpc` }).auth.signUp.mutate({ email, password: TEST_PASSWORD });
  return await createTaskchatClient({ url: `${signInAt}/trpc` }).auth.signIn.mutate({ email, password: TEST_PASSWORD });
}

describe('the embedded cluster shared by server processes', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  // Every cleanup runs, in reverse order, even when one fails: a server left running keeps a cluster alive.
  afterEach(async () => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => failures.push(error));
    if (failures.length) throw failures[0];
  });

  /**
   * A server on the embedded cluster in `dir` (EMBEDDED_DATA_DIR), killed after the test if still
   * running. In development: production refuses to start without DATABASE_URL.
   */
  function startOnCluster(dir: string, env: NodeJS.ProcessEnv = {}, main?: string): ServerProcess {
    const server = startServerProcess(
      { NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', EMBEDDED_DATA_DIR: dir, ...env },
      main,
    );
    cleanups.push(async () => {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGTERM');
        await exitCode(server.child);
      }
    });
    return server;
  }

  async function clusterDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'taskchat-cluster-'));
    await chmod(dir, 0o755); // mkdtemp makes it private; reachable, the cluster stays in it
    cleanups.push(async () => {
      await run(process.execPath, [join(checkout, 'packages/dev-database/src/cli/stop.ts')], {
        env: { PATH: process.env.PATH, EMBEDDED_DATA_DIR: dir },
      });
      await rm(dir, { recursive: true, force: true });
    });
    return dir;
  }

  it('serves two processes from one cluster, which stops when the last of them ends', { timeout: 90_000 }, async () => {
    const dir = await clusterDir();
    const first = startOnCluster(dir);
    const firstOrigin = await listeningOrigin(first);
    const second = startOnCluster(dir);
    const secondOrigin = await listeningOrigin(second);
    expect(dataLine(first)).toBe(dir);
    const pid = await postmasterPid(dir);

    // One database: an account made through one process signs in through the other.
    const session = await signUpAndIn(firstOrigin, secondOrigin, 'shared@example.com');
    expect(session.user.email).toBe('shared@example.com');
    expect(readdirSync(join(dir, 'clients')).sort()).toEqual([first.child.pid, second.child.pid].map(String).sort());

    first.child.kill('SIGTERM');
    expect(await exitCode(first.child)).toBe(0);
    expect(isRunning(pid)).toBe(true);
    expect((await fetch(`${secondOrigin}/readyz`)).status).toBe(200);

    second.child.kill('SIGTERM');
    expect(await exitCode(second.child)).toBe(0);
    await stopped(pid);
  });

  it('adopts the cluster a killed server left running, and stops it at the end', { timeout: 90_000 }, async () => {
    const dir = await clusterDir();
    const killed = startOnCluster(dir);
    const killedOrigin = await listeningOrigin(killed);
    await createTaskchatClient({ url: `${killedOrigin}/trpc` }).auth.signUp.mutate({
      email: 'before@example.com',
      password: TEST_PASSWORD,
    });
    const pid = await postmasterPid(dir);
    killed.child.kill('SIGKILL');
    await exitCode(killed.child);
    expect(isRunning(pid)).toBe(true); // orphaned

    const next = startOnCluster(dir);
    const origin = await listeningOrigin(next);
    expect(await postmasterPid(dir)).toBe(pid); // adopted, not a second server
    const client = createTaskchatClient({ url: `${origin}/trpc` });
    await expect(client.auth.signIn.mutate({ email: 'before@example.com', password: TEST_PASSWORD })).resolves.toEqual(
      expect.objectContaining({ token: expect.any(String) }),
    );
    expect(readdirSync(join(dir, 'clients'))).toEqual([String(next.child.pid)]); // the dead lease is gone

    next.child.kill('SIGTERM');
    expect(await exitCode(next.child)).toBe(0);
    await stopped(pid);
  });

  it('pnpm db:stop stops the cluster on request; its server then answers 503 (procedures too) and still shuts down cleanly', {
    timeout: 90_000,
  }, async () => {
    const dir = await clusterDir();
    const server = startOnCluster(dir);
    const origin = await listeningOrigin(server);
    const pid = await postmasterPid(dir);
    const anonymous = createTaskchatClient({ url: `${origin}/trpc` });
    const email = `outage-${randomUUID()}@example.com`;
    const { token } = await anonymous.auth.signUp.mutate({ email, password: TEST_PASSWORD });

    const stop = () =>
      run(process.execPath, [join(checkout, 'packages/dev-database/src/cli/stop.ts')], {
        env: { PATH: process.env.PATH, EMBEDDED_DATA_DIR: dir },
      });
    expect((await stop()).stdout).toBe(`Stopped the embedded PostgreSQL (pid ${pid}) in ${dir}\n`);
    await stopped(pid);
    expect((await fetch(`${origin}/readyz`)).status).toBe(503);
    // An outage is a 503 the client can retry, not a 500: for a procedure, and for the session lookup.
    const signIn = await anonymous.auth.signIn.mutate({ email, password: TEST_PASSWORD }).catch((error) => error);
    expect(errorCode(signIn)).toBe('SERVICE_UNAVAILABLE');
    expect(signIn.data.httpStatus).toBe(503);
    const signedIn = createTaskchatClient({ url: `${origin}/trpc`, token });
    expect(errorCode(await signedIn.tasks.list.query().catch((error) => error))).toBe('SERVICE_UNAVAILABLE');

    server.child.kill('SIGTERM');
    expect(await exitCode(server.child)).toBe(0);
    expect((await stop()).stdout).toBe(`No embedded PostgreSQL runs in ${dir}\n`);
  });

  it('starts from a private (0700) copy of the checkout, as root too', { timeout: 120_000 }, async () => {
    const home = await mkdtemp(join(tmpdir(), 'taskchat-private-'));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    await chmod(home, 0o700);
    const copy = join(home, 'taskchat');
    await mkdir(copy);
    // Hard links: a full tree (node_modules and the PostgreSQL binaries included) in a second.
    for (const entry of ['apps', 'packages', 'node_modules', 'package.json', 'tsconfig.base.json']) {
      await run('cp', ['-al', join(checkout, entry), join(copy, entry)]);
    }

    const server = startOnCluster('', {}, join(copy, 'apps/server/src/main.ts'));
    const origin = await listeningOrigin(server);
    const data = dataLine(server);
    cleanups.push(() => rm(data, { recursive: true, force: true }));
    if (process.getuid?.() === 0) {
      // The postgres user cannot enter the 0700 directory: the cluster lives where it can.
      expect(data.startsWith('/var/lib/taskchat/clusters/')).toBe(true);
    } else {
      expect(data).toBe(join(copy, '.data/postgres'));
    }
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
    const session = await signUpAndIn(origin, origin, 'private@example.com');
    expect(session.user.email).toBe('private@example.com');

    // pnpm db:stop of that copy names the directory the cluster really lives in.
    const pid = await postmasterPid(data);
    const { stdout } = await run(process.execPath, [join(copy, 'packages/dev-database/src/cli/stop.ts')], {
      env: { PATH: process.env.PATH },
    });
    const asked = join(copy, '.data/postgres');
    const where = data === asked ? data : `${data} (the relocated cluster of ${asked})`;
    expect(stdout).toBe(`Stopped the embedded PostgreSQL (pid ${pid}) in ${where}\n`);
    await stopped(pid);

    server.child.kill('SIGTERM');
    expect(await exitCode(server.child)).toBe(0);
  });
});

describe('a server that cannot start', () => {
  const db = useTestDatabase();

  it('refuses NODE_ENV=production without DATABASE_URL in one line, exit 1, and creates no cluster', async () => {
    const home = await mkdtemp(join(tmpdir(), 'taskchat-production-'));
    try {
      const dir = join(home, 'postgres');
      const server = startServerProcess({ NODE_ENV: 'production', PORT: '0', EMBEDDED_DATA_DIR: dir });
      expect(await exitCode(server.child)).toBe(1);
      expect(server.output.stderr).toBe(
        'DATABASE_URL is required when NODE_ENV=production (the embedded PostgreSQL is for development only)\n',
      );
      expect(server.output.stdout).toBe('');
      expect(existsSync(dir)).toBe(false);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('says in one line that the port is taken and which variable to change, exit 1', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const server = startServerProcess({ DATABASE_URL: db.url, PORT: String(port) });
      expect(await exitCode(server.child)).toBe(1);
      expect(server.output.stderr).toBe(
        `Port ${port} on 127.0.0.1 is already in use: set PORT to a free one (PORT=${port + 1} scripts/pnpm start) or stop the program using it.\n`,
      );
    } finally {
      holder.close();
    }
  });

  it('says in one line that the database is unreachable, exit 1', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const server = startServerProcess({
      DATABASE_URL: `postgres://nobody:secret@127.0.0.1:${port}/taskchat`,
      PORT: '0',
    });
    expect(await exitCode(server.child)).toBe(1);
    expect(server.output.stderr).toBe(
      'Cannot reach PostgreSQL (ECONNREFUSED): check that it runs and that DATABASE_URL points at it.\n',
    );
  });
});
