import Bowser from 'bowser';

/** The browsers bowser knows by name; anything else is its guess from the agent's first word. */
const KNOWN_BROWSERS = new Set(Object.values(Bowser.BROWSER_MAP));

/** Bowser's names that say more than a person needs. */
const SHORTER: Record<string, string> = {
  'Microsoft Edge': 'Edge',
  'Samsung Internet for Android': 'Samsung Internet',
};

/**
 * A short name for the device a User-Agent header comes from, as a person tells their sign-ins
 * apart: "Chrome on Linux", "Safari on iPhone", "Firefox on Windows". An iPhone or iPad is named
 * as such, any other system by its name. Null for an agent that names neither a known browser
 * nor a known system (`curl`, `node`), and for none.
 */
export function deviceName(userAgent: string | null): string | null {
  if (userAgent === null) return null;
  const { browser, os, platform } = Bowser.parse(userAgent);
  const browserName = browser.name && KNOWN_BROWSERS.has(browser.name) ? (SHORTER[browser.name] ?? browser.name) : null;
  const system = os.name === 'iOS' && platform.model ? platform.model : (os.name ?? null);
  if (browserName && system) return `${browserName} on ${system}`;
  return browserName ?? system;
}
