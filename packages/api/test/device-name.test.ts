import { describe, expect, it } from 'vitest';
import { deviceName } from '../src/auth/device-name.ts';
import { signInOrigin } from '../src/auth/sign-in-origin.ts';

describe('deviceName', () => {
  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome on Linux',
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36',
      'Chrome on Linux',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iPhone',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iPad',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
      'Chrome on iPhone',
    ],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Windows'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Safari on macOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
      'Samsung Internet on Android',
    ],
    [
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome on Chrome OS',
    ],
    // A system without a browser bowser knows: the system alone.
    ['Mozilla/5.0 (Windows NT 10.0)', 'Windows'],
  ])('names %s as %s', (userAgent, name) => {
    expect(deviceName(userAgent)).toBe(name);
  });

  it('is null for an agent that names no browser or system it knows, and for none', () => {
    for (const userAgent of [
      'node',
      'curl/8.5.0',
      'python-requests/2.31.0',
      'Mozilla/5.0',
      'Mozilla/5.0 (compatible; foo)',
      'x',
    ]) {
      expect(deviceName(userAgent), userAgent).toBeNull();
    }
    expect(deviceName(null)).toBeNull();
  });
});

describe('signInOrigin', () => {
  it('cuts a long user agent to 512 code points, never inside an emoji, and trims it', () => {
    expect(signInOrigin({ userAgent: 'x'.repeat(5_000), clientAddress: null }).userAgent).toBe('x'.repeat(512));
    const emoji = '😀'.repeat(600);
    expect(signInOrigin({ userAgent: emoji, clientAddress: null }).userAgent).toBe('😀'.repeat(512));
    expect(signInOrigin({ userAgent: `  Firefox\u0000 ${' '.repeat(600)}`, clientAddress: null }).userAgent).toBe(
      'Firefox\uFFFD',
    );
    expect(signInOrigin({ userAgent: '   ', clientAddress: null }).userAgent).toBeNull();
    expect(signInOrigin({ userAgent: null, clientAddress: null })).toEqual({ userAgent: null, ip: null });
  });

  it('keeps an address as an address (IPv4-mapped IPv6 as IPv4), and nothing else', () => {
    const ip = (clientAddress: string) => signInOrigin({ userAgent: null, clientAddress }).ip;
    expect(ip('203.0.113.7')).toBe('203.0.113.7');
    expect(ip('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(ip('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(ip('not an address')).toBeNull();
  });
});
