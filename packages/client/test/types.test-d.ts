import type { AppRouter } from '@taskchat/api';
import { initTRPC } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import type { STREAMED_PROCEDURES } from '../src/client.ts';
import type {
  ConversationChange,
  ConversationStreamEvent,
  DeliveredReminder,
  RouterInputs,
  RouterOutputs,
  TaskChange,
  TaskchatClient,
} from '../src/index.ts';
import type { StreamedProcedurePath } from '../src/streamed-procedures.ts';

describe('client types follow the router', () => {
  it('messages.append requires the role union and a content string', () => {
    type AppendInput = RouterInputs['messages']['append'];
    expectTypeOf<AppendInput['role']>().toEqualTypeOf<'user' | undefined>();
    expectTypeOf<AppendInput['content']>().toEqualTypeOf<string>();
    expectTypeOf<AppendInput['clientId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Parameters<TaskchatClient['messages']['append']['mutate']>[0]>().toEqualTypeOf<AppendInput>();
  });

  it('list outputs carry items and a nullable cursor; dates are Dates', () => {
    expectTypeOf<RouterOutputs['conversations']['list']['nextCursor']>().toEqualTypeOf<string | null>();
    expectTypeOf<RouterOutputs['messages']['list']['items'][number]['createdAt']>().toEqualTypeOf<Date>();
    expectTypeOf<RouterOutputs['conversations']['get']['title']>().toEqualTypeOf<string | null>();
    expectTypeOf<RouterOutputs['conversations']['get']['trashedAt']>().toEqualTypeOf<Date | null>();
    expectTypeOf<RouterInputs['conversations']['get']>().toEqualTypeOf<{ id: string; includeTrashed?: boolean }>();
    expectTypeOf<Awaited<ReturnType<TaskchatClient['tasks']['list']['query']>>>().toEqualTypeOf<
      RouterOutputs['tasks']['list']
    >();
  });

  it('auth outputs never expose a password hash', () => {
    expectTypeOf<RouterOutputs['auth']['signUp']['user']>().not.toHaveProperty('passwordHash');
    expectTypeOf<RouterOutputs['auth']['me']>().toHaveProperty('email').toEqualTypeOf<string>();
  });

  it('the account lifecycle: sessions with dates, a current flag, the device and address; passwords required where they are re-entered', () => {
    type Session = RouterOutputs['auth']['sessions']['items'][number];
    expectTypeOf<Session>().toEqualTypeOf<{
      id: string;
      createdAt: Date;
      lastSeenAt: Date;
      expiresAt: Date;
      current: boolean;
      device: string | null;
      address: string | null;
    }>();
    expectTypeOf<RouterInputs['auth']['revokeSession']>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<RouterInputs['auth']['changePassword']>().toEqualTypeOf<{
      currentPassword: string;
      newPassword: string;
    }>();
    expectTypeOf<RouterInputs['auth']['deleteAccount']>().toEqualTypeOf<{ password: string }>();
    expectTypeOf<RouterOutputs['auth']['deleteAccount']>().toEqualTypeOf<{ deleted: true }>();
    expectTypeOf<RouterOutputs['auth']['signOutOthers']>().toEqualTypeOf<{ revokedSessions: number }>();
  });

  it('personal access tokens: the scopes as a union, the secret only in what create answers', () => {
    type Scope = 'tasks:read' | 'tasks:write' | 'conversations:read';
    type AccessToken = RouterOutputs['auth']['tokens']['list']['items'][number];
    expectTypeOf<AccessToken>().toEqualTypeOf<{
      id: string;
      name: string;
      scopes: Scope[];
      createdAt: Date;
      lastUsedAt: Date | null;
      expiresAt: Date | null;
    }>();
    expectTypeOf<RouterInputs['auth']['tokens']['create']>().toEqualTypeOf<{
      name: string;
      scopes: Scope[];
      expiresIn?: number;
    }>();
    expectTypeOf<RouterOutputs['auth']['tokens']['create']>().toEqualTypeOf<{ token: AccessToken; secret: string }>();
    expectTypeOf<RouterInputs['auth']['tokens']['revoke']>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<RouterOutputs['auth']['tokens']['revoke']>().toEqualTypeOf<{ id: string }>();
  });

  it('history: search results carry the conversation and a snippet of text pieces; lists take archived', () => {
    type Result = RouterOutputs['conversations']['search']['items'][number];
    expectTypeOf<Result['snippet']>().toEqualTypeOf<{ text: string; highlighted: boolean }[]>();
    expectTypeOf<Result['messageId']>().toEqualTypeOf<string | null>();
    expectTypeOf<Result['conversation']['pinned']>().toEqualTypeOf<boolean>();
    expectTypeOf<Extract<RouterInputs['conversations']['list'], object>['archived']>().toEqualTypeOf<
      boolean | undefined
    >();
    expectTypeOf<RouterOutputs['conversations']['trash']['items'][number]['deletedAt']>().toEqualTypeOf<Date>();
    expectTypeOf<RouterOutputs['conversations']['import']['status']>().toEqualTypeOf<'created' | 'existing'>();
  });

  it('subscriptions deliver typed events: tracked ({ id, data }) for messages, plain for the list', () => {
    type Delivered<T> = T extends AsyncIterable<infer Event> ? Event : never;
    type MessageData = Delivered<RouterOutputs['messages']['onMessage']>;
    expectTypeOf<MessageData['id']>().toEqualTypeOf<string>();
    expectTypeOf<MessageData['data']>().toEqualTypeOf<ConversationStreamEvent>();
    expectTypeOf<Delivered<RouterOutputs['conversations']['onChange']>>().toEqualTypeOf<ConversationChange>();
    expectTypeOf<RouterInputs['messages']['onMessage']['lastEventId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Delivered<RouterOutputs['tasks']['onChange']>>().toEqualTypeOf<TaskChange>();
  });

  it('reminders.list pages delivered reminders with their task’s title', () => {
    type Reminder = RouterOutputs['reminders']['list']['items'][number];
    expectTypeOf<Reminder>().toEqualTypeOf<DeliveredReminder>();
    expectTypeOf<Reminder['deliveredAt']>().toEqualTypeOf<Date>();
    expectTypeOf<RouterOutputs['reminders']['list']['nextCursor']>().toEqualTypeOf<string | null>();
    expectTypeOf<Extract<RouterInputs['reminders']['list'], object>['limit']>().toEqualTypeOf<number | undefined>();
  });

  it('tasks.list view is the six-value union; a task carries its due, labels and reminders', () => {
    // The input is optional (tRPC types it as `void | …`), so take the object member of the union.
    type View = Extract<RouterInputs['tasks']['list'], object>['view'];
    expectTypeOf<View>().toEqualTypeOf<'inbox' | 'today' | 'upcoming' | 'overdue' | 'all' | 'done' | undefined>();
    type Task = RouterOutputs['tasks']['create'];
    expectTypeOf<Task['due']>().toEqualTypeOf<{ date: string; time: string | null; at: Date | null } | null>();
    expectTypeOf<Task['labels']>().toEqualTypeOf<string[]>();
    expectTypeOf<Task['priority']>().toEqualTypeOf<1 | 2 | 3 | 4>();
    expectTypeOf<RouterInputs['tasks']['move']['parentId']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<RouterOutputs['labels']['list'][number]['openTaskCount']>().toEqualTypeOf<number>();
  });

  it('projects, the profile, quick add and the task import are typed', () => {
    type Project = RouterOutputs['projects']['create'];
    expectTypeOf<Project['inbox']>().toEqualTypeOf<boolean>();
    expectTypeOf<Project['openTaskCount']>().toEqualTypeOf<number>();
    expectTypeOf<RouterOutputs['projects']['list']>().toEqualTypeOf<Project[]>();
    expectTypeOf<RouterOutputs['auth']['updateProfile']['timeZone']>().toEqualTypeOf<string>();
    expectTypeOf<RouterInputs['auth']['updateProfile']['timeZone']>().toEqualTypeOf<string | undefined>();
    type Parsed = RouterOutputs['tasks']['parse'];
    expectTypeOf<Parsed['priority']>().toEqualTypeOf<1 | 2 | 3 | 4 | null>();
    expectTypeOf<Parsed['ranges'][number]['start']>().toEqualTypeOf<number>();
    expectTypeOf<RouterOutputs['tasks']['quickAdd']>().toEqualTypeOf<RouterOutputs['tasks']['create']>();
    expectTypeOf<RouterOutputs['tasks']['import']['storedTasks']>().toEqualTypeOf<number>();
    expectTypeOf<RouterOutputs['tasks']['trash']['items'][number]['deletedAt']>().toEqualTypeOf<Date>();
  });

  it("chat.undo answers the reversals, chat.effects each message's changes with their undo state", () => {
    type Effect = RouterOutputs['chat']['undo']['reverted'][number];
    expectTypeOf<Effect['change']>().toEqualTypeOf<string | null>();
    expectTypeOf<Effect['undoneAt']>().toEqualTypeOf<Date | null>();
    expectTypeOf<Effect['undoes']>().toEqualTypeOf<string | null>();
    expectTypeOf<Effect>().not.toHaveProperty('before');
    expectTypeOf<RouterInputs['chat']['undo']>().toEqualTypeOf<{ messageId: string }>();
    expectTypeOf<RouterInputs['chat']['effects']['messageIds']>().toEqualTypeOf<string[]>();
    expectTypeOf<RouterOutputs['chat']['effects']>().toEqualTypeOf<{ messageId: string; effects: Effect[] }[]>();
  });
});

describe('usage and the assistant', () => {
  it('chat.usage takes two optional days and answers days and totals; chat.assistant names the assistant', () => {
    expectTypeOf<Extract<RouterInputs['chat']['usage'], object>>().toEqualTypeOf<{
      from?: string | undefined;
      to?: string | undefined;
    }>();
    type Usage = RouterOutputs['chat']['usage'];
    expectTypeOf<Usage['days'][number]>().toEqualTypeOf<{
      date: string;
      turns: number;
      inputTokens: number;
      outputTokens: number;
      cachedInputTokens: number;
      latencyMsAverage: number | null;
    }>();
    expectTypeOf<Omit<Usage['days'][number], 'date'>>().toEqualTypeOf<Usage['total']>();
    expectTypeOf<RouterOutputs['chat']['assistant']>().toEqualTypeOf<
      { kind: 'offline' } | { kind: 'model'; model: string; host?: string }
    >();
  });
});

describe('the procedures the client streams', () => {
  it('are exactly the streamed procedures of the router (a new one missing from the list fails)', () => {
    expectTypeOf<(typeof STREAMED_PROCEDURES)[number]>().toEqualTypeOf<StreamedProcedurePath<AppRouter>>();
    expectTypeOf<StreamedProcedurePath<AppRouter>>().toEqualTypeOf<'chat.send' | 'chat.regenerate'>();
  });

  it('are the queries and mutations answering an async iterable, at any depth, and no subscription', () => {
    const t = initTRPC.create();
    async function* events() {
      yield 1;
    }
    const router = t.router({
      plain: t.procedure.mutation(() => 1),
      streamed: t.procedure.mutation(() => events()),
      nested: t.router({
        deeper: t.router({ streamedQuery: t.procedure.query(() => events()), list: t.procedure.query(() => [1]) }),
      }),
      live: t.procedure.subscription(() => events()),
    });
    expectTypeOf<StreamedProcedurePath<typeof router>>().toEqualTypeOf<'streamed' | 'nested.deeper.streamedQuery'>();
  });
});
