import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useTestDatabase } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { listeningPids, logRecords, send, servedBy } from './cluster-process.ts';
import { families, valueIn } from './exposition.ts';
import { freePort } from './server-harness.ts';
import { exitCode, listeningOrigin, startServerProcess } from './server-process.ts';

const TOKEN = 'cluster-metrics-token-0123456789';
const CALLS = 'taskchat_trpc_calls_total';
const VERSION_OK = { procedure: 'version.get', outcome: 'OK' };

describe('/metrics of several server processes (WEB_CONCURRENCY=2)', { timeout: 60_000 }, () => {
  const db = useTestDatabase();

  it("serves every worker's metrics merged, on METRICS_PORT from the primary and behind METRICS_TOKEN from any worker", async () => {
    const metricsPort = await freePort();
    const server = startServerProcess({
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'info',
      WEB_CONCURRENCY: '2',
      DATABASE_POOL_SIZE: '3',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: TOKEN,
    });
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    try {
      const origin = await listeningOrigin(server);
      const workers = listeningPids(server);
      expect(new Set(workers).size).toBe(2);

      // Each call on a connection of its own: the primary hands them to the workers in turn.
      const sent = 6;
      const servedVersion = new Set<number>();
      for (let i = 0; i < sent; i++) {
        const requestId = `version-${randomUUID()}`;
        expect((await send(origin, '/trpc/version.get', { requestId })).status).toBe(200);
        servedVersion.add(await servedBy(server, requestId));
      }
      expect(servedVersion).toEqual(new Set(workers));

      // The primary's own port: the sum of both workers' counts, and gauges summed as each says.
      const response = await fetch(metricsUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const merged = await response.text();
      expect(valueIn(merged, CALLS, VERSION_OK)).toBe(sent);
      expect(valueIn(merged, 'taskchat_db_pool_max_connections')).toBe(2 * 3);
      expect(families(merged).get('taskchat_http_request_duration_seconds')).toBe('histogram');
      expect(valueIn(merged, 'nodejs_version_info')).toBe(1);
      expect(families(merged).has('process_start_time_seconds')).toBe(false);

      // The main port, whichever worker answers: the same merged counts.
      const servedScrapes = new Set<number>();
      for (let i = 0; i < 4; i++) {
        const requestId = `scrape-${randomUUID()}`;
        const scrape = await send(origin, '/metrics', { requestId, token: TOKEN });
        expect(scrape.status).toBe(200);
        expect(valueIn(scrape.body, CALLS, VERSION_OK)).toBe(sent);
        servedScrapes.add(await servedBy(server, requestId));
      }
      expect(servedScrapes).toEqual(new Set(workers));
      expect((await send(origin, '/metrics')).status).toBe(401);
      expect((await send(origin, '/metrics', { token: `${TOKEN}x` })).status).toBe(401);

      // A worker that does not answer (stopped) fails the scrape, rather than leaving its counts out.
      const [stopped] = workers as [number];
      process.kill(stopped, 'SIGSTOP');
      try {
        expect((await fetch(metricsUrl)).status).toBe(503);
      } finally {
        process.kill(stopped, 'SIGCONT');
      }
      expect(valueIn(await (await fetch(metricsUrl)).text(), CALLS, VERSION_OK)).toBe(sent);
      expect(logRecords(server.output).some((record) => record.msg === 'metrics unavailable')).toBe(true);
    } finally {
      server.child.kill('SIGTERM');
      expect(await exitCode(server.child)).toBe(0);
    }
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });

  it('refuses to start, in one line, when METRICS_PORT is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const server = startServerProcess({
        DATABASE_URL: db.url,
        PORT: '0',
        WEB_CONCURRENCY: '2',
        METRICS_PORT: String(port),
      });
      expect(await exitCode(server.child)).toBe(1);
      expect(server.output.stderr).toBe(
        `METRICS_PORT ${port} on 127.0.0.1 is already in use: set METRICS_PORT to a free one or stop the program using it.\n`,
      );
    } finally {
      taken.close();
    }
  });
});
