import { errorCode, isTaskchatError } from '@taskchat/client';

/** The server's per-field validation messages (zod's `fieldErrors`), by input field. */
export function fieldErrors(error: unknown): Partial<Record<string, string[]>> {
  if (!isTaskchatError(error)) return {};
  return error.data?.zodError?.fieldErrors ?? {};
}

/** What to tell the user about a failed call, in words they can act on. */
export function errorText(error: unknown): string {
  const code = errorCode(error);
  const retryAfter = isTaskchatError(error) ? error.data?.retryAfter : null;
  if (code === 'TOO_MANY_REQUESTS' || code === 'SERVICE_UNAVAILABLE') {
    const wait = retryAfter ? ` Try again in ${retryAfter} s.` : ' Try again shortly.';
    return `${code === 'SERVICE_UNAVAILABLE' ? 'Taskchat is unavailable right now.' : error instanceof Error ? error.message : ''}${wait}`;
  }
  const validation = isTaskchatError(error) ? error.data?.zodError : null;
  if (validation) {
    const fields = Object.values(validation.fieldErrors as Partial<Record<string, string[]>>);
    return [...validation.formErrors, ...fields.flatMap((messages) => messages ?? [])][0] ?? 'Check what you entered.';
  }
  if (code === 'INTERNAL_SERVER_ERROR') return 'Something went wrong on our side. Try again.';
  if (code) return error instanceof Error ? error.message : 'The request was refused.';
  return 'Cannot reach Taskchat. Check your connection and try again.';
}
