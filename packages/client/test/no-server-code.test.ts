import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/**
 * Imports the client in a fresh Node process with a resolve hook that records every module it
 * loads: the client's real run-time dependency graph.
 */
function loadedModules(): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); seen.push(result.url); return result; } });
    await import(${JSON.stringify(entry)});
    console.log(JSON.stringify(seen));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return [...new Set((JSON.parse(result.stdout) as string[]).map(packageOf))];
}

/** `@trpc/client` for a file inside node_modules, the repository path (`packages/client/…`) for ours. */
function packageOf(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.split('/node_modules/').at(-1) ?? path;
  if (inModules !== path) {
    const parts = inModules.split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
  }
  return path.replace(/^.*?\/(packages|apps)\//, '$1/');
}

describe('@taskchat/client at run time', () => {
  it('loads tRPC client, superjson and eventsource, and no server code (no API, ORM, driver, argon2, HTTP server)', () => {
    const modules = loadedModules();
    expect(modules).toContain('@trpc/client');
    expect(modules).toContain('superjson');
    const ours = modules.filter((name) => /^(packages|apps)\//.test(name));
    expect(ours.every((name) => name.startsWith('packages/client/'))).toBe(true);
    const thirdParty = modules.filter((name) => !/^(packages|apps)\//.test(name) && !name.startsWith('node:'));
    // @trpc/server only for the error codes its client shares; copy-anything is superjson's own
    // dependency; eventsource (with its parser) is the subscriptions' EventSource.
    expect(thirdParty.sort()).toEqual([
      '@trpc/client',
      '@trpc/server',
      'copy-anything',
      'eventsource',
      'eventsource-parser',
      'superjson',
    ]);
  });
});
