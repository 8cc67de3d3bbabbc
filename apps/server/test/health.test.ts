import { Writable } from 'node:stream';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig, migrateUp } from '@taskchat/db';
import { createEmptyDatabase } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

describe('health and readiness', () => {
  it('/readyz answers 503 once the database is gone, while /healthz still answers', async () => {
    const database = await createEmptyDatabase();
    // A server starts on a migrated database (its OAuth server reads its keys there).
    await migrateUp(database.url);
    const orm = await MikroORM.init(createOrmConfig(database.url, { pool: { min: 0, max: 1 } }));
    const logs: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const app = await buildServer(loadConfig({ LOG_LEVEL: 'info' }), orm, { stream: logStream });
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect(await (await fetch(`${origin}/readyz`)).json()).toEqual({ status: 'ok' });
      await database.destroy(); // drops it, ending the pool's connections
      const ready = await fetch(`${origin}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable' });
      const failure = logs.map((line) => JSON.parse(line)).find((line) => line.msg === 'readiness check failed');
      expect(failure?.err?.message).toEqual(expect.any(String));
      const healthy = await fetch(`${origin}/healthz`);
      expect(healthy.status).toBe(200);
    } finally {
      await app.close();
      await orm.close(true);
    }
  });
});
