/**
 * Messages seeded by set-based SQL have no parents: these statements make each conversation's
 * messages one branch in `seq` order (what the branches migration does to older rows) and its
 * newest message the leaf. `where` narrows them to some conversations (`c` is the conversation
 * alias, `m` the message one), e.g. `c.user_id = '…'`; run them in order after seeding.
 */
export function oneBranchStatements(where = 'true'): string[] {
  return [
    `update messages m set parent_id = o.previous_id
       from (select m.id, lag(m.id) over (partition by m.conversation_id order by m.seq) as previous_id
               from messages m join conversations c on c.id = m.conversation_id where ${where}) o
      where m.id = o.id and m.parent_id is distinct from o.previous_id`,
    `update conversations c set leaf_id = (select m.id from messages m where m.conversation_id = c.id order by m.seq desc limit 1)
      where ${where}`,
  ];
}
