import { setPriority } from 'node:os';
import { hashSync, verifySync } from '@node-rs/argon2';

/** What the password hasher asks of one of its worker threads. */
export type HashTask =
  | { kind: 'hash'; password: string }
  /** Which of the candidates (tried in order) the hash is of: its index, or -1. */
  | { kind: 'match'; passwordHash: string; candidates: string[] };

// Linux keeps a nice value per thread: this thread, and only it, runs at the lowest priority, so
// the kernel gives a core to the event loop and PostgreSQL first and hashes with what is left.
// Elsewhere the call would lower the whole server, so hashing runs at normal priority there.
if (process.platform === 'linux') setPriority(19);

/** argon2id with the library's recommended costs, synchronously: this thread does nothing else. */
export default function run(task: HashTask): string | number {
  if (task.kind === 'hash') return hashSync(task.password);
  return task.candidates.findIndex((candidate) => verifySync(task.passwordHash, candidate));
}
