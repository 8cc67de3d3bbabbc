import { type Database, MCP_SCOPES } from '@taskchat/api';
import Provider, { type Configuration, errors, interactionPolicy } from 'oidc-provider';
import { postgresOAuthAdapter } from './oauth-adapter.ts';
import { renderOAuthError } from './oauth-error-page.ts';
import { loadOAuthSecrets } from './oauth-secrets.ts';

export interface OAuthServerSettings {
  /** The issuer: the server's public address (PUBLIC_URL). */
  issuer: string;
  /** The one protected resource, `<issuer>/mcp` (RFC 8707): every token is bound to it. */
  resource: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

/** The OAuth server's own paths, under /oauth (the resume path of a consent is `<authorization>/<uid>`). */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  registration: '/oauth/register',
  revocation: '/oauth/revoke',
  jwks: '/oauth/jwks',
  end_session: '/oauth/session/end',
  userinfo: '/oauth/userinfo',
  introspection: '/oauth/introspect',
  pushed_authorization_request: '/oauth/par',
  code_verification: '/oauth/device',
  device_authorization: '/oauth/device/auth',
  backchannel_authentication: '/oauth/backchannel',
  challenge: '/oauth/challenge',
  credential: '/oauth/credential',
} as const;

/** How long a consent may wait for the person: they may have to sign in first. */
const CONSENT_TTL_SECONDS = 600;
/**
 * The OAuth server's own browser session only has to outlive one authorization: who is signed in
 * is the web app's to say (consent is asked every time, as whoever is signed in there now).
 */
const SESSION_TTL_SECONDS = 300;
const CODE_TTL_SECONDS = 60;
/** A grant (a connection) lasts a year at most; its refresh tokens keep it in use until then. */
const GRANT_TTL_SECONDS = 365 * 86_400;

/**
 * oidc-provider's prompts, with consent asked every time: a client that comes back is answered by
 * whoever is signed in to the web app now, never by the account a past consent was for.
 */
function consentEveryTime(): interactionPolicy.DefaultPolicy {
  const policy = interactionPolicy.base();
  policy
    .get('consent')
    ?.checks.add(
      new interactionPolicy.Check(
        'taskchat_consent',
        'Taskchat asks the signed-in user every time',
        'consent_required',
        (ctx) =>
          ctx.oidc.result?.consent ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}

/**
 * The authorization server for MCP clients, on oidc-provider (a certified OAuth 2.0 / OpenID
 * server): authorization code with PKCE (S256) for public clients, dynamic client registration
 * (RFC 7591), refresh tokens rotated on every use, opaque access tokens bound to /mcp (RFC 8707),
 * consent on the web app's page. Everything it stores is in PostgreSQL.
 */
export async function createOAuthProvider(db: Database, settings: OAuthServerSettings): Promise<Provider> {
  const { jwks, cookieKeys } = await loadOAuthSecrets(db);
  const resourceServer = {
    scope: MCP_SCOPES.join(' '),
    audience: settings.resource,
    accessTokenTTL: settings.accessTokenTtlSeconds,
    accessTokenFormat: 'opaque',
  } as const;
  const configuration: Configuration = {
    adapter: postgresOAuthAdapter(db),
    jwks,
    cookies: { keys: cookieKeys },
    // The account is the Taskchat user the consent page signed in; no profile claims are offered.
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    routes: OAUTH_ROUTES,
    // Registration checks a client's `scope` against these (MCP clients register the scopes /mcp names).
    scopes: ['openid', 'offline_access', ...MCP_SCOPES],
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, issueRegistrationAccessToken: false },
      // A client revokes only its own tokens (another's is ignored, as RFC 7009 lets a server answer).
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // A client that names no resource still gets a token for /mcp, the only one there is.
        defaultResource: () => settings.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== settings.resource) throw new errors.InvalidTarget(`Only ${settings.resource} is served`);
          return resourceServer;
        },
      },
    },
    // Refresh tokens for every client allowed them, not only those asking for offline_access.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    expiresWithSession: () => false,
    ttl: {
      AccessToken: settings.accessTokenTtlSeconds,
      AuthorizationCode: CODE_TTL_SECONDS,
      RefreshToken: settings.refreshTokenTtlSeconds,
      Grant: GRANT_TTL_SECONDS,
      Interaction: CONSENT_TTL_SECONDS,
      Session: SESSION_TTL_SECONDS,
    },
    // The consent page is the web app's; the cookie that binds it to this browser takes that URL's path, `/`.
    interactions: { policy: consentEveryTime(), url: (_ctx, interaction) => `/#/oauth/consent/${interaction.uid}` },
    renderError: renderOAuthError,
  };
  const provider = new Provider(settings.issuer, configuration);
  // Its host and protocol are the issuer's, set on every request by the routes (`oauth-routes.ts`).
  provider.proxy = true;
  return provider;
}
