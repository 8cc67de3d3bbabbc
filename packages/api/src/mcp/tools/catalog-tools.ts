import { z } from 'zod';
import { listLabels } from '../../labels/list-labels.ts';
import { listProjects } from '../../projects/list-projects.ts';
import { type McpTool, mcpTool, READ_ONLY } from '../mcp-tool.ts';

/** The names tasks are filed under: projects and labels, which the task tools take by name. */
export const mcpCatalogTools: McpTool[] = [
  mcpTool({
    name: 'list_projects',
    title: 'List projects',
    description:
      "The user's projects, the Inbox first, each with its open task count; the task tools take a project by name.",
    scope: 'tasks:read',
    annotations: READ_ONLY,
    schema: z.object({
      archived: z.boolean().default(false).describe('The archived projects instead of the others'),
    }),
    run: async (ctx, input) => {
      const projects = (await listProjects(ctx, input)).map((project) => ({
        id: project.id,
        name: project.name,
        inbox: project.inbox,
        archived: project.archived,
        color: project.color,
        openTaskCount: project.openTaskCount,
      }));
      const lines = projects.map((project) => `${project.name} (${project.openTaskCount} open)`);
      return { structured: { projects }, text: lines.length > 0 ? lines.join('\n') : 'No archived projects.' };
    },
  }),
  mcpTool({
    name: 'list_labels',
    title: 'List labels',
    description: "The user's labels by name, each with how many open tasks carry it.",
    scope: 'tasks:read',
    annotations: READ_ONLY,
    schema: z.object({}),
    run: async (ctx) => {
      const labels = (await listLabels(ctx)).map((label) => ({
        id: label.id,
        name: label.name,
        color: label.color,
        openTaskCount: label.openTaskCount,
      }));
      const lines = labels.map((label) => `@${label.name} (${label.openTaskCount} open)`);
      return { structured: { labels }, text: lines.length > 0 ? lines.join('\n') : 'No labels yet.' };
    },
  }),
];
