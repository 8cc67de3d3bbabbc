/**
 * A request's path as logs and traces may record it: without its query string (tRPC's GET
 * `input=` holds what the user typed, a password included) and without a share link's token,
 * which is the link's secret (`/share/[redacted]`).
 */
export function recordablePath(url: string): string {
  return (url.split('?', 1)[0] ?? '').replace(/^\/share\/[^/]+/, '/share/[redacted]');
}
