import { describe, expect, it } from 'vitest';
import { RESTART_LIMITS, RestartPolicy } from '../src/cluster/restart-policy.ts';

describe("replacing a cluster's crashed workers", () => {
  it('waits 100 ms after a first crash, twice as long after each further one within a minute, at most 10 s', () => {
    const policy = new RestartPolicy();
    const delays = Array.from({ length: 9 }, (_, i) => policy.crashed(i * 1_000, true));
    expect(delays).toEqual([100, 200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000]);
  });

  it('starts again from 100 ms once the earlier crashes are more than a minute old', () => {
    const policy = new RestartPolicy();
    expect([policy.crashed(0, true), policy.crashed(1_000, true)]).toEqual([100, 200]);
    expect(policy.crashed(61_500, true)).toBe(100);
  });

  it('gives up when replacements fail to start five times in a row, not when one in between served', () => {
    const policy = new RestartPolicy();
    expect(policy.crashed(0, true)).not.toBeNull();
    for (let i = 1; i < RESTART_LIMITS.failedStarts; i++) expect(policy.crashed(i, false)).not.toBeNull();
    expect(policy.crashed(10, true)).not.toBeNull();
    for (let i = 1; i < RESTART_LIMITS.failedStarts; i++) expect(policy.crashed(10 + i, false)).not.toBeNull();
    expect(policy.crashed(20, false)).toBeNull();
  });
});
