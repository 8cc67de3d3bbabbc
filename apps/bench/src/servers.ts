import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Taskchat, the same stack with nothing of ours (Fastify + tRPC + pg), and the raw node:http + pg limit. */
export type Target = 'taskchat' | 'ceiling' | 'baseline';

const entries: Record<Target, string> = {
  taskchat: fileURLToPath(new URL('../../server/src/main.ts', import.meta.url)),
  ceiling: fileURLToPath(new URL('./ceiling-server.ts', import.meta.url)),
  baseline: fileURLToPath(new URL('./baseline-server.ts', import.meta.url)),
};

export interface RunningTarget {
  origin: string;
  /** The server's process id: the fan-out scenario reads its memory. */
  pid: number;
  stop(): Promise<void>;
}

/** What a scenario adds to the usual start: Node flags and environment variables. */
export interface TargetExtras {
  nodeArgs?: string[];
  /** Another build's entry file instead of the target's own (another checkout's server, to compare). */
  entry?: string;
  env?: Record<string, string>;
}

/** Starts a server in its own process on a free port, as production runs it. */
export async function startTarget(
  target: Target,
  databaseUrl: string,
  poolSize: number,
  cpuProfileDir: string | null,
  extras: TargetExtras = {},
): Promise<RunningTarget> {
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfileDir, target)}`] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...profile, ...(extras.nodeArgs ?? []), extras.entry ?? entries[target]],
    {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: String(poolSize),
        PORT: '0',
        // No chat quota: the bench's one chat user sends hundreds of turns a minute.
        CHAT_TURNS_PER_MINUTE: '0',
        CHAT_TURNS_PER_DAY: '0',
        ...extras.env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const origin = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/[\d.:]+)/i.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`${target} server exited (${code}) before listening:\n${output}`)));
  });
  return {
    origin,
    pid: child.pid as number,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
