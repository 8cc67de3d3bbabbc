import { z } from 'zod';

/** An id the OAuth server made (a consent's uid, a grant's id): URL-safe letters, never longer than this. */
const oauthIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'Not an id this server gave out');

export const consentUidInput = z.object({ uid: oauthIdSchema });

export const consentDecisionInput = z.object({ uid: oauthIdSchema, allow: z.boolean() });

export const grantIdInput = z.object({ id: oauthIdSchema });
