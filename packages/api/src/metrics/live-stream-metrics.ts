import { counter, gauge } from './registry.ts';

const openStreams = gauge({
  name: 'taskchat_live_streams_open',
  help: 'Live streams (subscriptions) open on the change feeds of the server processes',
  aggregator: 'sum',
});

const reconnects = counter({
  name: 'taskchat_change_feed_reconnects_total',
  help: "Times the change feed's LISTEN connection was lost and opened again (its subscriptions then read what they missed)",
});

/** What the change feed reports: a stream opened or closed, the LISTEN connection back after a loss. */
export const liveStreamMetrics = {
  opened: () => openStreams.inc(),
  closed: () => openStreams.dec(),
  reconnected: () => reconnects.inc(),
};
