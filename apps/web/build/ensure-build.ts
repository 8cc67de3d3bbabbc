/**
 * `pnpm start` runs this first: builds the web app when it has no build, or when its build was
 * made from other sources (`build-report.json` records their hash).
 */
import { build } from 'vite';
import { buildInputsHash, webDist, webRoot } from './build-inputs.ts';
import { readBuildReport } from './build-report.ts';

export async function ensureWebBuild(): Promise<'built' | 'fresh'> {
  if (readBuildReport(webDist)?.inputsHash === buildInputsHash()) return 'fresh';
  // Vite bundles the NODE_ENV it finds: under vitest (`test`) React's development build would ship.
  const callerEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: webRoot, mode: 'production', logLevel: 'warn' });
  } finally {
    if (callerEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callerEnv;
  }
  return 'built';
}

if (import.meta.main) {
  const started = Date.now();
  const outcome = await ensureWebBuild();
  if (outcome === 'built') console.log(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
