import { randomUUID } from 'node:crypto';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpScope } from '@taskchat/api';
import { createTaskchatClient, type TaskchatClient } from '@taskchat/client';
import { TEST_PASSWORD } from '@taskchat/db/testing';

/** A tool call's answer, as both SDKs give it. */
export interface ToolAnswer {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** What the tests need of either SDK's client. */
export interface McpTestClient {
  protocolVersion: string | undefined;
  listTools(): Promise<{
    tools: { name: string; title?: string; annotations?: Record<string, unknown>; inputSchema: object }[];
  }>;
  callTool(name: string, args: Record<string, unknown>): Promise<ToolAnswer>;
  close(): Promise<void>;
}

const headers = (token: string) => ({ requestInit: { headers: { authorization: `Bearer ${token}` } } });

/**
 * The official SDK's clients over real HTTP with a bearer token: v2 (`@modelcontextprotocol/client`)
 * pinned to protocol revision 2026-07-28, and v1 (`@modelcontextprotocol/sdk` 1.32), which speaks 2025-11-25.
 */
export const MCP_CLIENTS = {
  '2026-07-28': async (origin: string, token: string): Promise<McpTestClient> => {
    const client = new ModernClient(
      { name: 'taskchat-test', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(new ModernTransport(new URL(`${origin}/mcp`), headers(token)));
    return {
      protocolVersion: client.getNegotiatedProtocolVersion(),
      listTools: () => client.listTools() as ReturnType<McpTestClient['listTools']>,
      callTool: (name, args) => client.callTool({ name, arguments: args }) as Promise<ToolAnswer>,
      close: () => client.close(),
    };
  },
  '2025-11-25': async (origin: string, token: string): Promise<McpTestClient> => {
    const transport = new LegacyTransport(new URL(`${origin}/mcp`), headers(token));
    const client = new LegacyClient({ name: 'taskchat-test', version: '1.0.0' });
    await client.connect(transport);
    return {
      protocolVersion: transport.protocolVersion,
      listTools: () => client.listTools() as ReturnType<McpTestClient['listTools']>,
      callTool: (name, args) => client.callTool({ name, arguments: args }) as Promise<ToolAnswer>,
      close: () => client.close(),
    };
  },
};

export type ProtocolRevision = keyof typeof MCP_CLIENTS;

export const ALL_SCOPES: McpScope[] = ['tasks:read', 'tasks:write', 'conversations:read'];

/** A new user of the server, signed in through the tRPC client, who can make access tokens. */
export async function mcpUser(origin: string) {
  const anonymous = createTaskchatClient({ url: `${origin}/trpc` });
  const { token: session } = await anonymous.auth.signUp.mutate({
    email: `mcp-${randomUUID()}@example.com`,
    password: TEST_PASSWORD,
  });
  const client: TaskchatClient = createTaskchatClient({ url: `${origin}/trpc`, token: session });
  const accessToken = async (scopes: McpScope[] = ALL_SCOPES, name = 'Test agent') =>
    await client.auth.tokens.create.mutate({ name, scopes });
  return { client, session, accessToken };
}

/** The structured content of a successful call (the test fails on an error result). */
export function structured<T = Record<string, unknown>>(answer: ToolAnswer): T {
  if (answer.isError) throw new Error(`The tool failed: ${answer.content.map((part) => part.text).join(' ')}`);
  return answer.structuredContent as T;
}

export const textOf = (answer: ToolAnswer) => answer.content.map((part) => part.text ?? '').join('\n');

/** A raw JSON-RPC POST to /mcp, for what the SDK's clients never send. */
export async function postMcp(origin: string, token: string | null, body: unknown, init: RequestInit = {}) {
  return await fetch(`${origin}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

/** The JSON-RPC message of an answer, sent as JSON or as one SSE event (the 2025-era transport's way). */
export async function rpcAnswer(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return JSON.parse(text);
  const data = text.split('\n').find((line) => line.startsWith('data: '));
  return JSON.parse(data?.slice('data: '.length) ?? 'null');
}
