import cluster, { type Worker } from 'node:cluster';
import { clusterMetricsText, type MetricsText } from '@taskchat/api';
import type { DatabaseHandle } from '@taskchat/db';
import pino, { type Logger } from 'pino';
import type { ServerConfig } from '../config.ts';
import { listeningMessage } from '../listening-message.ts';
import { loggerOptions, prettyLogs } from '../logger.ts';
import { startMetricsListener } from '../metrics/metrics-listener.ts';
import { openMigratedDatabase } from '../migrated-database.ts';
import { startupFailureMessage } from '../startup-failure.ts';
import { answerMetricsRequests } from './metrics-requests.ts';
import { RestartPolicy } from './restart-policy.ts';
import { isWorkerMessage, type WorkerMessage } from './worker-messages.ts';

/**
 * `WEB_CONCURRENCY=N` (N > 1): the cluster's primary. It opens the database and migrates it once,
 * then forks N workers (worker.ts) that each serve on the one port, which the primary holds and
 * hands connections out from in turn. It prints the one "Taskchat listening on …" line when all
 * of them listen, replaces a worker that ends unexpectedly (RestartPolicy), passes SIGTERM/SIGINT
 * on to every worker, each of which drains and stops by itself, and exits when all have ended:
 * 0, or 1 when one failed. A failure to start is one line on stderr and exit 1.
 * The primary serves no request itself, only the cluster's metrics (docs/metrics.md): on
 * METRICS_PORT, and to a worker asked for them on the main port (METRICS_TOKEN).
 */
export async function runPrimary(config: ServerConfig): Promise<void> {
  let database: DatabaseHandle;
  try {
    database = await openMigratedDatabase();
  } catch (error) {
    console.error(startupFailureMessage(error, config));
    process.exit(1);
  }
  const logger = pino(loggerOptions(config.LOG_LEVEL, prettyLogs(process.stdout.isTTY, process.env.NODE_ENV)));
  const serverCluster = new ServerCluster(config, database, logger);
  if (config.METRICS_PORT !== undefined) {
    try {
      const source = () =>
        serverCluster.metrics().catch((error: unknown) => {
          logger.warn({ err: error }, 'metrics unavailable');
          throw error;
        });
      const listener = await startMetricsListener({ host: config.METRICS_HOST, port: config.METRICS_PORT }, source);
      logger.info({ address: listener.address }, 'metrics of every server process served on their own port');
    } catch (error) {
      console.error(startupFailureMessage(error, config));
      await database.release().catch(() => {});
      process.exit(1);
    }
  }
  serverCluster.start();
}

/** What each worker's environment gets on top of the primary's: the database the primary opened (the embedded cluster's URL, too). */
const workerEnvironment = (database: DatabaseHandle): NodeJS.ProcessEnv => ({
  DATABASE_URL: database.url,
  DATABASE_DIRECT_URL: database.directUrl,
});

interface Member {
  worker: Worker;
  listening: boolean;
  /** Why it could not start, in its own words (startupFailureMessage). */
  failure?: string;
}

class ServerCluster {
  readonly #members = new Set<Member>();
  readonly #restarts = new Set<NodeJS.Timeout>();
  readonly #policy = new RestartPolicy();
  #state: 'starting' | 'serving' | 'stopping' = 'starting';
  #failed = false;

  readonly #config: ServerConfig;
  readonly #database: DatabaseHandle;
  readonly #logger: Logger;

  constructor(config: ServerConfig, database: DatabaseHandle, logger: Logger) {
    this.#config = config;
    this.#database = database;
    this.#logger = logger;
  }

