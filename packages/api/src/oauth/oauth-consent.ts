import type { McpScope } from '../mcp/mcp-scopes.ts';

/** An MCP client asking, through the browser, for access to the signed-in user's data: what the consent page shows. */
export interface ConsentRequest {
  uid: string;
  /** The client's name as it registered itself (its id when it gave none): unverified, so the page says so. */
  clientName: string;
  /** The client's home page, when it registered one. */
  clientUri: string | null;
  /** Where the browser goes back to with the answer: the host a person can check. */
  redirectHost: string;
  /** What it asks for, in the order of `MCP_SCOPES`. */
  scopes: McpScope[];
}

/**
 * The OAuth server's side of consent (the HTTP host implements it with oidc-provider). A consent in
 * progress belongs to the browser that began it: `cookie` is that request's Cookie header, and a
 * request without the consent's own cookie finds nothing, so a link sent to someone else grants nothing.
 */
export interface OAuthConsent {
  /** Null: no such consent in progress for this browser (unknown, expired, decided, or begun elsewhere). */
  describe(request: { uid: string; cookie: string | null }): Promise<ConsentRequest | null>;
  /** Records the user's answer; the browser then goes to `redirectTo`, which sends the client its code or the refusal. */
  decide(request: {
    uid: string;
    cookie: string | null;
    userId: string;
    allow: boolean;
  }): Promise<{ redirectTo: string } | null>;
}
