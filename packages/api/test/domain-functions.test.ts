import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD, useTestDatabase } from '@taskchat/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAccountSettings } from '../src/auth/account-settings.ts';
import type { AccountContext } from '../src/auth/password-check.ts';
import { PasswordHasher } from '../src/auth/password-hasher.ts';
import { signIn } from '../src/auth/sign-in.ts';
import { signUp } from '../src/auth/sign-up.ts';
import { createConversation } from '../src/conversations/create-conversation.ts';
import { getConversation } from '../src/conversations/get-conversation.ts';
import { type Database, databaseOf, inTransaction } from '../src/database.ts';
import { DomainError } from '../src/errors.ts';
import { appendMessage } from '../src/messages/append-message.ts';
import { listMessages } from '../src/messages/list-messages.ts';
import { completeTask } from '../src/tasks/complete-task.ts';
import { createTask } from '../src/tasks/create-task.ts';
import { deleteTask } from '../src/tasks/delete-task.ts';
import { listTasks } from '../src/tasks/list-tasks.ts';
import { defaultTaskSettings } from '../src/tasks/task-settings.ts';
import { updateTask } from '../src/tasks/update-task.ts';

const tasks = defaultTaskSettings();

/** Server code (the assistant) calls these without tRPC: no caller, just the part of the context each needs. */
const database = useTestDatabase();
let db: Database;
let owner: string;
let other: string;

/** What the account functions need: the database, the hasher, the account settings, no client address. */
let accounts: AccountContext;

const newUserId = async () =>
  (await signUp(accounts, { email: `${randomUUID()}@example.com`, password: TEST_PASSWORD })).user.id;

beforeAll(async () => {
  db = databaseOf(database.orm);
  accounts = {
    db,
    passwords: new PasswordHasher(),
    accounts: defaultAccountSettings({ sessionTtlMs: 60_000 }),
    clientAddress: null,
    userAgent: null,
  };
  owner = await newUserId();
  other = await newUserId();
});

