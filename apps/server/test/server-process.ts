import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
}

/**
 * Runs `node src/main.ts` (or another checkout's) as `pnpm start` does, collecting its output;
 * `detached`, in a process group of its own, as a terminal runs it (a group signal reaches its workers too).
 */
export function startServerProcess(env: NodeJS.ProcessEnv, main = MAIN, detached = false): ServerProcess {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  return { child, output };
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The origin the server prints once it listens; fails with its output if it exits first. */
export async function listeningOrigin({ child, output }: ServerProcess): Promise<string> {
  const listening = /listening on (http:\/\/\S+) /;
  await waitFor(() => listening.test(output.stdout) || child.exitCode !== null, 'the server to listen');
  const origin = listening.exec(output.stdout)?.[1];
  if (!origin) throw new Error(`the server exited (${child.exitCode}): ${output.stderr}`);
  return origin;
}

export async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = await once(child, 'exit');
  return code as number | null;
}
