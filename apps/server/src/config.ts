import { type Settings, settings, settingsSchema } from '@taskchat/api/settings';

/**
 * Every setting the server reads from the environment, validated once at start. The variables,
 * their bounds, defaults and documentation are the settings schema's (`@taskchat/api/settings`;
 * docs/configuration.md is written from it).
 */
export type ServerConfig = Settings;

export class ConfigError extends Error {}

/** Reads the configuration; a bad value throws one message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = settingsSchema.safeParse(set);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? 'environment');
  // A URL can hold a password and a key is a secret, so only other values are echoed back.
  const secret = Object.hasOwn(settings, name) && settings[name as keyof typeof settings].secret === true;
  const got = secret || env[name] === undefined ? '' : ` (got ${JSON.stringify(env[name])})`;
  throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}${got}`);
}
