import { type Tool, tool, zodSchema } from 'ai';
import type { z } from 'zod';
import type { ToolTurn } from './tool-turn.ts';

/**
 * One task tool apart from who calls it: what it says it does, its input schema, and what it does
 * for a turn. The assistant (`../task-tools.ts`) and the MCP server (`../../mcp/`) serve the same
 * definitions, so a model in a chat turn and an MCP client get the same behaviour and errors.
 */
export interface TaskTool<Schema extends z.ZodType = z.ZodType, Result = unknown> {
  description: string;
  schema: Schema;
  run(turn: ToolTurn, input: z.output<Schema>): Promise<Result>;
  /**
   * The schema wrapped for the AI SDK, made once: the SDK turns it into JSON Schema for every model
   * call and caches that on this object (per turn, the conversion was 9% of a turn's CPU).
   */
  modelSchema: ReturnType<typeof zodSchema<z.output<Schema>>>;
}

export function taskTool<Schema extends z.ZodType, Result>(
  definition: Omit<TaskTool<Schema, Result>, 'modelSchema'>,
): TaskTool<Schema, Result> {
  return { ...definition, modelSchema: zodSchema(definition.schema as z.ZodType<z.output<Schema>>) };
}

/** The tool as a model gets it in one chat turn (AI SDK); the model's input is checked by the schema first. */
export function modelTool(turn: ToolTurn, definition: TaskTool): Tool {
  return tool({
    description: definition.description,
    inputSchema: definition.modelSchema,
    execute: (input: unknown) => definition.run(turn, input),
  });
}
