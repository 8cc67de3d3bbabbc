export { createCaller } from './caller.ts';
export { type ApiDeps, type ApiLogger, type Context, createContext, DEFAULT_SESSION_TTL_MS } from './context.ts';
export { type Database, databaseOf } from './database.ts';
export { type AppRouter, appRouter, type RouterInputs, type RouterOutputs } from './router.ts';
