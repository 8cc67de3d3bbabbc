import { describe, expect, it } from 'vitest';
import { bearerToken } from '../src/context.ts';

describe('bearerToken', () => {
  it('reads exactly `Bearer <token>` and nothing around it', () => {
    const token = 'A'.repeat(43);
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    for (const header of [
      `xBearer ${token}`,
      `Bearer ${token} extra`,
      `bearer ${token}`,
      `Bearer  ${token}`,
      'Bearer ',
      '',
    ]) {
      expect(bearerToken(header), header).toBeNull();
    }
    expect(bearerToken(`Bearer ${'A'.repeat(100)}`)).toBe('A'.repeat(100));
    expect(bearerToken(`Bearer ${'A'.repeat(101)}`)).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
