import type { Database } from '../database.ts';
import { notFound } from '../errors.ts';
import { MCP_SCOPES, type McpScope } from '../mcp/mcp-scopes.ts';
import { clientDisplayName } from './client-name.ts';

/** A connected MCP client as its user sees it: who, allowed what, since when. */
export interface OAuthGrantOutput {
  id: string;
  /** The name the client registered itself with (its id when it gave none). */
  clientName: string;
  clientUri: string | null;
  /** What the user allowed it, in the order of `MCP_SCOPES`. */
  scopes: McpScope[];
  createdAt: Date;
  /** When the grant lapses unless the client keeps refreshing its tokens. */
  expiresAt: Date | null;
}

/** The grants one user holds at most in the list (each connection is one; the oldest beyond are not shown). */
const GRANTS_LISTED = 100;

interface GrantRow {
  id: string;
  client_id: string | null;
  client_name: string | null;
  client_uri: string | null;
  resources: Record<string, string> | null;
  created_at: string;
  expires_at: string | null;
}

/** The scopes granted on any resource (Taskchat's only one is /mcp), known ones only. */
function grantedScopes(resources: Record<string, string> | null): McpScope[] {
  const granted = new Set(Object.values(resources ?? {}).flatMap((scope) => String(scope).split(' ')));
  return MCP_SCOPES.filter((scope) => granted.has(scope));
}

/** The user's unexpired grants with their clients' names, newest first. */
export async function selectOAuthGrants(db: Database, userId: string): Promise<OAuthGrantOutput[]> {
  // oidc-provider's fields are in its JSON payload: `->>` reads one as text, `->` as JSON.
  const rows = await db
    .selectFrom('oauth_records as grant')
    .leftJoin('oauth_records as client', (join) =>
      join
        .on('client.model', '=', 'Client')
        .on((eb) => eb('client.id', '=', eb.ref('grant.payload', '->>').key('clientId').$castTo<string>())),
    )
    .select((eb) => [
      'grant.id',
      'grant.created_at',
      'grant.expires_at',
      eb.ref('grant.payload', '->>').key('clientId').$castTo<string | null>().as('client_id'),
      eb.ref('grant.payload', '->').key('resources').$castTo<Record<string, string> | null>().as('resources'),
      eb.ref('client.payload', '->>').key('client_name').$castTo<string | null>().as('client_name'),
      eb.ref('client.payload', '->>').key('client_uri').$castTo<string | null>().as('client_uri'),
    ])
    .where('grant.user_id', '=', userId)
    .where('grant.model', '=', 'Grant')
    .where((eb) => eb.or([eb('grant.expires_at', 'is', null), eb('grant.expires_at', '>', eb.fn<string>('now'))]))
    .orderBy('grant.created_at', 'desc')
    .orderBy('grant.id', 'desc')
    .limit(GRANTS_LISTED)
    .execute();
  return rows.map((row: GrantRow) => ({
    id: row.id,
    clientName: clientDisplayName(row.client_name, row.client_id ?? 'An unknown client'),
    clientUri: row.client_uri,
    scopes: grantedScopes(row.resources),
    createdAt: new Date(row.created_at),
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
  }));
}

/**
 * Deletes the user's grant with every code and token issued under it, so the client's access and
 * refresh tokens stop working at once; NOT_FOUND when it is not the user's.
 */
export async function deleteOAuthGrant(db: Database, userId: string, grantId: string): Promise<void> {
  const deleted = await db
    .deleteFrom('oauth_records')
    .where('user_id', '=', userId)
    .where('grant_id', '=', grantId)
    .returning('model')
    .execute();
  if (!deleted.some((row) => row.model === 'Grant')) throw notFound('Connected app');
}

/**
 * Deletes the user's other grants to the same client, with what was issued under them: a client
 * that connects again replaces its connection (Connected apps lists it once, its old tokens end).
 */
export async function deleteOtherOAuthGrantsOfClient(
  db: Database,
  userId: string,
  clientId: string,
  keptGrantId: string,
): Promise<void> {
  await db
    .deleteFrom('oauth_records')
    .where('user_id', '=', userId)
    .where('grant_id', 'in', (eb) =>
      eb
        .selectFrom('oauth_records as grant')
        .select('grant.id')
        .where('grant.user_id', '=', userId)
        .where('grant.model', '=', 'Grant')
        .where('grant.id', '<>', keptGrantId)
        .where((inner) => inner(inner.ref('grant.payload', '->>').key('clientId'), '=', clientId)),
    )
    .execute();
}
