import type { VoteValue } from '@taskchat/db';
import { counter } from './registry.ts';

const votes = counter({
  name: 'taskchat_message_votes_total',
  help: 'messages.vote calls that stored a vote, by value (up, down) or cleared one (none); counts only, never what was voted on',
  labelNames: ['value'],
});

/** Counts a vote cast (or taken back, `null`): the operator's view of how answers are received. */
export function countVote(value: VoteValue | null): void {
  votes.inc({ value: value ?? 'none' });
}
