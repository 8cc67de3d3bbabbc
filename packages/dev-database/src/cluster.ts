import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { type PostgresPrograms, postgresPrograms, SHARED_DIR } from './binaries.ts';
import { EmbeddedClusterError } from './cluster-error.ts';
import { addLease, dropAllLeases, dropLease, liveLeases } from './leases.ts';
import { isPostmaster, type Postmaster, readPostmaster } from './postmaster.ts';
import { canReach, postgresUser, type SystemUser } from './system-user.ts';

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  /** URL of a database with the given name on this server. */
  urlFor(database: string): string;
  /** Where the cluster lives: the directory asked for, or its relocated place (see `locate`). */
  clusterDir: string;
  /** PostgreSQL's own log. */
  logFile: string;
  /** This process stops using the cluster; the last one to let go stops it (and deletes a throwaway one). */
  release(): Promise<void>;
}

const USER = 'taskchat';
const ANSWER_TIMEOUT_MS = 20_000;
const execute = promisify(execFile);

/** Everything about one cluster directory: `pgdata`, its password, its log, who runs its programs. */
interface Cluster {
  dir: string;
  pgdata: string;
  logFile: string;
  passwordFile: string;
  user: SystemUser | null;
  programs: PostgresPrograms;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must reach the data directory. When `dir`
 * sits in a private checkout (a 0700 home, `mktemp -d`), the cluster moves to a place of its own
 * under SHARED_DIR, named after `dir`, so the same checkout always finds the same cluster.
 */
async function locate(dir: string, user: SystemUser | null): Promise<string> {
  const wanted = resolve(dir);
  await mkdir(wanted, { recursive: true });
  if (await canReach(user, wanted)) return wanted;
  const relocated = join(SHARED_DIR, 'clusters', createHash('sha256').update(wanted).digest('hex').slice(0, 16));
  await mkdir(relocated, { recursive: true });
  for (const parent of [SHARED_DIR, join(SHARED_DIR, 'clusters'), relocated]) await chmod(parent, 0o755);
  return relocated;
}

async function describeCluster(dir: string): Promise<Cluster> {
  const user = await postgresUser();
  const [clusterDir, programs] = await Promise.all([locate(dir, user), postgresPrograms(user)]);
  const pgdata = join(clusterDir, 'pgdata');
  return {
    dir: clusterDir,
    pgdata,
    logFile: join(pgdata, 'postgres.log'),
    passwordFile: join(clusterDir, 'password'),
    user,
    programs,
  };
}

/** Runs initdb or pg_ctl as the cluster's user, from a directory that user can reach. */
async function runProgram(cluster: Cluster, program: string, args: string[]): Promise<void> {
  await execute(program, args, { cwd: tmpdir(), ...(cluster.user ?? {}) });
}

/** Start, stop and adoption decisions are taken by one process at a time per cluster. */
async function withClusterLock<T>(cluster: Cluster, work: () => Promise<T>): Promise<T> {
  const unlock = await lockfile
    .lock(cluster.dir, {
      lockfilePath: join(cluster.dir, 'cluster.lock'),
      // Longer than the holder's worst case: initdb, then up to a minute for pg_ctl to start.
      retries: { retries: 1_800, factor: 1, minTimeout: 100, maxTimeout: 100 },
      onCompromised: () => {},
    })
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ELOCKED') throw error;
      throw new EmbeddedClusterError(
        `Another process has been starting or stopping the embedded PostgreSQL in ${cluster.dir} for 3 minutes: stop it, or run \`scripts/pnpm db:stop\``,
      );
    });
  try {
    return await work();
  } finally {
    // A lock taken over as stale after the work is done changes nothing.
    await unlock().catch(() => {});
  }
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const urlOf = (password: string, port: number, database: string) =>
  `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

/**
 * Whether the server accepts our connection yet. Refused connections, timeouts and "starting up"
 * mean not yet; any other refusal (a wrong password, no free connection slot) will not pass by
 * waiting and is reported as it is.
 */
async function answers(cluster: Cluster, url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === undefined || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P03') return false;
    throw new EmbeddedClusterError(
      `The embedded PostgreSQL in ${cluster.dir} refuses us: ${(error as Error).message} (${code})`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** The last line PostgreSQL logged, for a one-line error. */
async function lastLogLine(cluster: Cluster): Promise<string> {
  const log = await readFile(cluster.logFile, 'utf8').catch(() => '');
  return log.trim().split('\n').at(-1) ?? '';
}

async function initialise(cluster: Cluster): Promise<void> {
  const password = randomBytes(18).toString('base64url');
  await rm(cluster.pgdata, { recursive: true, force: true }); // what an interrupted initdb left (no PG_VERSION)
  await mkdir(cluster.pgdata, { mode: 0o700 });
  const passwordForInitdb = join(cluster.dir, 'initdb-password');
  await writeFile(passwordForInitdb, `${password}\n`, { mode: 0o600 });
  if (cluster.user) {
    await chown(cluster.pgdata, cluster.user.uid, cluster.user.gid);
    await chown(passwordForInitdb, cluster.user.uid, cluster.user.gid);
  }
  try {
    await runProgram(cluster, cluster.programs.initdb, [
      `--pgdata=${cluster.pgdata}`,
      `--username=${USER}`,
      `--pwfile=${passwordForInitdb}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      // PostgreSQL's own locale, the same on every OS (no dependence on the machine's locales).
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
    ]);
  } catch (error) {
    throw new EmbeddedClusterError(`initdb failed for the embedded PostgreSQL in ${cluster.dir}`, { cause: error });
  } finally {
    await rm(passwordForInitdb, { force: true });
  }
  await writeFile(cluster.passwordFile, `${password}\n`, { mode: 0o600 });
}

