export { buildServer } from './app.ts';
export { ConfigError, loadConfig, type ServerConfig } from './config.ts';
