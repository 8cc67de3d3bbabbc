import { MCP_SCOPES } from '@taskchat/api';
import type { FastifyReply } from 'fastify';

/**
 * The 401 of a request to /mcp without a credential, or with one that is unknown, expired or
 * revoked (RFC 6750 §3, MCP authorization): `WWW-Authenticate` names the protected-resource
 * metadata (RFC 9728), where an OAuth client finds the authorization server, and the scopes.
 */
export function sendBearerChallenge(
  reply: FastifyReply,
  resourceMetadataUrl: string,
  problem: 'missing' | 'invalid',
): FastifyReply {
  const description =
    problem === 'missing'
      ? 'Send a Taskchat access token or OAuth access token: Authorization: Bearer <token>'
      : 'The access token is unknown, expired or revoked';
  const params = [
    ...(problem === 'invalid' ? ['error="invalid_token"', `error_description="${description}"`] : []),
    `resource_metadata="${resourceMetadataUrl}"`,
    `scope="${MCP_SCOPES.join(' ')}"`,
  ];
  return reply
    .code(401)
    .header('www-authenticate', `Bearer ${params.join(', ')}`)
    .send({ error: problem === 'missing' ? 'unauthorized' : 'invalid_token', error_description: description });
}