/** Starts PostgreSQL in the background (pg_ctl), detached from this process so others can share it. */
async function start(cluster: Cluster, settings: Record<string, string>, wantedPort?: number): Promise<void> {
  const port = wantedPort ?? (await freePort());
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    '-c unix_socket_directories=',
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ];
  try {
    await runProgram(cluster, cluster.programs.pgCtl, [
      'start',
      `--pgdata=${cluster.pgdata}`,
      `--log=${cluster.logFile}`,
      '--wait',
      '--timeout=60',
      `--options=${options.join(' ')}`,
    ]);
  } catch (error) {
    throw new EmbeddedClusterError(
      `The embedded PostgreSQL in ${cluster.dir} did not start: ${await lastLogLine(cluster)} (log: ${cluster.logFile})`,
      { cause: error },
    );
  }
}

/** Stops the cluster's server when one runs (someone may have stopped it already). Returns what it stopped. */
async function stopIfRunning(cluster: Cluster): Promise<Postmaster | null> {
  const postmaster = await readPostmaster(cluster.pgdata);
  if (!postmaster || !isPostmaster(postmaster.pid, cluster.pgdata)) return null;
  const pgCtlStop = (mode: string) =>
    runProgram(cluster, cluster.programs.pgCtl, ['stop', `--pgdata=${cluster.pgdata}`, `--mode=${mode}`, '--wait']);
  // A fast shutdown ends the sessions and checkpoints; one that hangs is cut short.
  await pgCtlStop('fast').catch(() => pgCtlStop('immediate'));
  return postmaster;
}

/**
 * Waits for a running PostgreSQL to answer (it may still be starting). False when it went away
 * meanwhile; an error naming the command that stops it when it never answers.
 */
async function waitUntilAnswering(cluster: Cluster, postmaster: Postmaster, password: string): Promise<boolean> {
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isPostmaster(postmaster.pid, cluster.pgdata)) return false;
    if (await answers(cluster, urlOf(password, postmaster.port, 'postgres'))) return true;
    await sleep(200);
  }
  throw new EmbeddedClusterError(
    `The embedded PostgreSQL in ${cluster.dir} (pid ${postmaster.pid}, port ${postmaster.port}) runs but does not answer: stop it with \`scripts/pnpm db:stop\` and start again`,
  );
}

