import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { TEST_PASSWORD, useTestDatabase } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Runs `node src/main.ts` as `pnpm start` does, collecting its output. */
function startServer(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  return { child, output };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, 'exit');
  return code as number | null;
}

describe('the server process', () => {
  const db = useTestDatabase();

  it('refuses to start on a bad setting, with one message naming the variable', async () => {
    const { child, output } = startServer({ DATABASE_URL: db.url, PORT: 'eighty' });
    expect(await exitCode(child)).toBe(1);
    expect(output.stderr.trim().split('\n')).toHaveLength(1);
    expect(output.stderr).toMatch(/^Invalid configuration: PORT /);
  });

  it('shuts down on SIGINT (Ctrl-C) as well, exit 0', async () => {
    const { child, output } = startServer({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info' });
    await waitFor(() => /listening on (http:\/\/\S+) /.test(output.stdout), 'the server to listen');
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
    expect(output.stdout).toMatch(/"signal":"SIGINT".*"msg":"shutting down"/);
  });

  it('finishes an in-flight request on SIGTERM, then exits 0 and accepts no more connections', async () => {
    const { child, output } = startServer({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info' });
    await waitFor(() => /listening on (http:\/\/\S+) /.test(output.stdout), 'the server to listen');
    const origin = /listening on (http:\/\/\S+) /.exec(output.stdout)?.[1] as string;

    // Ten sign-ups in one batch: ten argon2 hashes keep the request busy while the signal arrives.
    const size = 10;
    const paths = Array.from({ length: size }, () => 'auth.signUp').join(',');
    const input = Object.fromEntries(
      Array.from({ length: size }, (_, i) => [
        i,
        { json: { email: `drain${i}@example.com`, password: TEST_PASSWORD } },
      ]),
    );
    const inFlight = fetch(`${origin}/trpc/${paths}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'in-flight' },
      body: JSON.stringify(input),
    });
    await waitFor(() => output.stdout.includes('"reqId":"in-flight"'), 'the request to arrive');
    child.kill('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(200);
    const results = (await response.json()) as { result?: unknown }[];
    expect(results.filter((r) => r.result)).toHaveLength(size);
    expect(await exitCode(child)).toBe(0);
    await expect(fetch(`${origin}/healthz`)).rejects.toThrow();
  });
});
