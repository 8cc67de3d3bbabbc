import type { TaskchatClient } from './client.ts';
import { errorCode } from './errors.ts';

/**
 * The API contract version this client was written for (the server's `API_CONTRACT_VERSION`
 * when it was released). The package's major.minor version is this one's; see the README.
 */
export const CONTRACT_VERSION = '2.5.0';

export interface Compatibility {
  /** True when the server speaks this client's contract: same major, and a minor at least the client's. */
  compatible: boolean;
  client: string;
  /** The server's contract version; null for a server that predates the version procedure. */
  server: string | null;
}

/** Whether a server speaking contract `server` serves a client written for contract `client`. */
export function isCompatible(client: string, server: string): boolean {
  const [clientMajor, clientMinor] = client.split('.').map(Number);
  const [serverMajor, serverMinor] = server.split('.').map(Number);
  if (
    clientMajor === undefined ||
    clientMinor === undefined ||
    serverMajor === undefined ||
    serverMinor === undefined
  ) {
    return false;
  }
  return clientMajor === serverMajor && serverMinor >= clientMinor;
}

/** Asks the server which contract it speaks (`version.get`, public) and compares it with this client's. */
export async function checkCompatibility(client: TaskchatClient): Promise<Compatibility> {
  try {
    const { contract } = await client.version.get.query();
    return { compatible: isCompatible(CONTRACT_VERSION, contract), client: CONTRACT_VERSION, server: contract };
  } catch (error) {
    // A server older than the version procedure answers NOT_FOUND: its contract is unknown.
    if (errorCode(error) === 'NOT_FOUND') return { compatible: false, client: CONTRACT_VERSION, server: null };
    throw error;
  }
}
