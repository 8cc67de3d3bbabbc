import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The account PostgreSQL's programs run as. */
export interface SystemUser {
  uid: number;
  gid: number;
}

async function postgresIds(): Promise<SystemUser> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/**
 * PostgreSQL refuses to run as root, so as root its programs run as the `postgres` system user,
 * created when missing (containers, CI images); as anyone else, as themselves (null).
 */
export async function postgresUser(): Promise<SystemUser | null> {
  if (process.getuid?.() !== 0) return null;
  try {
    return await postgresIds();
  } catch {
    // Two processes may race to create it; the loser's useradd fails and the user exists all the same.
    await run('groupadd', ['--force', 'postgres']).catch(() => {});
    await run('useradd', ['--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']).catch(
      () => {},
    );
    return await postgresIds();
  }
}

/** Whether `user` may search the directory (or execute the file) at `path`, every parent included. */
export async function canReach(user: SystemUser | null, path: string): Promise<boolean> {
  if (!user) return true;
  try {
    await run('test', ['-x', path], { uid: user.uid, gid: user.gid, cwd: '/' });
    return true;
  } catch {
    return false;
  }
}
