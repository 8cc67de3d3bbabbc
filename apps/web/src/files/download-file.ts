import { readSessionToken, writeSessionToken } from '../session/session-token.ts';

/** The name the server gave the file (`content-disposition: attachment; filename="…"`), if any. */
function attachmentName(response: Response): string | null {
  const header = response.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"|filename=([^";]+)/.exec(header)?.slice(1).find(Boolean) ?? null;
}

/** Why the server refused, from its `{ error }` body, else its status. */
async function refusalMessage(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  const message = body && typeof body === 'object' && 'error' in body ? body.error : null;
  return typeof message === 'string' ? message : `The download failed (${response.status}).`;
}

/**
 * Downloads `path` (on this origin) with the session token, which a plain link cannot send, and
 * saves it under the server's file name (else `fallbackName`). A refusal throws with the server's
 * message; a 401 also signs out, as for any other call.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const token = readSessionToken();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    if (response.status === 401 && token) writeSessionToken(null);
    throw new Error(await refusalMessage(response));
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = attachmentName(response) ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
