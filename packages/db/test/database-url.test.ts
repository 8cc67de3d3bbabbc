import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseUrlRequiredError, openDatabase } from '../src/index.ts';

describe('openDatabase', () => {
  it('uses DATABASE_URL as it is, in production too, and has no embedded cluster to let go of', async () => {
    const url = 'postgres://app:secret@db.example.com:5432/taskchat';
    const database = await openDatabase({ NODE_ENV: 'production', DATABASE_URL: url });
    expect(database.url).toBe(url);
    expect(database.directUrl).toBe(url);
    expect(database.embeddedDir).toBeNull();
    await database.release();
  });

  it('takes DATABASE_DIRECT_URL for what needs a session, and refuses it without DATABASE_URL', async () => {
    const pooled = 'postgres://app:secret@db-pooler.example.com:5432/taskchat';
    const direct = 'postgres://app:secret@db.example.com:5432/taskchat';
    const database = await openDatabase({ NODE_ENV: 'production', DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct });
    expect([database.url, database.directUrl]).toEqual([pooled, direct]);
    await expect(openDatabase({ DATABASE_DIRECT_URL: direct })).rejects.toThrow(
      /^DATABASE_DIRECT_URL is set without DATABASE_URL: set both$/,
    );
    await expect(openDatabase({ DATABASE_URL: pooled, DATABASE_DIRECT_URL: 'mysql://x/y' })).rejects.toThrow(
      /^DATABASE_DIRECT_URL must be a postgres/,
    );
  });

  it('refuses production without DATABASE_URL, before any embedded cluster exists', async () => {
    const dir = join(tmpdir(), `taskchat-never-${process.pid}`);
    for (const DATABASE_URL of [undefined, '']) {
      const opening = openDatabase({ NODE_ENV: 'production', DATABASE_URL, EMBEDDED_DATA_DIR: dir });
      await expect(opening).rejects.toBeInstanceOf(DatabaseUrlRequiredError);
      await expect(opening).rejects.toThrow(
        /^DATABASE_URL is required when NODE_ENV=production \(the embedded PostgreSQL is for development only\)$/,
      );
    }
    expect(existsSync(dir)).toBe(false);
  });
});
