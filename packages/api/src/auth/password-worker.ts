import { setPriority } from 'node:os';
import { hashSync, verifySync } from '@node-rs/argon2';
import { type PasswordOwner, passwordWeakness } from './password-strength.ts';

/** What the password hasher asks of one of its worker threads. */
export type PasswordTask =
  | { kind: 'hash'; password: string }
  /** Which of the candidates (tried in order) the hash is of: its index, or -1. */
  | { kind: 'match'; passwordHash: string; candidates: string[] }
  /** Why a new password is too easy to guess, or null (`password-strength.ts`). */
  | { kind: 'strength'; password: string; owner: PasswordOwner };

// Linux keeps a nice value per thread: this thread, and only it, runs at the lowest priority, so
// the kernel gives a core to the event loop and PostgreSQL first and works with what is left.
// Elsewhere the call would lower the whole server, so this work runs at normal priority there.
if (process.platform === 'linux') setPriority(19);

/** argon2id with the library's recommended costs, or the strength rule: each runs to its end, as this thread does nothing else. */
export default function run(task: PasswordTask): string | number | Promise<string | null> {
  if (task.kind === 'hash') return hashSync(task.password);
  if (task.kind === 'strength') return passwordWeakness(task.password, task.owner);
  return task.candidates.findIndex((candidate) => verifySync(task.passwordHash, candidate));
}
