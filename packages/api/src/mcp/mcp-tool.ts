import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import type { TaskScope } from '../context.ts';
import type { McpScope } from './mcp-scopes.ts';

/** What a tool call runs with: the token's user (every statement is scoped by it) and the task caps. */
export type McpToolScope = TaskScope;

/** What a tool answers: the result as structured content, and the same in a few lines for a person or a model. */
export interface McpToolAnswer {
  structured: Record<string, unknown>;
  text: string;
}

/**
 * One tool of the MCP server: its name and title, the one scope a credential needs to see and call
 * it, hints that say truthfully what calling it does, and what it runs. Input is checked by
 * `schema` (the SDK answers a refused input as a tool error) before `run` sees it.
 */
export interface McpTool<Schema extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  scope: McpScope;
  annotations: ToolAnnotations;
  schema: Schema;
  run(ctx: McpToolScope, input: z.output<Schema>): Promise<McpToolAnswer>;
}

export function mcpTool<Schema extends z.ZodType>(tool: McpTool<Schema>): McpTool<Schema> {
  return tool;
}

/** The hints of a tool that only reads (MCP `ToolAnnotations`): no change, and nothing outside Taskchat. */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };

/** The hints of a tool that changes the user's tasks. */
export function changes(hints: { destructive: boolean; idempotent: boolean }): ToolAnnotations {
  return {
    readOnlyHint: false,
    destructiveHint: hints.destructive,
    idempotentHint: hints.idempotent,
    openWorldHint: false,
  };
}
