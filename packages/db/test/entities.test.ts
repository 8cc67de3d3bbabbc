import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_SCOPES, AccessToken, Conversation, limits, Message, Session, Task, User } from '../src/index.ts';
import { useTestDatabase } from '../src/testing/index.ts';
import { countRows, seedUserWithData } from './fixtures.ts';

const db = useTestDatabase();

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('entity round trip', () => {
  it('stores and reloads every entity with its fields and relations', async () => {
    const seeded = await seedUserWithData(db.orm.em.fork());
    const em = db.orm.em.fork();

    const user = await em.findOneOrFail(User, seeded.user.id);
    expect(user).toMatchObject({ email: seeded.user.email, passwordHash: 'argon2id$hash', name: 'Ada' });
    expect(user.id).toMatch(uuidV7);
    expect(user.createdAt).toBeInstanceOf(Date);

    const session = await em.findOneOrFail(Session, seeded.session.id);
    expect(session.user.id).toBe(user.id);
    expect(session.tokenHash).toBe(seeded.session.tokenHash);
    expect(session.expiresAt.getTime()).toBe(seeded.session.expiresAt.getTime());
    expect(session).toMatchObject({ userAgent: null, ip: null });

    const task = await em.findOneOrFail(Task, seeded.task.id);
    expect(task).toMatchObject({ title: 'Buy milk', description: null, completed: false });

    const conversation = await em.findOneOrFail(Conversation, seeded.conversation.id, { populate: ['messages'] });
    expect(conversation.title).toBe('Groceries');
    expect(conversation.user.id).toBe(user.id);
    const messages = conversation.messages.getItems().sort((a, b) => a.id.localeCompare(b.id));
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'What do I need?'],
      ['assistant', 'Milk.'],
    ]);

    const message = await em.findOneOrFail(Message, seeded.messages[0]?.id as string);
    expect(message).toMatchObject({ role: 'user', clientId: null });
    expect(message.conversation.id).toBe(conversation.id);
    expect(message.user.id).toBe(user.id);
  });

  it('keeps the user agent and address a session signed in with, within their bounds', async () => {
    const em = db.orm.em.fork();
    const { user } = await seedUserWithData(em);
    const userAgent = `Mozilla/5.0 ${'x'.repeat(limits.sessionUserAgent - 12)}`;
    const session = em.create(Session, {
      user,
      tokenHash: 'a'.repeat(64),
      expiresAt: new Date(Date.now() + 86_400_000),
      userAgent,
      ip: '2001:db8::1',
    });
    await em.flush();
    expect(await em.fork().findOneOrFail(Session, session.id)).toMatchObject({ userAgent, ip: '2001:db8::1' });

    // One character past either bound, or an empty one, is refused (the API cuts before it stores).
    for (const [column, value] of [
      ['user_agent', 'x'.repeat(limits.sessionUserAgent + 1)],
      ['user_agent', ''],
      ['ip', '1'.repeat(limits.sessionAddress + 1)],
      ['ip', ''],
    ] as const) {
      const refused = await em
        .getConnection()
        .execute(`update sessions set ${column} = ? where id = ?`, [value, session.id])
        .catch((error: unknown) => error);
      expect(refused, `${column} = ${value.length} characters`).toMatchObject({ code: '23514' });
    }
  });

  it('keeps a personal access token with its scopes, and refuses what the API never writes', async () => {
    const em = db.orm.em.fork();
    const { user } = await seedUserWithData(em);
    const name = 'n'.repeat(limits.accessTokenName);
    const token = em.create(AccessToken, {
      user,
      name,
      tokenHash: 'b'.repeat(64),
      scopes: ['tasks:read', 'conversations:read'],
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
    });
    await em.flush();
    expect(await em.fork().findOneOrFail(AccessToken, token.id)).toMatchObject({
      name,
      scopes: ['tasks:read', 'conversations:read'],
      lastUsedAt: null,
    });

    // Each column's rule, one value past it: 23514 a CHECK constraint, 22001 the varchar's length.
    const everyScope = `{${ACCESS_TOKEN_SCOPES.join(',')}}`;
    for (const [assignment, value] of [
      ['name = ?', 'n'.repeat(limits.accessTokenName + 1)],
      ['name = ?', ''],
      ['name = ?', ' \t '],
      ['token_hash = ?', 'B'.repeat(64)],
      ['scopes = ?', '{}'],
      ['scopes = ?', '{tasks:admin}'],
      ['scopes = ?', '{tasks:read,NULL}'],
      ['scopes = ?', `{${ACCESS_TOKEN_SCOPES.join(',')},tasks:read}`],
      ['expires_at = created_at - ?::interval', '1 second'],
      ['expires_at = created_at + ?::interval', `${limits.accessTokenExpiryDays} days 1 second`],
    ] as const) {
      const refused = await em
        .getConnection()
        .execute(`update access_tokens set ${assignment} where id = ?`, [value, token.id])
        .catch((error: unknown) => error);
      expect(refused, `${assignment} ${value}`).toMatchObject({ code: expect.stringMatching(/^(23514|22001)$/) });
    }
    // Every scope at once, a year to the day, and never expiring are all allowed.
    await em
      .getConnection()
      .execute(
        `update access_tokens set scopes = ?, expires_at = created_at + interval '${limits.accessTokenExpiryDays} days' where id = ?`,
        [everyScope, token.id],
      );
    await em.getConnection().execute('update access_tokens set expires_at = null where id = ?', [token.id]);

    // A second token with the same secret's hash is refused: /mcp finds a token by it.
    const duplicate = await em
      .getConnection()
      .execute(
        `insert into access_tokens (id, user_id, name, token_hash, scopes) values (gen_random_uuid(), ?, 'copy', ?, '{tasks:read}')`,
        [user.id, 'b'.repeat(64)],
      )
      .catch((error: unknown) => error);
    expect(duplicate).toMatchObject({ code: '23505', constraint: 'access_tokens_token_hash_unique' });
  });

  it('makes time-ordered ids that sort by creation', async () => {
    const em = db.orm.em.fork();
    const { conversation } = await seedUserWithData(em);
    const ids = Array.from(
      { length: 20 },
      (_, i) =>
        em.create(Message, { conversation, user: conversation.user, role: 'user', content: `m${i}`, seq: 3 + i }).id,
    );
    await em.flush();
    expect([...ids].sort()).toEqual(ids);
  });

  it('stores every timestamp as timestamptz(3): milliseconds, as a JavaScript Date holds them', async () => {
    const columns = await db.orm.em
      .getConnection()
      .execute<{ column: string; data_type: string; datetime_precision: number }[]>(
        `select table_name || '.' || column_name as column, data_type, datetime_precision
         from information_schema.columns
         where table_schema = 'public' and table_name <> 'mikro_orm_migrations' and column_name like '%_at'
         order by 1`,
      );
    expect(columns.map((c) => c.column)).toEqual([
      'access_tokens.created_at',
      'access_tokens.expires_at',
      'access_tokens.last_used_at',
      'chat_turn_events.created_at',
      'chat_turns.created_at',
      'chat_turns.expires_at',
      'conversation_shares.created_at',
      'conversations.created_at',
      'conversations.deleted_at',
      'conversations.updated_at',
      'labels.created_at',
      'message_task_effects.created_at',
      'message_task_effects.undone_at',
      'message_votes.created_at',
      'message_votes.updated_at',
      'messages.created_at',
      'oauth_records.created_at',
      'oauth_records.expires_at',
      'oauth_secrets.created_at',
      'projects.archived_at',
      'projects.created_at',
      'projects.updated_at',
      'reminders.created_at',
      'reminders.delivered_at',
      'reminders.fire_at',
      'sessions.created_at',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'sign_in_throttles.updated_at',
      'task_completions.completed_at',
      'task_completions.due_at',
      'tasks.completed_at',
      'tasks.created_at',
      'tasks.deleted_at',
      'tasks.due_at',
      'tasks.updated_at',
      'users.created_at',
      'users.updated_at',
    ]);
    for (const column of columns) {
      expect(column, column.column).toMatchObject({ data_type: 'timestamp with time zone', datetime_precision: 3 });
    }
    // A microsecond value is rounded to the millisecond on the way in.
    const [row] = await db.orm.em
      .getConnection()
      .execute<{ at: string }[]>(`select '2026-11-23 10:00:00.123456+00'::timestamptz(3)::text as at`);
    expect(row?.at).toBe('2026-11-23 10:00:00.123+00');
  });
});

