/**
 * `@taskchat/dev-database` (the embedded PostgreSQL), loaded only when a database URL is unset
 * outside production. It is a dev dependency: an install without dev dependencies
 * (`pnpm install --prod`) has none, and says which variable to set instead.
 */
export async function loadDevDatabase(variable: string): Promise<typeof import('@taskchat/dev-database')> {
  try {
    return await import('@taskchat/dev-database');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new DatabaseUrlRequiredError(
      `${variable} is required: this install has no embedded PostgreSQL (@taskchat/dev-database is a dev dependency)`,
    );
  }
}

/** No database URL where one is required (production, an install without dev dependencies). One line. */
export class DatabaseUrlRequiredError extends Error {
  constructor(
    message = 'DATABASE_URL is required when NODE_ENV=production (the embedded PostgreSQL is for development only)',
  ) {
    super(message);
  }
}
