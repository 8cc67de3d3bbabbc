import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@taskchat/db';
import { startRestartableServer } from '@taskchat/db/testing';
import { createMigratedDatabase } from '@taskchat/db/throwaway';
import { describe, expect, it } from 'vitest';
import { mcpUser, postMcp, rpcAnswer } from './mcp-clients.ts';
import { startServer } from './server-harness.ts';

describe('/mcp in a database outage', () => {
  it('answers 503 with Retry-After while PostgreSQL is down, and serves the same token again when it returns', async () => {
    const postgres = await startRestartableServer();
    const { url } = await createMigratedDatabase(postgres.adminUrl, 'taskchat_mcp_outage');
    const orm = await MikroORM.init(createOrmConfig(url, { pool: { min: 0, max: 4 } }));
    const running = await startServer(orm);
    try {
      const user = await mcpUser(running.origin);
      const { secret } = await user.accessToken();
      const call = () =>
        postMcp(running.origin, secret, {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'list_tasks', arguments: {} },
        });
      expect((await call()).status).toBe(200);

      await postgres.pause();
      for (let i = 0; i < 3; i++) {
        const response = await call();
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(await rpcAnswer(response)).toMatchObject({
          error: { message: 'The database is unavailable; try again shortly' },
        });
      }

      await postgres.resume();
      const deadline = Date.now() + 30_000;
      let response = await call();
      while (response.status !== 200) {
        if (Date.now() > deadline) throw new Error('no 200 within 30 s of PostgreSQL returning');
        await new Promise((resolve) => setTimeout(resolve, 200));
        response = await call();
      }
      expect(await rpcAnswer(response)).toMatchObject({ result: { structuredContent: { tasks: [] } } });
    } finally {
      await running.app.close();
      await orm.close(true);
      await postgres.stop();
    }
  });
});
