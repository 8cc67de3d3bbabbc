import { beforeAll, describe, expect, it } from 'vitest';
import {
  conversationTitleSchema,
  emailSchema,
  enteredPasswordSchema,
  messageContentSchema,
  messageRoleSchema,
  newId,
  passwordSchema,
  taskDescriptionSchema,
  taskTitleSchema,
  userNameSchema,
} from '../src/index.ts';
import { useTestDatabase } from '../src/testing/index.ts';
import { seedUserWithData } from './fixtures.ts';

const db = useTestDatabase();
let userId: string;
let conversationId: string;
beforeAll(async () => {
  const seeded = await seedUserWithData(db.orm.em.fork());
  userId = seeded.user.id;
  conversationId = seeded.conversation.id;
});

/** PostgreSQL SQLSTATE codes of the refusals these tests expect. */
const CHECK = '23514';
const NOT_NULL = '23502';
const FOREIGN_KEY = '23503';
const UNIQUE = '23505';
const TOO_LONG = '22001'; // varchar(n) overflow, refused before the CHECK runs

async function expectRefused(statement: Promise<unknown>, ...codes: string[]) {
  const error = await statement.then(
    () => undefined,
    (caught: unknown) => caught as { code?: string },
  );
  expect(error, 'PostgreSQL accepted the row').toBeDefined();
  expect(codes).toContain(error?.code);
}

const emoji = '😀'; // one code point, two UTF-16 units, four UTF-8 bytes

function execute(sql: string, params: unknown[]) {
  return db.orm.em.getConnection().execute(sql, params);
}
let messageSeq = 0;
const insertMessage = (role: unknown, content: unknown) =>
  execute('insert into messages (id, conversation_id, user_id, role, content, seq) values (?, ?, ?, ?, ?, ?)', [
    newId(),
    conversationId,
    userId,
    role,
    content,
    ++messageSeq,
  ]);
const insertConversation = (title: unknown) =>
  execute('insert into conversations (id, user_id, title) values (?, ?, ?)', [newId(), userId, title]);
const insertTask = (title: unknown, description: unknown = null) =>
  execute('insert into tasks (id, user_id, title, description) values (?, ?, ?, ?)', [
    newId(),
    userId,
    title,
    description,
  ]);
const insertUser = (email: unknown, name: unknown = null) =>
  execute('insert into users (id, email, password_hash, name) values (?, ?, ?, ?)', [newId(), email, 'hash', name]);

describe('message content: 1–10,000 code points, not blank', () => {
  const refused = {
    empty: '',
    'whitespace only': ' \t\n\u00a0\u3000',
    '10,001 ASCII characters': 'a'.repeat(10_001),
    '10,001 emoji': emoji.repeat(10_001),
  };
  for (const [label, content] of Object.entries(refused)) {
    it(`refuses ${label} in zod and in PostgreSQL`, async () => {
      expect(messageContentSchema.safeParse(content).success).toBe(false);
      await expectRefused(insertMessage('user', content), CHECK);
    });
  }

  const accepted = {
    '10,000 ASCII characters': 'a'.repeat(10_000),
    '10,000 emoji': emoji.repeat(10_000),
    'one character': 'x',
    'text surrounded by whitespace': '  hi  ',
  };
  for (const [label, content] of Object.entries(accepted)) {
    it(`accepts ${label} in zod and in PostgreSQL`, async () => {
      expect(messageContentSchema.parse(content)).toBe(content);
      await expect(insertMessage('user', content)).resolves.toBeDefined();
    });
  }

  it('refuses a NUL character in zod (PostgreSQL text cannot hold it)', () => {
    expect(messageContentSchema.safeParse('a\u0000b').success).toBe(false);
  });
});

describe('passwords', () => {
  it('8–128 characters; a huge one is refused with a single issue, before its characters are counted', () => {
    expect(passwordSchema.safeParse('p'.repeat(8)).success).toBe(true);
    expect(passwordSchema.safeParse('p'.repeat(128)).success).toBe(true);
    expect(passwordSchema.safeParse('p'.repeat(7)).success).toBe(false);
    expect(passwordSchema.safeParse('p'.repeat(129)).success).toBe(false);
    const huge = passwordSchema.safeParse('p'.repeat(1_000_000));
    expect(huge.error?.issues).toHaveLength(1);
    expect(enteredPasswordSchema.safeParse('p'.repeat(1_000_000)).error?.issues).toHaveLength(1);
  });

  it('parses a new password to its NFKC form and bounds that form, which is what is hashed', () => {
    const nfd = 'cafe\u0301 au lait';
    expect(passwordSchema.parse(nfd)).toBe('caf\u00e9 au lait');
    expect(passwordSchema.parse('ｐａｓｓｗｏｒｄ')).toBe('password');
    // U+FDFA: one character, 18 once normalised.
    expect(passwordSchema.safeParse('\uFDFA'.repeat(7)).success).toBe(true);
    expect(passwordSchema.safeParse('\uFDFA'.repeat(8)).error?.issues.map((issue) => issue.message)).toEqual([
      'Must be at most 128 characters once Unicode-normalised (NFKC)',
    ]);
    expect(passwordSchema.safeParse('e\u0301'.repeat(4)).error?.issues.map((issue) => issue.message)).toEqual([
      'Must be at least 8 characters',
    ]);
    expect(passwordSchema.safeParse('\u00e9'.repeat(128).normalize('NFD')).success).toBe(true);
    expect(passwordSchema.safeParse('pass\u0000word').success).toBe(false);
  });

  it("takes an entered password as typed when either form could be an account's", () => {
    expect(enteredPasswordSchema.parse('cafe\u0301 au lait')).toBe('cafe\u0301 au lait');
    // Set before normalisation: within the rule as typed, past it once normalised, or the other way round.
    expect(enteredPasswordSchema.safeParse('\uFDFA'.repeat(8)).success).toBe(true);
    expect(enteredPasswordSchema.safeParse('e\u0301'.repeat(4)).success).toBe(true);
    expect(enteredPasswordSchema.safeParse('\u00e9'.repeat(128).normalize('NFD')).success).toBe(true);
    expect(enteredPasswordSchema.safeParse('p'.repeat(7)).error?.issues.map((issue) => issue.message)).toEqual([
      'Must be at least 8 characters',
    ]);
    expect(enteredPasswordSchema.safeParse('p'.repeat(129)).error?.issues.map((issue) => issue.message)).toEqual([
      'Must be at most 128 characters',
    ]);
  });
});

