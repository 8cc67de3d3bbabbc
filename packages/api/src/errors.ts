/**
 * A failure the caller can act on, raised by domain functions. The API turns it into the tRPC
 * error of the same code (a typed 4xx); any other error is unexpected, logged, and a 500.
 */
export class DomainError extends Error {
  readonly code: 'BAD_REQUEST' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'CONFLICT';

  constructor(code: DomainError['code'], message: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
  }
}

/** Missing, or another user's: the two are indistinguishable. */
export function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} not found`);
}