async function expectDomainError(call: Promise<unknown>, code: DomainError['code']) {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

describe('domain functions, called directly', () => {
  it('run every task operation, each scoped to its user', async () => {
    const task = await createTask({ db, userId: owner, tasks }, { title: 'Call the plumber' });
    expect(task).toMatchObject({ title: 'Call the plumber', description: null, completed: false });
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await db.updateTable('tasks').set({ updated_at: anHourAgo }).where('id', '=', task.id).execute();
    const done = await completeTask({ db, userId: owner }, { id: task.id });
    expect(done).toMatchObject({ id: task.id, completed: true, createdAt: task.createdAt });
    expect(done.updatedAt.getTime()).toBeGreaterThanOrEqual(task.updatedAt.getTime());
    expect(
      await updateTask({ db, userId: owner, tasks }, { id: task.id, title: 'Call the plumber again' }),
    ).toMatchObject({
      title: 'Call the plumber again',
      completed: true,
    });
    expect((await listTasks({ db, userId: owner }, { view: 'done', limit: 10 })).items.map((t) => t.id)).toEqual([
      task.id,
    ]);

    await expectDomainError(completeTask({ db, userId: other }, { id: task.id }), 'NOT_FOUND');
    await expectDomainError(updateTask({ db, userId: other, tasks }, { id: task.id, title: 'mine now' }), 'NOT_FOUND');
    await expectDomainError(deleteTask({ db, userId: other }, { id: task.id }), 'NOT_FOUND');
    expect((await listTasks({ db, userId: other }, { view: 'all', limit: 10 })).items).toEqual([]);

    expect(await deleteTask({ db, userId: owner }, { id: task.id })).toEqual({
      id: task.id,
      title: 'Call the plumber again',
    });
    await expectDomainError(deleteTask({ db, userId: owner }, { id: task.id }), 'NOT_FOUND');
  });

  it('appendMessage reports stored, then replayed, and refuses a reused clientId as CONFLICT', async () => {
    const conversation = await createConversation({ db, userId: owner }, {});
    const input = {
      conversationId: conversation.id,
      role: 'user' as const,
      content: 'Plan the trip',
      clientId: randomUUID(),
    };
    const stored = await appendMessage({ db: db, userId: owner }, input);
    expect(stored.status).toBe('stored');
    expect(await appendMessage({ db: db, userId: owner }, input)).toEqual({
      status: 'replayed',
      message: stored.message,
    });
    await expectDomainError(
      appendMessage({ db: db, userId: owner }, { ...input, content: 'Plan another trip' }),
      'CONFLICT',
    );
    await expectDomainError(appendMessage({ db: db, userId: other }, input), 'NOT_FOUND');
    expect((await getConversation({ db, userId: owner }, { id: conversation.id, includeTrashed: false })).title).toBe(
      'Plan the trip',
    );
  });

  it("appendMessage joins the caller's transaction: rolled back with it, nothing is left", async () => {
    const conversation = await createConversation({ db, userId: owner }, {});
    const rollback = new Error('roll back');
    await expect(
      inTransaction(db, async (tx) => {
        await appendMessage(
          { db: tx, userId: owner },
          { conversationId: conversation.id, role: 'user', content: 'never kept' },
        );
        expect(
          (await listMessages({ db: tx, userId: owner }, { conversationId: conversation.id, limit: 10 })).items,
        ).toHaveLength(1);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(
      (await listMessages({ db: db, userId: owner }, { conversationId: conversation.id, limit: 10 })).items,
    ).toEqual([]);
    const after = await getConversation({ db, userId: owner }, { id: conversation.id, includeTrashed: false });
    expect(after).toEqual({ ...conversation, title: null, trashedAt: null });
  });
});

describe('data-layer edges', () => {
  it('isUniqueViolation names one constraint of one kind of error', async () => {
    const { isUniqueViolation } = await import('../src/database.ts');
    expect(
      isUniqueViolation({ code: '23505', constraint: 'users_email_lower_unique' }, 'users_email_lower_unique'),
    ).toBe(true);
    expect(isUniqueViolation({ code: '23505', constraint: 'other' }, 'users_email_lower_unique')).toBe(false);
    expect(
      isUniqueViolation({ code: '23514', constraint: 'users_email_lower_unique' }, 'users_email_lower_unique'),
    ).toBe(false);
    expect(isUniqueViolation(undefined, 'users_email_lower_unique')).toBe(false);
  });

  it('signUp turns only the email clash into CONFLICT; another refusal stays an unexpected error', async () => {
    const email = `${randomUUID()}@example.com`;
    await signUp(accounts, { email, password: TEST_PASSWORD });
    await expectDomainError(signUp(accounts, { email, password: TEST_PASSWORD }), 'CONFLICT');
    // A name the CHECK constraint refuses (the API's schema would have refused it first).
    const refused = await signUp(accounts, { email: `${randomUUID()}@example.com`, password: TEST_PASSWORD, name: ' ' })
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(refused).toBeDefined();
    expect(refused).not.toBeInstanceOf(DomainError);
  });

  it('signIn finds an email stored in another case (lower(email) on both sides)', async () => {
    const local = randomUUID();
    await signUp(accounts, { email: `Mixed-${local}@Example.com`, password: TEST_PASSWORD });
    const { user } = await signIn(accounts, { email: `mixed-${local}@example.com`, password: TEST_PASSWORD });
    expect(user.email).toBe(`Mixed-${local}@Example.com`);
    await expectDomainError(
      signIn(accounts, { email: `mixed-${local}@example.com`, password: 'wrong password' }),
      'UNAUTHORIZED',
    );
  });

  it('resolveSession refreshes last_seen_at only when it is over a minute old', async () => {
    const { resolveSession, openSession } = await import('../src/auth/sessions.data.ts');
    const token = await openSession(db, owner, 60_000, { userAgent: null, ip: null });
    const lastSeen = async () =>
      new Date(
        (
          await db
            .selectFrom('sessions')
            .select('last_seen_at')
            .where('user_id', '=', owner)
            .orderBy('created_at', 'desc')
            .executeTakeFirstOrThrow()
        ).last_seen_at,
      ).getTime();
    const setLastSeen = (msAgo: number) =>
      db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - msAgo) })
        .where('user_id', '=', owner)
        .execute();

    await setLastSeen(30_000);
    const recent = await lastSeen();
    expect((await resolveSession(db, token))?.user.id).toBe(owner);
    expect(await lastSeen()).toBe(recent);

    await setLastSeen(120_000);
    await resolveSession(db, token);
    expect(Date.now() - (await lastSeen())).toBeLessThan(10_000);
  });
});
