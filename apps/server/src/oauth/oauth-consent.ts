import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import {
  type ConsentRequest,
  clientDisplayName,
  type Database,
  deleteOtherOAuthGrantsOfClient,
  MCP_SCOPES,
  type McpScope,
  type OAuthConsent,
} from '@taskchat/api';
import { errors, type InteractionResults, type default as Provider } from 'oidc-provider';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * A bare request with only `cookie`: oidc-provider reads the consent's cookie from a request, and
 * the consent page's requests reach it through tRPC, not through the OAuth server's own routes.
 */
function requestWithCookie(cookie: string): [IncomingMessage, ServerResponse] {
  const request = new IncomingMessage(new Socket());
  request.headers = { cookie };
  request.method = 'POST';
  request.url = '/';
  return [request, new ServerResponse(request)];
}

/** The MCP scopes the client asked for, in their order (anything else it asked is not Taskchat's to give). */
function askedScopes(interaction: Interaction): McpScope[] {
  const asked = new Set(String(interaction.params.scope ?? '').split(' '));
  return MCP_SCOPES.filter((scope) => asked.has(scope));
}

function hostOf(uri: unknown): string {
  try {
    return new URL(String(uri)).host || String(uri);
  } catch {
    return String(uri);
  }
}

/**
 * Consent through the web app's page, on oidc-provider's interactions: a consent is found only
 * with the cookie oidc-provider set in the browser that began it, and only once (undecided).
 */
export function oauthConsent(provider: Provider, db: Database, resource: string): OAuthConsent {
  async function undecided(uid: string, cookie: string | null) {
    if (!cookie) return null;
    const [request, response] = requestWithCookie(cookie);
    try {
      const interaction = await provider.interactionDetails(request, response);
      if (interaction.uid !== uid || interaction.result) return null;
      return { interaction, request, response };
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return null;
      throw error;
    }
  }

  return {
    async describe({ uid, cookie }): Promise<ConsentRequest | null> {
      const found = await undecided(uid, cookie);
      if (!found) return null;
      const { interaction } = found;
      const client = await provider.Client.find(String(interaction.params.client_id));
      if (!client) return null;
      return {
        uid,
        clientName: clientDisplayName(client.clientName, client.clientId),
        clientUri: typeof client.clientUri === 'string' ? client.clientUri : null,
        redirectHost: hostOf(interaction.params.redirect_uri),
        scopes: askedScopes(interaction),
      };
    },

    async decide({ uid, cookie, userId, allow }) {
      const found = await undecided(uid, cookie);
      if (!found) return null;
      const { interaction, request, response } = found;
      const stale = interaction.session;
      if (stale?.accountId && stale.accountId !== userId) {
        // This browser is still signed in to the OAuth server as whoever answered a consent here last (another
        // Taskchat user, signed out of the web app since): that sign-in ends, and the answer is the current user's.
        if (stale.cookie) await provider.Session.adapter.destroy(stale.cookie);
        interaction.session = undefined;
        await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
      }
      let result: InteractionResults = { error: 'access_denied', error_description: 'The user refused access' };
      if (allow) {
        const clientId = String(interaction.params.client_id);
        const grant = new provider.Grant({ accountId: userId, clientId });
        grant.addResourceScope(resource, askedScopes(interaction).join(' '));
        // What else was asked and the server knows (offline_access: refresh tokens, which every client gets anyway).
        grant.addOIDCScope(String(interaction.params.scope ?? ''));
        const grantId = await grant.save();
        await deleteOtherOAuthGrantsOfClient(db, userId, clientId, grantId);
        // Sign-in is the web app's: the OAuth server takes the signed-in user as the account.
        result = { login: { accountId: userId, remember: false }, consent: { grantId } };
      }
      // A path: the page is on this origin, whatever Host the request that began the consent named.
      const resume = new URL(await provider.interactionResult(request, response, result));
      return { redirectTo: `${resume.pathname}${resume.search}` };
    },
  };
}
