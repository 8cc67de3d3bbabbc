/**
 * What a frontend does with Taskchat, using only @taskchat/client:
 * sign up, add a task, start a conversation, exchange messages, list, sign out.
 * Run against a running server: `pnpm start`, then `pnpm example` (TASKCHAT_URL overrides the address).
 */
import { createTaskchatClient, errorCode } from '@taskchat/client';

const url = process.env.TASKCHAT_URL ?? 'http://127.0.0.1:3000/trpc';
let token: string | undefined;
// The token is read before every request, so signing in and out needs no new client.
const client = createTaskchatClient({ url, token: () => token });

const { user, token: sessionToken } = await client.auth.signUp.mutate({
  email: `quickstart-${Date.now()}@example.com`,
  password: 'a long passphrase',
  name: 'Quickstart',
});
token = sessionToken;
console.log(`Signed up as ${user.email}`);

const task = await client.tasks.create.mutate({ title: 'Try Taskchat' });
console.log(`Added task "${task.title}"`);

const conversation = await client.conversations.create.mutate({});
await client.messages.append.mutate({
  conversationId: conversation.id,
  role: 'user',
  content: 'What should I do today?',
  clientId: crypto.randomUUID(), // makes a retried send safe
});

const conversations = await client.conversations.list.query({ limit: 10 });
for (const item of conversations.items)
  console.log(`Conversation "${item.title}", last active ${item.updatedAt.toISOString()}`);

const messages = await client.messages.list.query({ conversationId: conversation.id });
for (const message of messages.items) console.log(`  ${message.role}: ${message.content}`);

await client.auth.signOut.mutate();
try {
  await client.auth.me.query();
} catch (error) {
  console.log(`Signed out (the old token now gets ${errorCode(error)})`);
}
