import { z } from 'zod';

/** A search's query: words, "a phrase", or, -word (web search syntax); at most 200 characters. */
export const searchQuerySchema = z
  .string()
  .trim()
  .min(1, { message: 'Say what to search for' })
  .max(200)
  // PostgreSQL text cannot hold NUL: refused here, not by the database.
  .refine((value) => !value.includes('\u0000'), { message: 'Must not contain NUL characters' });
