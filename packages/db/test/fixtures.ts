import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Conversation, Message, newId, Project, Session, Task, User } from '../src/index.ts';

/** A user with one of everything: session, project with a task, conversation with two messages. */
export async function seedUserWithData(em: EntityManager, label = newId()) {
  const user = em.create(User, { email: `${label}@example.com`, passwordHash: 'argon2id$hash', name: 'Ada' });
  const session = em.create(Session, {
    user,
    tokenHash: createHash('sha256').update(label).digest('hex'),
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  const project = em.create(Project, { user, name: 'Errands' });
  const task = em.create(Task, { user, project, title: 'Buy milk' });
  const conversation = em.create(Conversation, { user, title: 'Groceries' });
  const question = em.create(Message, { conversation, user, role: 'user', content: 'What do I need?', seq: 1 });
  const answer = em.create(Message, { conversation, user, role: 'assistant', content: 'Milk.', seq: 2 });
  await em.flush();
  return { user, session, project, task, conversation, messages: [question, answer] };
}

const TABLES = ['users', 'sessions', 'tasks', 'conversations', 'messages'] as const;
type RowCounts = Record<(typeof TABLES)[number], number>;

/** Row counts of every table, for asserting what a delete removed and what it left. */
export async function countRows(em: EntityManager): Promise<RowCounts> {
  const columns = TABLES.map((table) => `(select count(*) from ${table})::int as ${table}`).join(', ');
  const [row] = await em.getConnection().execute<RowCounts[]>(`select ${columns}`);
  if (!row) throw new Error('count query returned no row');
  return row;
}
