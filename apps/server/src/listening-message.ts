import type { DatabaseHandle } from '@taskchat/db';
import { assistantFrom, assistantLine } from './chat-settings.ts';
import type { ServerConfig } from './config.ts';

/**
 * What `pnpm start` prints once the server listens: where (tests and the README read this line),
 * how many processes serve it, the embedded cluster's data, and which assistant answers.
 */
export function listeningMessage(address: string, database: DatabaseHandle, config: ServerConfig): string {
  const processes = config.WEB_CONCURRENCY > 1 ? `; ${config.WEB_CONCURRENCY} server processes` : '';
  const data = database.embeddedDir ? `\nEmbedded PostgreSQL data: ${database.embeddedDir}` : '';
  return `Taskchat listening on ${address} (tRPC at ${address}/trpc${processes})${data}\n${assistantLine(assistantFrom(config))}`;
}
