import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresUser } from '@taskchat/dev-database';
import { withClient } from '../database-admin.ts';
import { proveSessionHeld } from '../session-check.ts';

/** Debian's PgBouncer (`apt-get install pgbouncer`; `.ci/run` installs it). */
export const PGBOUNCER = '/usr/sbin/pgbouncer';

export interface PgBouncer {
  /** The server's `postgres` database through the pooler: `withDatabase` gives any other (the `*` entry routes every name). */
  adminUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Resolves once PgBouncer listens; fails with its last words when it stops or cannot run before that. */
async function listening(child: ChildProcess, log: () => string): Promise<void> {
  const stderr = child.stderr;
  if (!stderr) throw new Error('PgBouncer was started without a stderr pipe');
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      stderr.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    const onData = () => {
      if (!log().includes('process up')) return;
      done();
      resolve();
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`PgBouncer exited (${code}) before listening: ${log().trim().split('\n').at(-1)}`));
    };
    const onError = (error: Error) => {
      done();
      reject(new Error(`PgBouncer did not start (${error.message}): is it installed at ${PGBOUNCER}?`));
    };
    stderr.on('data', onData);
    child.on('exit', onExit);
    child.on('error', onError);
  });
}

export interface PgBouncerOptions {
  /** `transaction` (the default, as Neon's pooled endpoint) or `session` (a session keeps its server connection). */
  poolMode?: 'transaction' | 'session';
  /** The loopback port to listen on (another PgBouncer's, after it stopped); a free one by default. */
  port?: number;
}

/**
 * A PgBouncer of the caller's own, in transaction mode unless told otherwise, in front of the
 * PostgreSQL of `serverAdminUrl`, on a loopback port, with its configuration in a temporary
 * directory. Clients log in with the server's own user and password (SCRAM, checked by PgBouncer
 * against its auth file, which also logs PgBouncer into the server). PgBouncer refuses to run as
 * root: as root it runs as the `postgres` system user (`-u`), as the embedded PostgreSQL does.
 */
export async function startPgBouncer(serverAdminUrl: string, options: PgBouncerOptions = {}): Promise<PgBouncer> {
  const server = new URL(serverAdminUrl);
  const dir = await mkdtemp(join(tmpdir(), 'taskchat-pgbouncer-'));
  const port = options.port ?? (await freePort());
  const user = decodeURIComponent(server.username);
  const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;
  await writeFile(join(dir, 'users.txt'), `${quoted(user)} ${quoted(decodeURIComponent(server.password))}\n`, {
    mode: 0o600,
  });
  await writeFile(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'users.txt')}`,
      `pool_mode = ${options.poolMode ?? 'transaction'}`,
      // Per database, and every test file has its own: its ORM's 10 connections and its tests' own fit.
      'default_pool_size = 20',
      'max_client_conn = 1000',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  const runAs = await postgresUser();
  if (runAs) {
    await chown(dir, runAs.uid, runAs.gid);
    await chown(join(dir, 'users.txt'), runAs.uid, runAs.gid);
  }
  const child = spawn(PGBOUNCER, [...(runAs ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Its log, kept short: what it said last explains a failure.
  let log = '';
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4_000)));
  try {
    await listening(child, () => log);
  } catch (error) {
    child.kill();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const adminUrl = new URL(serverAdminUrl);
  adminUrl.hostname = '127.0.0.1';
  adminUrl.port = String(port);
  return {
    adminUrl: adminUrl.toString(),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `proveSessionHeld` on a connection of its own to `url`: SessionNotHeldError through a transaction pooler. */
export async function proveSessionHeldOn(url: string): Promise<void> {
  await withClient(url, (client) => proveSessionHeld(client, url));
}
