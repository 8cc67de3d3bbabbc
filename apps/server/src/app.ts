import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  type AppRouter,
  appRouter,
  ChangeFeed,
  createApiDeps,
  createContext,
  databaseOf,
  errorResponse,
  isAccessTokenSecret,
  observePool,
  PasswordHasher,
  RunningTurns,
  resolvePersonalAccessToken,
  responseTooLarge,
  retryAfterSeconds,
} from '@taskchat/api';
import {
  accountSettingsFrom,
  conversationSettingsFrom,
  hashingLimitsFrom,
  importSettingsFrom,
  projectSettingsFrom,
  taskSettingsFrom,
} from '@taskchat/api/settings';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { chatSettingsFrom } from './chat-settings.ts';
import type { ServerConfig } from './config.ts';
import { registerExportRoutes } from './export-routes.ts';
import { registerHealthRoutes } from './health.ts';
import { loggerOptions } from './logger.ts';
import { registerMcpRoute } from './mcp/mcp-route.ts';
import { observeHttpRequests } from './metrics/http-metrics.ts';
import { exposeMetrics } from './metrics/metrics-exposure.ts';
import { oauthConsent } from './oauth/oauth-consent.ts';
import { oauthPrincipalResolver } from './oauth/oauth-principal.ts';
import { createOAuthProvider } from './oauth/oauth-provider.ts';
import { registerOAuthRoutes } from './oauth/oauth-routes.ts';
import { publicUrlOf } from './public-url.ts';
import { scheduleReminderDelivery } from './reminder-delivery.ts';
import { registerShareRoutes } from './share-routes.ts';
import { scheduleTrashPurge } from './trash-purge.ts';
import { registerWebApp } from './web-app.ts';
import { sendJsonResponsesWhole, trpcCalls } from './whole-json-responses.ts';

/**
 * The HTTP host: tRPC at /trpc, the MCP server at /mcp, the web app at /, health checks, CORS, limits and
 * request-scoped logging. Not yet listening. Logs go to stdout (as JSON lines, or `pretty` for a person), or to `stream` (tests read them).
 */
