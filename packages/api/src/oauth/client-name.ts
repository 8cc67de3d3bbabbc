/** The longest client name shown (the consent page, the connected apps, the logs); a longer one is cut. */
const CLIENT_NAME_SHOWN = 100;

/**
 * The name a client registered itself with, fit to show: control characters and runs of spaces
 * collapsed, cut to 100 characters; its id when it gave no name.
 */
export function clientDisplayName(name: unknown, clientId: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const cleaned = (typeof name === 'string' ? name : '').replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  const shown = [...(cleaned || clientId)];
  return shown.length > CLIENT_NAME_SHOWN ? `${shown.slice(0, CLIENT_NAME_SHOWN - 1).join('')}…` : shown.join('');
}
