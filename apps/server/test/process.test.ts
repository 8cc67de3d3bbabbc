import { spawn } from 'node:child_process';
import { TEST_PASSWORD, useTestDatabase } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { exitCode, listeningOrigin, MAIN, startServerProcess as startServer, waitFor } from './server-process.ts';

describe('the server process', () => {
  const db = useTestDatabase();

  it('refuses to start on a bad setting, with one message naming the variable', async () => {
    const { child, output } = startServer({ DATABASE_URL: db.url, PORT: 'eighty' });
    expect(await exitCode(child)).toBe(1);
    expect(output.stderr.trim().split('\n')).toHaveLength(1);
    expect(output.stderr).toMatch(/^Invalid configuration: PORT /);
  });

  it('says on start which assistant answers: the offline one with how to configure a model, or the model and its host', async () => {
    const stopped = async (server: ReturnType<typeof startServer>) => {
      await listeningOrigin(server);
      await waitFor(() => server.output.stdout.includes('Assistant: '), 'the assistant line');
      server.child.kill('SIGTERM');
      await exitCode(server.child);
      return server.output.stdout;
    };
    const offline = await stopped(startServer({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'warn' }));
    expect(offline).toMatch(
      /^Assistant: the built-in offline assistant \(no model configured\)\. To use a model, set CHAT_MODEL_BASE_URL and CHAT_MODEL /m,
    );
    const model = await stopped(
      startServer({
        DATABASE_URL: db.url,
        PORT: '0',
        LOG_LEVEL: 'warn',
        // Never asked at start: nothing listens there.
        CHAT_MODEL_BASE_URL: 'http://someone:url-password@127.0.0.1:9/v1',
        CHAT_MODEL: 'llama3.2',
        CHAT_MODEL_API_KEY: 'sk-start-secret',
      }),
    );
    expect(model).toMatch(/^Assistant: llama3\.2 at 127\.0\.0\.1:9$/m);
    expect(model).not.toMatch(/url-password|sk-start-secret/);
  });

  it('logs readable lines on a terminal (outside production), JSON lines otherwise', async () => {
    // `script` runs the server with a pseudo-terminal as its stdout, as a developer's shell does.
    const terminal = spawn('script', ['-qefc', `"${process.execPath}" "${MAIN}"`, '/dev/null'], {
      env: { PATH: process.env.PATH, DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let shown = '';
    terminal.stdout.on('data', (chunk) => (shown += chunk));
    try {
      await waitFor(() => /INFO.*Server listening at http/.test(shown), 'a readable log line');
      expect(shown).not.toContain('"level":');
    } finally {
      process.kill(-(terminal.pid as number), 'SIGTERM');
      await exitCode(terminal);
    }

    const piped = startServer({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'development' });
    await listeningOrigin(piped);
    piped.child.kill('SIGTERM');
    await exitCode(piped.child);
    expect(piped.output.stdout).toMatch(/^\{"level":30,.*"msg":"Server listening at http/m);
  });

  it('shuts down on SIGINT (Ctrl-C) as well, exit 0', async () => {
    const server = startServer({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info' });
    const { child, output } = server;
    await listeningOrigin(server);
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
    expect(output.stdout).toMatch(/"signal":"SIGINT".*"msg":"shutting down"/);
  });

  it('drains on SIGTERM: /readyz answers 503 for SHUTDOWN_DRAIN_DELAY while requests are still served, then exits 0', async () => {
    const server = startServer({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info', SHUTDOWN_DRAIN_DELAY: '1500' });
    const origin = await listeningOrigin(server);
    expect(await (await fetch(`${origin}/readyz`)).json()).toEqual({ status: 'ok' });
    server.child.kill('SIGTERM');
    await waitFor(() => server.output.stdout.includes('shutting down'), 'the shutdown to begin');
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'draining' });
    // Still serving: the balancer has not stopped sending yet.
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/trpc/version.get`)).status).toBe(200);
    expect(await exitCode(server.child)).toBe(0);
  });

  it('finishes an in-flight request on SIGTERM, then exits 0 and accepts no more connections', async () => {
    const server = startServer({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info' });
    const { child, output } = server;
    const origin = await listeningOrigin(server);

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