  start(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        if (this.#state === 'stopping') return;
        this.#logger.info({ signal }, 'shutting down every server process');
        this.#stop();
      });
    }
    for (let i = 0; i < this.#config.WEB_CONCURRENCY; i++) this.#fork();
  }

  /**
   * Every worker's metrics merged (prom-client's AggregatorRegistry), or a refusal while one of the
   * WEB_CONCURRENCY is missing (starting, being replaced, stopped), so that no answer silently
   * counts only some. A worker that serves has shared its metrics (exposeMetrics) before it listened.
   */
  readonly metrics = (): Promise<MetricsText> => {
    const serving = [...this.#members].filter(({ worker, listening }) => listening && worker.isConnected()).length;
    if (serving < this.#config.WEB_CONCURRENCY) {
      return Promise.reject(new Error(`${serving} of ${this.#config.WEB_CONCURRENCY} server processes serve`));
    }
    // Asks the connected workers now, in this same turn of the event loop as the count.
    return clusterMetricsText();
  };

  #fork(): void {
    const member: Member = { worker: cluster.fork(workerEnvironment(this.#database)), listening: false };
    const { worker } = member;
    this.#members.add(member);
    answerMetricsRequests(worker, this.metrics);
    worker.on('message', (message: unknown) => {
      if (isWorkerMessage(message)) this.#heard(member, message);
    });
    worker.on('error', (error) =>
      this.#logger.error({ err: error, worker: worker.process.pid }, 'server process error'),
    );
    // A failure's message may still be in the channel when the exit is reported: both come first.
    let exit: [code: number | null, signal: string | null] | undefined;
    let disconnected = false;
    const ended = () => {
      if (exit && disconnected) this.#ended(member, ...exit);
    };
    worker.once('exit', (code: number | null, signal: string | null) => {
      exit = [code, signal];
      ended();
    });
    worker.once('disconnect', () => {
      disconnected = true;
      ended();
    });
  }

  #heard(member: Member, message: WorkerMessage): void {
    if (message.taskchat === 'failed') {
      member.failure = message.message;
      return;
    }
    member.listening = true;
    if (this.#state === 'serving') {
      this.#logger.info({ worker: member.worker.process.pid }, 'a replacement server process listens');
    } else if (this.#state === 'starting' && this.#members.size === this.#config.WEB_CONCURRENCY) {
      if (![...this.#members].every((each) => each.listening)) return;
      this.#state = 'serving';
      console.log(listeningMessage(message.address, this.#database, this.#config));
    }
  }

  #ended(member: Member, code: number | null, signal: string | null): void {
    this.#members.delete(member);
    const pid = member.worker.process.pid;
    if (this.#state === 'stopping') {
      // One that never listened was stopped while it started: it served nothing, so lost nothing.
      if (member.listening && code !== 0) {
        this.#failed = true;
        this.#logger.error({ worker: pid, code, signal }, 'a server process did not stop cleanly');
      }
      if (this.#members.size === 0) void this.#finish();
      return;
    }
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    if (this.#state === 'starting') {
      this.#giveUp(member.failure ?? `Taskchat did not start: a server process ended (${how}) before it listened.`);
      return;
    }
    const delayMs = this.#policy.crashed(Date.now(), member.listening);
    if (delayMs === null) {
      this.#giveUp(`Taskchat stopped: its server processes keep failing to start (${member.failure ?? how}).`);
      return;
    }
    this.#logger.error({ worker: pid, code, signal, restartInMs: delayMs }, 'a server process ended; starting another');
    const timer = setTimeout(() => {
      this.#restarts.delete(timer);
      this.#fork();
    }, delayMs);
    this.#restarts.add(timer);
  }

  #giveUp(message: string): void {
    console.error(message);
    this.#failed = true;
    this.#stop();
  }

  /** Every worker drains and stops by itself (serve.ts); one still starting ends at once, by the signal's default action. */
  #stop(): void {
    this.#state = 'stopping';
    for (const timer of this.#restarts) clearTimeout(timer);
    for (const { worker } of this.#members) worker.process.kill('SIGTERM');
    if (this.#members.size === 0) void this.#finish();
  }

  async #finish(): Promise<void> {
    await this.#database.release().catch(() => {});
    process.exit(this.#failed ? 1 : 0);
  }
}
