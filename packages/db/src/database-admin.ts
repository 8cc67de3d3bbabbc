import pg from 'pg';

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs statements on a short-lived connection (CREATE/DROP DATABASE cannot run in a pool transaction). */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const from = template ? ` template ${quoteIdent(template)}` : '';
  await withClient(adminUrl, (client) => client.query(`create database ${quoteIdent(name)}${from}`));
}

/** Creates the database unless it exists; two processes starting at once both succeed. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  if (await databaseExists(adminUrl, name)) return;
  await createDatabase(adminUrl, name).catch((error: { code?: string }) => {
    if (error.code !== '42P04') throw error; // duplicate_database: the other process made it
  });
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(`drop database if exists ${quoteIdent(name)} with (force)`));
}

export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  return await withClient(adminUrl, async (client) => {
    const result = await client.query('select 1 from pg_database where datname = $1', [name]);
    return result.rowCount === 1;
  });
}

/** The same server's URL with another database name (keeps credentials and parameters such as sslmode). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
