import { request } from 'node:http';
import { type ServerProcess, waitFor } from './server-process.ts';

/** The JSON log lines a process and its workers wrote to stdout. */
export function logRecords(output: ServerProcess['output']): Record<string, unknown>[] {
  return output.stdout.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    return [JSON.parse(line) as Record<string, unknown>];
  });
}

/** The pids of the workers that said they listen, in order (each worker's Fastify logs it with its pid). */
export const listeningPids = (server: ServerProcess) =>
  logRecords(server.output)
    .filter((record) => String(record.msg).startsWith('Server listening at'))
    .map((record) => record.pid as number);

/** The pid of the worker that logged the request `requestId`. */
export async function servedBy(server: ServerProcess, requestId: string): Promise<number> {
  const find = () => logRecords(server.output).find((record) => record.reqId === requestId);
  await waitFor(() => find() !== undefined, `the log line of ${requestId}`, 10_000);
  return find()?.pid as number;
}

/**
 * One request on a connection of its own (the primary hands each new connection to the next
 * worker), tagged `x-request-id` so the log says which worker served it.
 */
export function send(
  origin: string,
  path: string,
  options: { requestId?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; body: string }> {
  const body = options.body === undefined ? undefined : JSON.stringify({ json: options.body });
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${origin}${path}`,
      {
        method: body === undefined ? 'GET' : 'POST',
        agent: false,
        headers: {
          ...(options.requestId && { 'x-request-id': options.requestId }),
          ...(options.token && { authorization: `Bearer ${options.token}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
