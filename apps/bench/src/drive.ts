import autocannon from 'autocannon';
import type { HttpRequest } from './scenarios.ts';

/**
 * Drives `next`'s requests for `seconds`, telling `onAnswer` every answer's status and time:
 * autocannon's own figures keep whole milliseconds and count a 401 as a failure.
 */
export function drive(
  origin: string,
  connections: number,
  seconds: number,
  next: () => HttpRequest,
  onAnswer: (status: number, ms: number) => void,
): Promise<{ socketErrors: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        connections,
        duration: seconds,
        requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
      },
      (error, result) => (error ? reject(error) : resolve({ socketErrors: result.errors, seconds: result.duration })),
    );
    instance.on('response', (_client, status, _bytes, ms) => onAnswer(Number(status), ms));
  });
}

/** `request` sent again and again from `connections` for `seconds`: each answered call's time, and the failures. */
export async function measureCalls(
  origin: string,
  request: HttpRequest,
  connections: number,
  seconds: number,
): Promise<{ latencies: number[]; seconds: number; errors: number }> {
  const latencies: number[] = [];
  let refusals = 0;
  const driven = await drive(
    origin,
    connections,
    seconds,
    () => request,
    (status, ms) => (status >= 200 && status < 300 ? latencies.push(ms) : refusals++),
  );
  return { latencies, seconds: driven.seconds, errors: refusals + driven.socketErrors };
}
