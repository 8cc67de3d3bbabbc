import { type CallToolResult, McpServer } from '@modelcontextprotocol/server';
import type { TRPCError } from '@trpc/server';
import type { ApiDeps } from '../context.ts';
import { publicMessage, retryAfterSeconds, toTRPCError } from '../error-map.ts';
import { observeMcpToolCall } from '../metrics/mcp-tool-metrics.ts';
import { consumeRateLimit } from '../rate-limits/rate-limit.data.ts';
import { API_CONTRACT_VERSION } from '../version/contract-version.ts';
import type { McpPrincipal } from './mcp-scopes.ts';
import type { McpTool, McpToolScope } from './mcp-tool.ts';
import { mcpCatalogTools } from './tools/catalog-tools.ts';
import { mcpConversationTools } from './tools/conversation-tools.ts';
import { mcpTaskTools } from './tools/task-tools.ts';

/** Every tool the MCP server has; a credential sees those its scopes allow. */
export const MCP_TOOLS: McpTool[] = [...mcpTaskTools, ...mcpCatalogTools, ...mcpConversationTools];

export const MCP_INSTRUCTIONS = [
  "Taskchat holds the user's tasks and chat conversations. Find a task with list_tasks before changing it, by its id.",
  'Dates and repeats are words ("tomorrow at 6pm", "every monday") or ISO, read in the user\'s time zone; projects and labels go by name.',
].join(' ');

export type McpServerDeps = Pick<ApiDeps, 'db' | 'logger' | 'outages' | 'tasks'>;

export interface McpLimits {
  /** Tool calls one credential may make in a minute; 0 is no limit. */
  toolCallsPerMinute: number;
}

/** A failed call as the caller reads it: a tool result with isError, its words those /trpc would give. */
function toolError(failure: TRPCError): CallToolResult {
  const message = publicMessage(failure);
  const retryAfter = retryAfterSeconds(failure);
  return {
    isError: true,
    content: [{ type: 'text', text: retryAfter === null ? message : `${message} (retry in ${retryAfter} s)` }],
    structuredContent: { error: { code: failure.code, message, retryAfter } },
  };
}

async function called(
  deps: McpServerDeps,
  principal: McpPrincipal,
  limits: McpLimits,
  tool: McpTool,
  input: unknown,
): Promise<CallToolResult> {
  const ctx: McpToolScope = { db: deps.db, userId: principal.userId, tasks: deps.tasks };
  const started = performance.now();
  const logged = (details: object) => ({
    mcpTool: tool.name,
    via: principal.via,
    credentialId: principal.credentialId,
    ms: Math.round(performance.now() - started),
    ...details,
  });
  try {
    await consumeRateLimit(
      deps.db,
      `mcp-tools:${principal.userId}:${principal.credentialId}`,
      [{ windowMs: 60_000, max: limits.toolCallsPerMinute }],
      `Too many tool calls: a token may make ${limits.toolCallsPerMinute} a minute`,
    );
    const answer = await tool.run(ctx, input);
    deps.outages.succeeded();
    deps.logger.info(logged({}), 'MCP tool call');
    observeMcpToolCall(tool.name, 'OK', started);
    return { content: [{ type: 'text', text: answer.text }], structuredContent: answer.structured };
  } catch (error) {
    // Mapped as /trpc maps failures: unexpected ones are logged with their cause and said as no more than that.
    const failure = toTRPCError(error, deps, { what: 'MCP tool', path: tool.name });
    deps.logger.info(logged({ failed: failure.code }), 'MCP tool call failed');
    observeMcpToolCall(tool.name, failure.code, started);
    return toolError(failure);
  }
}

/**
 * The MCP server for one request of one credential: the tools its scopes allow, each bound to its
 * user (no tool takes a user id). Made per request, as the API is stateless: any process serves any
 * request.
 */
export function createMcpServer(deps: McpServerDeps, principal: McpPrincipal, limits: McpLimits): McpServer {
  const server = new McpServer(
    { name: 'taskchat', title: 'Taskchat', version: API_CONTRACT_VERSION },
    { instructions: MCP_INSTRUCTIONS },
  );
  for (const tool of MCP_TOOLS) {
    if (!principal.scopes.includes(tool.scope)) continue;
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.schema, annotations: tool.annotations },
      (input: unknown) => called(deps, principal, limits, tool, input),
    );
  }
  return server;
}
