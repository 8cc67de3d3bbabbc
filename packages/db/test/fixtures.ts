import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Conversation, Message, newId, Session, Task, User } from '../src/index.ts';

/** A user with one of everything: session, task, conversation with two messages. */
export async function seedUserWithData(em: EntityManager, label = newId()) {
  const user = em.create(User, { email: `${label}@example.com`, passwordHash: 'argon2id$hash', name: 'Ada' });
  const session = em.create(Session, {
    user,
    tokenHash: createHash('sha256').update(label).digest('hex'),
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  const task = em.create(Task, { user, title: 'Buy milk' });
  const conversation = em.create(Conversation, { user, title: 'Groceries' });
  const question = em.create(Message, { conversation, user, role: 'user', content: 'What do I need?' });
  const answer = em.create(Message, { conversation, user, role: 'assistant', content: 'Milk.' });
  await em.flush();
  return { user, session, task, conversation, messages: [question, answer] };
}

/** Row counts of every table, for asserting what a delete removed and what it left. */
export async function countRows(em: EntityManager) {
  const [row] = await em.getConnection().execute<
    { users: string; sessions: string; tasks: string; conversations: string; messages: string }[]
  >(
    `select (select count(*) from users) as users, (select count(*) from sessions) as sessions,
            (select count(*) from tasks) as tasks, (select count(*) from conversations) as conversations,
            (select count(*) from messages) as messages`,
  );
  return Object.fromEntries(Object.entries(row ?? {}).map(([table, count]) => [table, Number(count)]));
}
