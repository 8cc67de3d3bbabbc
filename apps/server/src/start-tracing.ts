/**
 * main.ts imports this first: ES modules run in import order, so the tracing SDK (when configured)
 * is started before Fastify, pg and the rest run, in every process that runs main.ts.
 */
import { startTracing } from './tracing.ts';

startTracing(process.env);
