import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { type Database, sharedOAuthSecret } from '@taskchat/api';
import type { JWKS } from 'oidc-provider';

/**
 * The OAuth server's signing key (an RSA key: clients registered without naming an algorithm get
 * RS256) and its cookie keys: made by the first process that starts, read by every other, so a
 * browser's consent and a client's tokens work whichever process answers.
 */
export async function loadOAuthSecrets(db: Database): Promise<{ jwks: JWKS; cookieKeys: string[] }> {
  const jwks = await sharedOAuthSecret(db, 'jwks', () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    return { keys: [{ ...key, kid: randomUUID(), use: 'sig', alg: 'RS256' }] };
  });
  const cookieKeys = await sharedOAuthSecret(db, 'cookie-keys', () => [randomBytes(32).toString('base64url')]);
  return { jwks: jwks as JWKS, cookieKeys };
}
