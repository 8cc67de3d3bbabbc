/**
 * What a cluster's worker tells its primary over the IPC channel. Other messages share that
 * channel (a metrics registry's, say), so each of ours says it is one.
 */
export type WorkerMessage =
  /** The worker serves: it listens at `address` (the port the primary shares). */
  | { taskchat: 'listening'; address: string }
  /** The worker could not start; `message` is the one line saying why (startupFailureMessage). */
  | { taskchat: 'failed'; message: string };

export function isWorkerMessage(message: unknown): message is WorkerMessage {
  const kind = (message as { taskchat?: unknown } | null)?.taskchat;
  return kind === 'listening' || kind === 'failed';
}

/** Sends `message` to the primary; resolves once it is on its way (before the worker may exit). */
export function tellPrimary(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}
