import type { User } from '@taskchat/db';

/** A user as the API returns it: never the password hash. */
export interface UserOutput {
  id: string;
  email: string;
  name: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toUserOutput(user: Pick<User, 'id' | 'email' | 'name' | 'createdAt' | 'updatedAt'>): UserOutput {
  return {
    id: user.id,
    email: user.email,
    name: user.name ?? null,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