export async function buildServer(
  config: ServerConfig,
  orm: MikroORM,
  logs: { stream?: DestinationStream; pretty?: boolean } = {},
  runningTurns = new RunningTurns(),
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      ...loggerOptions(config.LOG_LEVEL, logs.pretty ?? false),
      ...(logs.stream ? { stream: logs.stream } : {}),
    },
    bodyLimit: config.BODY_LIMIT,
    // A deadline for every phase of a request (docs/limits-and-outages.md): its headers, the whole
    // request with its body (Node stops counting once the request is in, so a long answer or a
    // stream is not cut), and an idle keep-alive connection. Node looks for late requests every
    // `connectionsCheckingInterval` (30 s unless set), so that is kept a small part of the deadlines.
    http: {
      headersTimeout: config.HEADERS_TIMEOUT,
      connectionsCheckingInterval: Math.min(1_000, Math.floor(config.HEADERS_TIMEOUT / 10)),
    },
    requestTimeout: config.REQUEST_TIMEOUT,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // A batch names its procedures in one path segment (`/trpc/a,b,c`), longer than Fastify's default limit.
    routerOptions: { maxParamLength: 5_000 },
    // `request.ip` is the socket's address, or what the trusted proxies say in X-Forwarded-For.
    trustProxy: config.TRUST_PROXY ?? false,
  });
  observeHttpRequests(app);
  exposeMetrics(app, config);
  const logger = {
    error: (details: object, message: string) => app.log.error(details, message),
    info: (details: object, message: string) => app.log.info(details, message),
  };
  const feed = new ChangeFeed({
    // A LISTEN needs a session: past any transaction pooler that DATABASE_URL (the ORM's pool) may be.
    url: config.DATABASE_DIRECT_URL ?? (orm.config.get('clientUrl') as string),
    logger,
    subscriptionsPerUser: config.LIVE_SUBSCRIPTIONS_PER_USER,
    subscriptionsPerAddress: config.LIVE_SUBSCRIPTIONS_PER_ADDRESS,
    subscriptionsPerProcess: config.LIVE_SUBSCRIPTIONS_PER_PROCESS,
  });
  // Open streams end first (their clients reconnect to another process), or closing would wait for them.
  app.addHook('preClose', () => feed.stop());
  const db = databaseOf(orm);
  app.addHook('onClose', observePool(await orm.em.getConnection().getNativeClient()));
  const publicUrl = publicUrlOf(config);
  const mcpResource = `${publicUrl}/mcp`;
  const oauthServer = await createOAuthProvider(db, {
    issuer: publicUrl,
    resource: mcpResource,
    accessTokenTtlSeconds: config.OAUTH_ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: config.OAUTH_REFRESH_TOKEN_TTL,
  });
  const deps = createApiDeps(
    { db, logger, feed },
    {
      accounts: accountSettingsFrom(config),
      passwords: new PasswordHasher(hashingLimitsFrom(config)),
      chat: chatSettingsFrom(config),
      imports: importSettingsFrom(config),
      tasks: taskSettingsFrom(config),
      projects: projectSettingsFrom(config),
      conversations: conversationSettingsFrom(config),
      runningTurns,
      oauth: oauthConsent(oauthServer, db, mcpResource),
    },
  );

  // The hashing threads go with the server (they hold no work the drained requests still need).
  app.addHook('onClose', () => deps.passwords.close());
  const stopTrashPurge = scheduleTrashPurge(
    deps.db,
    { retentionMs: config.TRASH_RETENTION_DAYS * 86_400_000, intervalMs: config.TRASH_PURGE_INTERVAL * 1000 },
    logger,
  );
  app.addHook('onClose', stopTrashPurge);
  // Due reminders are delivered by every process; each batch is one commit (docs/reminders.md).
  const stopReminderDelivery = scheduleReminderDelivery(
    deps.db,
    { intervalMs: config.REMINDER_POLL_INTERVAL, batchSize: config.REMINDER_BATCH_SIZE },
    logger,
  );
  app.addHook('onClose', stopReminderDelivery);

  await app.register(cors, { origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false });
  registerHealthRoutes(app, orm);
  registerExportRoutes(app, deps);
  const webAppServed = await registerWebApp(app, config.WEB_ROOT);
  registerShareRoutes(app, deps, webAppServed);
  app.addHook(
    'onSend',
    sendJsonResponsesWhole({
      limitBytes: config.RESPONSE_LIMIT,
      refusal: (request) => errorResponse(responseTooLarge(config.RESPONSE_LIMIT), trpcCalls(request.url)),
    }),
  );
  await registerOAuthRoutes(app, deps, oauthServer, {
    issuer: publicUrl,
    resource: mcpResource,
    registrationsPerHour: config.OAUTH_REGISTRATIONS_PER_HOUR,
    authorizationsPerMinute: config.OAUTH_AUTHORIZATIONS_PER_MINUTE,
  });
  const oauthPrincipal = oauthPrincipalResolver(oauthServer, mcpResource);
  await registerMcpRoute(app, deps, config, {
    // A personal access token (`tc_pat_…`), or else an OAuth access token.
    authenticate: (token) =>
      isAccessTokenSecret(token) ? resolvePersonalAccessToken(db, token) : oauthPrincipal(token),
    resourceMetadataUrl: `${publicUrl}/.well-known/oauth-protected-resource/mcp`,
    allowedOriginHosts: [publicUrl, ...config.CORS_ORIGINS].map((origin) => new URL(origin).hostname),
  });
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      maxBatchSize: config.MAX_BATCH_SIZE,
      // tRPC streams a batch's answers when the request accepts JSON lines (`trpc-accept` or `accept`
      // naming application/jsonl, as httpBatchStreamLink sends); `info.accept` is its own reading of
      // those headers. Without it a streamed procedure is refused before it runs (`streamedProcedure`).
      createContext: ({ req, info }) =>
        createContext(deps, {
          authorization: req.headers.authorization,
          clientAddress: req.ip,
          userAgent: req.headers['user-agent'],
          canStream: info.isBatchCall && info.accept === 'application/jsonl',
          cookie: req.headers.cookie,
        }),
      // A refusal that passes (a limit, an outage) says when to come back, for clients and proxies alike.
      responseMeta: ({ errors }) => {
        const seconds = Math.max(0, ...errors.map((error) => retryAfterSeconds(error) ?? 0));
        return seconds > 0 ? { headers: { 'retry-after': String(seconds) } } : {};
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
  // Listening comes last, so a failure above leaves no connection open.
  await feed.start();
  return app;
}