describe('message role', () => {
  it('accepts user, assistant and system in both', async () => {
    for (const role of ['user', 'assistant', 'system']) {
      expect(messageRoleSchema.parse(role)).toBe(role);
      await insertMessage(role, 'hello');
    }
  });

  it('refuses any other role in both', async () => {
    for (const role of ['admin', 'User', '']) {
      expect(messageRoleSchema.safeParse(role).success).toBe(false);
      await expectRefused(insertMessage(role, 'hello'), CHECK);
    }
  });
});

describe('titles, names, descriptions, emails', () => {
  it('conversation title: 255 characters (or emoji) accepted, 256 refused, blank refused, null allowed', async () => {
    for (const title of ['t'.repeat(255), emoji.repeat(255)]) {
      expect(conversationTitleSchema.parse(title)).toBe(title);
      await insertConversation(title);
    }
    for (const title of ['t'.repeat(256), emoji.repeat(256), '   ', '']) {
      expect(conversationTitleSchema.safeParse(title).success).toBe(false);
      await expectRefused(insertConversation(title), CHECK, TOO_LONG);
    }
    await expect(insertConversation(null)).resolves.toBeDefined();
  });

  it('task title: 1–255, not blank; description ≤ 2,000', async () => {
    expect(taskTitleSchema.parse('t'.repeat(255))).toHaveLength(255);
    await insertTask('t'.repeat(255), 'd'.repeat(2_000));
    expect(taskDescriptionSchema.parse('d'.repeat(2_000))).toHaveLength(2_000);

    expect(taskTitleSchema.safeParse('t'.repeat(256)).success).toBe(false);
    await expectRefused(insertTask('t'.repeat(256)), CHECK, TOO_LONG);
    expect(taskTitleSchema.safeParse(' \n ').success).toBe(false);
    await expectRefused(insertTask(' \n '), CHECK);
    expect(taskDescriptionSchema.safeParse('d'.repeat(2_001)).success).toBe(false);
    await expectRefused(insertTask('ok', 'd'.repeat(2_001)), CHECK, TOO_LONG);
  });

  it('user name ≤ 100 and not blank; email ≤ 254 and unique case-insensitively', async () => {
    expect(userNameSchema.safeParse('n'.repeat(101)).success).toBe(false);
    await expectRefused(insertUser('long@example.com', 'n'.repeat(101)), CHECK, TOO_LONG);
    expect(userNameSchema.safeParse('  ').success).toBe(false);
    await expectRefused(insertUser('blank@example.com', '  '), CHECK);

    const longEmail = `${'e'.repeat(242)}@example.com`; // 254 characters
    expect(emailSchema.parse(longEmail)).toBe(longEmail);
    await insertUser(longEmail);
    expect(emailSchema.safeParse(`e${longEmail}`).success).toBe(false);
    await expectRefused(insertUser(`e${longEmail}`), CHECK, TOO_LONG);

    expect(emailSchema.parse(' Mixed.Case@Example.COM ')).toBe('mixed.case@example.com');
    await insertUser('Mixed.Case@Example.com');
    await expectRefused(insertUser('mixed.case@example.COM'), UNIQUE);
  });
});

describe('relational rules', () => {
  it('refuses NULLs in required columns', async () => {
    await expectRefused(insertMessage('user', null), NOT_NULL);
    await expectRefused(insertTask(null), NOT_NULL);
  });

  it('refuses a message in a conversation that does not exist', async () => {
    await expectRefused(
      execute('insert into messages (id, conversation_id, user_id, role, content, seq) values (?, ?, ?, ?, ?, ?)', [
        newId(),
        newId(),
        userId,
        'user',
        'hi',
        1,
      ]),
      FOREIGN_KEY,
    );
  });

  it('allows a client id once per conversation', async () => {
    const clientId = newId();
    const insert = () =>
      execute(
        'insert into messages (id, conversation_id, user_id, role, content, client_id, seq) values (?, ?, ?, ?, ?, ?, ?)',
        [newId(), conversationId, userId, 'user', 'retry me', clientId, ++messageSeq],
      );
    await insert();
    await expectRefused(insert(), UNIQUE);
  });

  it('refuses a session token hash that is not a SHA-256 hex digest', async () => {
    await expectRefused(
      execute("insert into sessions (id, user_id, token_hash, expires_at) values (?, ?, ?, now() + interval '1 day')", [
        newId(),
        userId,
        'raw-token',
      ]),
      CHECK,
    );
  });
});
