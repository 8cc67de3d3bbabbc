import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@taskchat/db';
import { TEST_PASSWORD as password, startRestartableServer } from '@taskchat/db/testing';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import { describe, expect, it } from 'vitest';
import { startServer } from './server-harness.ts';

interface ErrorBody {
  error: { json: { message: string; data: { code: string; retryAfter: number | null } } };
}

describe('a database outage', () => {
  it('answers 503 with Retry-After while PostgreSQL is down, logs it once, and serves again when it returns', async () => {
    const postgres = await startRestartableServer();
    const { url } = await createMigratedDatabase(postgres.adminUrl, 'taskchat_outage');
    const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 4 } }));
    const running = await startServer(orm);
    try {
      const email = `${randomUUID()}@example.com`;
      const { token } = await running.client().auth.signUp.mutate({ email, password });
      const list = () => fetch(`${running.origin}/trpc/tasks.list`, { headers: { authorization: `Bearer ${token}` } });
      const signIn = () =>
        fetch(`${running.origin}/trpc/auth.signIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ json: { email, password } }),
        });
      expect((await list()).status).toBe(200);

      await postgres.pause();
      const during = [];
      for (let i = 0; i < 3; i++) during.push(await list(), await signIn());
      for (const response of during) {
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        const { error } = (await response.json()) as ErrorBody;
        expect(error.json.message).toBe('The database is unavailable; try again shortly');
        expect(error.json.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: 5 });
      }
      expect((await fetch(`${running.origin}/readyz`)).status).toBe(503);
      const outageLines = () => running.logs.filter((line) => line.includes('the database is unavailable'));
      expect(outageLines()).toHaveLength(1);

      // The same server, never restarted, serves again once PostgreSQL is back.
      await postgres.resume();
      const deadline = Date.now() + 30_000;
      while ((await list()).status !== 200) {
        if (Date.now() > deadline) throw new Error('no 200 within 30 s of PostgreSQL returning');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect((await signIn()).status).toBe(200);
      const back = running.logs.filter((line) => line.includes('the database is available again'));
      expect(back).toHaveLength(1);
      expect(JSON.parse(back[0] as string).failedRequests).toBeGreaterThanOrEqual(6);
      expect(outageLines()).toHaveLength(1);
    } finally {
      await running.app.close();
      await orm.close(true);
      await postgres.stop();
    }
  });
});
