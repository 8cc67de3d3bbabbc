import { toWebRequest } from '@modelcontextprotocol/node';
import { type AuthInfo, createMcpHandler, validateOriginHeader } from '@modelcontextprotocol/server';
import {
  type ApiDeps,
  admitMcpRequest,
  bearerToken,
  createMcpServer,
  type McpPrincipal,
  toHttpAnswer,
  toTRPCError,
} from '@taskchat/api';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ServerConfig } from '../config.ts';
import { sendBearerChallenge } from './mcp-challenge.ts';

export interface McpRouteOptions {
  /** The caller behind a bearer credential (a personal access token or an OAuth access token), or null. */
  authenticate(token: string): Promise<McpPrincipal | null>;
  /** Where the protected-resource metadata is (RFC 9728), named in every 401. */
  resourceMetadataUrl: string;
  /** The hostnames a browser page may call /mcp from (its Origin); other pages are refused, against DNS rebinding. */
  allowedOriginHosts: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling /mcp, once the credential is checked. */
    mcpPrincipal: McpPrincipal | null;
  }
}

/** A JSON-RPC error answer with no request id: the request was refused before it was read as one. */
function rpcError(code: number, message: string) {
  return { jsonrpc: '2.0', id: null, error: { code, message } };
}

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;

/** JSON nested deeper than any tool input goes: refused before the SDK reads it (its recursion would overflow). */
const MAX_DEPTH = 32;

/** Whether `value` nests at most `max` arrays and objects deep; iterative, so a deep body cannot overflow it. */
function nestsWithin(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= max) return false;
    for (const member of Object.values(item)) pending.push([member, depth + 1]);
  }
  return true;
}

/** What the request asked, for the log: the JSON-RPC method and tool name, never the arguments (they are the user's). */
function requestSummary(body: unknown): { method: string | null; tool: string | null } {
  if (Array.isArray(body)) return { method: 'batch', tool: null };
  if (typeof body !== 'object' || body === null) return { method: null, tool: null };
  const { method, params } = body as { method?: unknown; params?: { name?: unknown } };
  const tool = method === 'tools/call' && typeof params?.name === 'string' ? params.name.slice(0, 100) : null;
  return { method: typeof method === 'string' ? method.slice(0, 100) : null, tool };
}

/** A refusal before MCP handling (an outage, a limit) as /trpc would answer it: its status, Retry-After and words. */
function sendFailure(deps: ApiDeps, reply: FastifyReply, error: unknown): FastifyReply {
  const answer = toHttpAnswer(toTRPCError(error, deps, { what: 'MCP request', path: '/mcp' }));
  if (answer.retryAfterSeconds !== null) void reply.header('retry-after', String(answer.retryAfterSeconds));
  const code = answer.status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
  return reply.code(answer.status).send(rpcError(code, answer.message));
}

/**
 * `/mcp`: the MCP server over Streamable HTTP, stateless (any process serves any request, both
 * protocol revisions: 2026-07-28, and 2025-era clients through the SDK's stateless fallback). A
 * request is checked before its body is read: its Origin, its bearer credential (401 with the
 * metadata's address otherwise), and the credential's request limit. Then the SDK answers with a
 * server made for that credential's user and scopes (`createMcpServer`).
 */
export async function registerMcpRoute(
  app: FastifyInstance,
  deps: ApiDeps,
  config: ServerConfig,
  options: McpRouteOptions,
): Promise<void> {
  const limits = { toolCallsPerMinute: config.MCP_TOOL_CALLS_PER_MINUTE };
  const handler = createMcpHandler(
    ({ authInfo }) => createMcpServer(deps, authInfo?.extra?.principal as McpPrincipal, limits),
    {
      legacy: 'stateless',
      // One JSON body per answer unless a handler sends something first, which no tool does (no progress).
      responseMode: 'auto',
      maxRequestBodySize: config.MCP_BODY_LIMIT,
      onerror: (error) => app.log.info({ err: error }, 'MCP request refused by the SDK'),
    },
  );
  app.addHook('onClose', () => handler.close());

  await app.register(async (scope) => {
    // JSON only, bounded, parsed by Fastify's own parser (which drops __proto__ keys).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: config.MCP_BODY_LIMIT },
      scope.getDefaultJsonParser('error', 'error'),
    );
    scope.decorateRequest('mcpPrincipal', null);

    // What Fastify refuses (a body too large or not JSON) is a JSON-RPC error, never a stack trace.
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'MCP request failed');
        return reply.code(500).send(rpcError(INTERNAL_ERROR, 'Internal error'));
      }
      const code = error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
      return reply.code(status).send(rpcError(code ? PARSE_ERROR : INVALID_REQUEST, error.message));
    });

    scope.addHook('onRequest', async (request, reply) => {
      const origin = validateOriginHeader(request.headers.origin, options.allowedOriginHosts);
      if (!origin.ok) return reply.code(403).send(rpcError(INVALID_REQUEST, origin.message));
      const token = bearerToken(request.headers.authorization);
      if (!token) return sendBearerChallenge(reply, options.resourceMetadataUrl, 'missing');
      try {
        const principal = await options.authenticate(token);
        if (!principal) return sendBearerChallenge(reply, options.resourceMetadataUrl, 'invalid');
        await admitMcpRequest(deps.db, principal, config.MCP_REQUESTS_PER_MINUTE);
        request.mcpPrincipal = principal;
      } catch (error) {
        return sendFailure(deps, reply, error);
      }
    });

    // One line per request: who (the credential, never its secret), what method and tool, and the answer's status.
    scope.addHook('onResponse', async (request, reply) => {
      const principal = request.mcpPrincipal;
      request.log.info(
        {
          mcp: {
            ...requestSummary(request.body),
            via: principal?.via ?? null,
            credentialId: principal?.credentialId ?? null,
            userId: principal?.userId ?? null,
          },
          statusCode: reply.statusCode,
        },
        'MCP request',
      );
    });

    scope.route({
      method: ['GET', 'POST', 'DELETE'],
      url: '/mcp',
      handler: async (request, reply) => {
        // Batches left MCP in 2025-06-18; a 2025-03-26 client's batch would run many calls as one request.
        if (Array.isArray(request.body)) {
          return reply
            .code(400)
            .send(rpcError(INVALID_REQUEST, 'JSON-RPC batches are not supported: send one request per POST'));
        }
        if (!nestsWithin(request.body, MAX_DEPTH)) {
          return reply.code(400).send(rpcError(INVALID_REQUEST, `The request nests deeper than ${MAX_DEPTH} levels`));
        }
        const principal = request.mcpPrincipal as McpPrincipal;
        const authInfo: AuthInfo = {
          token: '',
          clientId: principal.credentialId,
          scopes: principal.scopes,
          extra: { principal },
        };
        const webRequest = await toWebRequest(request.raw, request.body);
        return reply.send(await handler.fetch(webRequest, { authInfo, parsedBody: request.body }));
      },
    });
  });
}
