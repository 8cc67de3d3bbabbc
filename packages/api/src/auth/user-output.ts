import { toDate } from '../sql-rows.ts';

/** A user as the API returns it: never the password hash. */
export interface UserOutput {
  id: string;
  email: string;
  name: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** From an entity or a SQL row. */
export function toUserOutput(user: {
  id: string;
  email: string;
  name?: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
}): UserOutput {
  return {
    id: user.id,
    email: user.email,
    name: user.name ?? null,
    createdAt: toDate(user.createdAt),
    updatedAt: toDate(user.updatedAt),
  };
}
