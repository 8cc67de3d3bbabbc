/**
 * A failure the caller can act on, raised by domain functions. The API turns it into the tRPC
 * error of the same code (a typed 4xx); any other error is unexpected, logged, and a 500.
 */
export class DomainError extends Error {
  readonly code: 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS';
  /** For TOO_MANY_REQUESTS: when trying again can succeed (`error.data.retryAfter` for clients). */
  readonly retryAfterSeconds: number | null;
  /** For BAD_REQUEST: the input field at fault, which clients get as a zod field error (`invalidField`). */
  readonly field: string | null;

  constructor(
    code: DomainError['code'],
    message: string,
    options: { retryAfterSeconds?: number; field?: string } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.field = options.field ?? null;
  }
}

/**
 * An input field refused by a rule that needs more than the input (a new password against the
 * account's email): BAD_REQUEST, in `error.data.zodError` as the schema's own refusals are.
 */
export function invalidField(field: string, message: string): DomainError {
  return new DomainError('BAD_REQUEST', message, { field });
}

/** Missing, or another user's: the two are indistinguishable. */
export function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} not found`);
}
