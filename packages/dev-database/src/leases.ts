import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './postmaster.ts';

/**
 * Which processes use a cluster: one file per process id in `<cluster>/clients`. The cluster stops
 * when the last one lets go; the file of a process that died without letting go (SIGKILL, OOM)
 * names a dead pid and no longer counts.
 */
const leasesDir = (clusterDir: string) => join(clusterDir, 'clients');

export function addLease(clusterDir: string): void {
  mkdirSync(leasesDir(clusterDir), { recursive: true });
  writeFileSync(join(leasesDir(clusterDir), String(process.pid)), '');
}

export function dropLease(clusterDir: string): void {
  rmSync(join(leasesDir(clusterDir), String(process.pid)), { force: true });
}

/** The processes still using the cluster; files of dead ones are removed on the way. */
export function liveLeases(clusterDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(leasesDir(clusterDir));
  } catch {
    return [];
  }
  const pids = names.map(Number).filter((pid) => Number.isInteger(pid) && pid > 0);
  for (const pid of pids.filter((pid) => !isAlive(pid)))
    rmSync(join(leasesDir(clusterDir), String(pid)), { force: true });
  return pids.filter(isAlive);
}

export function dropAllLeases(clusterDir: string): void {
  rmSync(leasesDir(clusterDir), { recursive: true, force: true });
}
