import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TEST_PASSWORD as password } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { startServer, useServer } from './server-harness.ts';
import { waitFor } from './server-process.ts';

const server = useServer();
const PURGE = fileURLToPath(new URL('../src/purge.ts', import.meta.url));

/** A user's conversation moved to the trash `daysAgo` days ago. */
async function trashedDaysAgo(daysAgo: number): Promise<string> {
  const { token } = await server.client().auth.signUp.mutate({ email: `${randomUUID()}@example.com`, password });
  const client = server.client(token);
  const { id } = await client.conversations.create.mutate({ title: `trashed ${daysAgo} days ago` });
  await client.conversations.delete.mutate({ id });
  await server.db.orm.em
    .getConnection()
    .execute(`update conversations set deleted_at = now() - ? * interval '1 day' where id = ?`, [daysAgo, id]);
  return id;
}

const exists = async (id: string) =>
  (await server.db.orm.em.getConnection().execute('select 1 from conversations where id = ?', [id])).length === 1;

describe('purging the trash', () => {
  it('runs in the server: what is past TRASH_RETENTION_DAYS goes at start, the rest stays', async () => {
    const expired = await trashedDaysAgo(31);
    const recent = await trashedDaysAgo(29);
    const purging = await startServer(server.db.orm, { TRASH_RETENTION_DAYS: '30' });
    try {
      await waitFor(
        () => purging.logs.some((line) => line.includes('purged conversations from the trash')),
        'the purge',
      );
      expect(await exists(expired)).toBe(false);
      expect(await exists(recent)).toBe(true);
    } finally {
      await purging.app.close();
    }
  });

  it('`pnpm db:purge` purges once and says how many went', async () => {
    const expired = await trashedDaysAgo(3);
    const { stdout } = await promisify(execFile)(process.execPath, [PURGE], {
      env: { PATH: process.env.PATH, DATABASE_URL: server.db.url, TRASH_RETENTION_DAYS: '2' },
    });
    expect(stdout).toMatch(/^Purged [1-9]\d* conversations? from the trash\.$/m);
    expect(await exists(expired)).toBe(false);
  });
});
