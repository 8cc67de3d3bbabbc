import { API_CONTRACT_VERSION } from './contract-version.ts';

/** `version.get`: the contract version this server speaks. */
export async function getVersion(): Promise<{ contract: string }> {
  return { contract: API_CONTRACT_VERSION };
}
