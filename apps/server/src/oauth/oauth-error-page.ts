const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

/** What of Koa's context the page is written to (oidc-provider's, or one of its middlewares'). */
interface PageContext {
  type: string;
  body: unknown;
}

/**
 * The page a browser gets when an authorization request cannot go on (an unknown client, a
 * redirect it never registered, a consent that expired): what went wrong in the server's words,
 * never a stack trace, and what to do. oidc-provider's own page says the same in its look.
 */
export function renderOAuthError(ctx: PageContext, out: { error: string; error_description?: string }): void {
  ctx.type = 'html';
  ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Taskchat: the app could not connect</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem">
<h1>The app could not connect to Taskchat</h1>
<p>${escapeHtml(out.error_description ?? out.error)} (<code>${escapeHtml(out.error)}</code>)</p>
<p>Go back to the app you were connecting and start again.</p>
</body></html>`;
}