describe('cascading deletes', () => {
  it('deleting a user removes their sessions, tasks, conversations and messages, and nobody else’s', async () => {
    const em = db.orm.em.fork();
    const victim = await seedUserWithData(em);
    const bystander = await seedUserWithData(em);
    const before = await countRows(em);

    await em.getConnection().execute('delete from users where id = ?', [victim.user.id]);

    expect(await countRows(em)).toEqual({
      users: before.users - 1,
      sessions: before.sessions - 1,
      tasks: before.tasks - 1,
      conversations: before.conversations - 1,
      messages: before.messages - 2,
    });
    const remaining = await em.fork().find(Message, { user: bystander.user.id });
    expect(remaining).toHaveLength(2);
  });

  it("deleting a user removes their access tokens, and nobody else's", async () => {
    const em = db.orm.em.fork();
    const victim = await seedUserWithData(em);
    const bystander = await seedUserWithData(em);
    for (const [owner, hash] of [
      [victim.user, 'e'.repeat(64)],
      [bystander.user, 'f'.repeat(64)],
    ] as const) {
      em.create(AccessToken, { user: owner, name: 'script', tokenHash: hash, scopes: ['tasks:write'] });
    }
    await em.flush();
    await em.getConnection().execute('delete from users where id = ?', [victim.user.id]);
    const left = await em.fork().find(AccessToken, { user: { $in: [victim.user.id, bystander.user.id] } });
    expect(left.map((token) => token.user.id)).toEqual([bystander.user.id]);
  });

  it('deleting a conversation removes its messages and nothing else', async () => {
    const em = db.orm.em.fork();
    const { user, conversation } = await seedUserWithData(em);
    const other = em.create(Conversation, { user, title: 'Other' });
    em.create(Message, { conversation: other, user, role: 'user', content: 'keep me', seq: 1 });
    await em.flush();
    const before = await countRows(em);

    await em.getConnection().execute('delete from conversations where id = ?', [conversation.id]);

    expect(await countRows(em)).toEqual({
      ...before,
      conversations: before.conversations - 1,
      messages: before.messages - 2,
    });
    const kept = await em.fork().find(Message, { conversation: other.id });
    expect(kept.map((m) => m.content)).toEqual(['keep me']);
  });
});
