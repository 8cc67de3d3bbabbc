import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';

/**
 * How often something was done in one fixed window of time (`chat:<user id>` per minute, per
 * day…): counted in PostgreSQL so a limit holds across every server process.
 */
export const RateLimitWindow = defineEntity({
  name: 'RateLimitWindow',
  tableName: 'rate_limit_windows',
  properties: {
    /** What is limited and for whom, with the window's length: `chat:<user id>:60000`. */
    key: p.string().length(200).primary(),
    windowStart: p.datetime(3).primary(),
    count: p.integer(),
  },
});

export type RateLimitWindow = InferEntity<typeof RateLimitWindow>;
