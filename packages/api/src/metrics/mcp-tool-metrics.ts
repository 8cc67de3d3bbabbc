import { counter, histogram, secondsSince } from './registry.ts';

const calls = counter({
  name: 'taskchat_mcp_tool_calls_total',
  help: 'MCP tool calls, by tool and outcome (OK or the tRPC error code the failure maps to)',
  labelNames: ['tool', 'outcome'],
});

const duration = histogram({
  name: 'taskchat_mcp_tool_call_duration_seconds',
  help: 'How long an MCP tool call took, by tool and outcome',
  labelNames: ['tool', 'outcome'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/** One call of a tool of the MCP server (its names are the server's own: a bounded set), since `started` (`performance.now()`). */
export function observeMcpToolCall(tool: string, outcome: string, started: number): void {
  calls.inc({ tool, outcome });
  duration.observe({ tool, outcome }, secondsSince(started));
}
