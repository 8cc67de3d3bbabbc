/** Vitest global setup: the web app's production build, once per run, before any test reads or serves it. */
import { ensureWebBuild } from '../build/ensure-build.ts';

export default async function setup(): Promise<void> {
  await ensureWebBuild();
}
