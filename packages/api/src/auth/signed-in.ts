import type { UserOutput } from './users.data.ts';

/** What signing up or in answers. */
export interface SignedIn {
  user: UserOutput;
  /** The bearer token of the new session. */
  token: string;
}