/** The port of the cluster's running server: the one already there (shared or orphaned), else a new one. */
async function ensureRunning(cluster: Cluster, settings: Record<string, string>, port?: number): Promise<number> {
  for (;;) {
    const postmaster = await readPostmaster(cluster.pgdata);
    if (postmaster && isPostmaster(postmaster.pid, cluster.pgdata)) {
      const password = (await readFile(cluster.passwordFile, 'utf8')).trim();
      if (await waitUntilAnswering(cluster, postmaster, password)) return postmaster.port;
      continue; // it stopped while we waited: start it anew
    }
    // A pid file whose process is gone, or whose pid another program now has, would stop PostgreSQL.
    if (postmaster) await rm(join(cluster.pgdata, 'postmaster.pid'), { force: true });
    if (!existsSync(join(cluster.pgdata, 'PG_VERSION'))) await initialise(cluster);
    else if (!existsSync(cluster.passwordFile)) {
      // Never re-create a cluster that holds data: without its password it is the user's call.
      throw new EmbeddedClusterError(
        `The embedded PostgreSQL in ${cluster.dir} has lost its password file: restore ${cluster.passwordFile}, or delete ${cluster.pgdata} to start from scratch`,
      );
    }
    await start(cluster, settings, port);
    const started = await readPostmaster(cluster.pgdata);
    if (!started)
      throw new EmbeddedClusterError(`The embedded PostgreSQL in ${cluster.dir} exited right after starting`);
    return started.port;
  }
}

/** Stops the cluster if no live process uses it any more; a throwaway cluster is deleted. */
async function letGo(cluster: Cluster, persistent: boolean): Promise<void> {
  await withClusterLock(cluster, async () => {
    dropLease(cluster.dir);
    if (liveLeases(cluster.dir).length === 0) await stopIfRunning(cluster);
  });
  if (!persistent) await rm(cluster.dir, { recursive: true, force: true });
}

/** The same as `letGo` for a process ending without calling it (process.exit, end of the event loop). */
function letGoOnExit(cluster: Cluster, persistent: boolean): () => void {
  return () => {
    dropLease(cluster.dir);
    if (liveLeases(cluster.dir).length === 0) {
      try {
        execFileSync(cluster.programs.pgCtl, ['stop', `--pgdata=${cluster.pgdata}`, '--mode=fast', '--wait'], {
          cwd: tmpdir(),
          stdio: 'ignore',
          ...(cluster.user ?? {}),
        });
      } catch {
        // not running
      }
    }
    if (!persistent) rmSync(cluster.dir, { recursive: true, force: true });
  };
}

/**
 * Opens the embedded PostgreSQL whose cluster lives in `dir`: the server already running there
 * (started by another Taskchat process, or orphaned by one that was killed) is shared, else one
 * is started (and the cluster created first if needed). Each process calls `release` when done;
 * the last one stops the server. With `persistent: false` the cluster is deleted then.
 */
export async function openEmbeddedCluster(options: {
  dir: string;
  persistent: boolean;
  /** Server settings (`-c name=value`, plain words only) for when this call starts the server. */
  settings?: Record<string, string>;
  /** The port, for when this call starts the server; a free one when unset. */
  port?: number;
}): Promise<EmbeddedDatabase> {
  const cluster = await describeCluster(options.dir);
  const port = await withClusterLock(cluster, async () => {
    const running = await ensureRunning(cluster, options.settings ?? {}, options.port);
    liveLeases(cluster.dir); // forgets the processes that died without letting go
    addLease(cluster.dir);
    return running;
  });
  const password = (await readFile(cluster.passwordFile, 'utf8')).trim();
  const onExit = letGoOnExit(cluster, options.persistent);
  process.once('exit', onExit);
  return {
    adminUrl: urlOf(password, port, 'postgres'),
    urlFor: (database) => urlOf(password, port, database),
    clusterDir: cluster.dir,
    logFile: cluster.logFile,
    release: async () => {
      process.off('exit', onExit);
      await letGo(cluster, options.persistent);
    },
  };
}

export interface StoppedCluster {
  /** Where the cluster lives: `dir`, or its relocated place (see `locate`). */
  clusterDir: string;
  /** The server that was stopped; null when none ran. */
  stopped: Postmaster | null;
}

/** `pnpm db:stop`: stops the cluster in `dir` whoever uses it. Says where it lives and what was stopped. */
export async function stopEmbeddedCluster(dir: string): Promise<StoppedCluster> {
  const cluster = await describeCluster(dir);
  return await withClusterLock(cluster, async () => {
    const stopped = await stopIfRunning(cluster);
    dropAllLeases(cluster.dir);
    return { clusterDir: cluster.dir, stopped };
  });
}
