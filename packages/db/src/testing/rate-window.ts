/**
 * Waits for the next of the rate limits' fixed windows (`windowMs` long, aligned to the epoch on
 * the database's clock: packages/api/src/rate-limits/) when the current one ends within
 * `neededMs`, so that a test counting uses into one window sees no reset midway. The test
 * database runs on this machine, so its clock is this one.
 */
export async function waitForFreshRateWindow(windowMs: number, neededMs = 15_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 250));
}
