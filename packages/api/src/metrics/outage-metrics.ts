import { counter } from './registry.ts';

const unavailable = counter({
  name: 'taskchat_outage_responses_total',
  help: 'Calls answered 503 SERVICE_UNAVAILABLE because the database could not be reached, by where (procedure, session lookup, MCP tool, …)',
  labelNames: ['site'],
});

const outages = counter({
  name: 'taskchat_database_outages_total',
  help: 'Database outages seen: the first 503 after a time of calls reaching the database (each is logged once)',
});

export const outageMetrics = {
  /** A call answered 503; `site` is the error map's FailureSite.what, a fixed word of the code. */
  answered503: (site: string) => unavailable.inc({ site }),
  /** The first failure of a new outage. */
  began: () => outages.inc(),
};
