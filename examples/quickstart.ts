/**
 * What a frontend does with Taskchat, using only @taskchat/client:
 * sign up, add a task, talk with the assistant (streamed), list, sign out.
 * Run against a running server: `pnpm start`, then `pnpm example` (TASKCHAT_URL overrides the address).
 */
import { createTaskchatClient, errorCode } from '@taskchat/client';

const url = process.env.TASKCHAT_URL ?? 'http://127.0.0.1:3000/trpc';
let token: string | undefined;
// The token is read before every request, so signing in and out needs no new client.
const client = createTaskchatClient({ url, token: () => token });

// A first public call: when nothing answers at the address, say how to start a server instead of a stack trace.
try {
  await client.version.get.query();
} catch (error) {
  if (!isUnreachable(error)) throw error;
  console.error(
    `No Taskchat server at ${url}: start one with \`scripts/pnpm start\`, or set TASKCHAT_URL to one that runs.`,
  );
  process.exit(1);
}

const { user, token: sessionToken } = await client.auth.signUp.mutate({
  email: `quickstart-${Date.now()}@example.com`,
  password: 'a long passphrase',
  name: 'Quickstart',
});
token = sessionToken;
console.log(`Signed up as ${user.email}`);

const task = await client.tasks.create.mutate({ title: 'Try Taskchat' });
console.log(`Added task "${task.title}"`);

/** One chat turn: its events stream in as the assistant works (the offline one unless a model is configured). */
async function say(content: string, conversationId?: string): Promise<string> {
  console.log(`you: ${content}`);
  let conversation = conversationId ?? '';
  process.stdout.write('assistant: ');
  // A clientId names the turn: sending it again never runs the assistant or a tool twice.
  for await (const event of await client.chat.send.mutate({ content, conversationId, clientId: crypto.randomUUID() })) {
    if (event.type === 'user-message') conversation = event.conversationId;
    if (event.type === 'tool-call') process.stdout.write(`[${event.toolName} ${JSON.stringify(event.input)}] `);
    if (event.type === 'text-delta') process.stdout.write(event.text);
    if (event.type === 'error') process.stdout.write(`(${event.code}: ${event.message})`);
  }
  process.stdout.write('\n');
  return conversation;
}

const conversationId = await say('add buy oat milk');
await say('what are my tasks', conversationId);
await say('done 1', conversationId);

const conversations = await client.conversations.list.query({ limit: 10 });
for (const item of conversations.items)
  console.log(`Conversation "${item.title}", last active ${item.updatedAt.toISOString()}`);

const messages = await client.messages.list.query({ conversationId });
console.log(`${messages.items.length} messages stored`);
const tasks = await client.tasks.list.query({ view: 'all' });
for (const item of tasks.items) console.log(`  [${item.completed ? 'x' : ' '}] ${item.title}`);

await client.auth.signOut.mutate();
try {
  await client.auth.me.query();
} catch (error) {
  console.log(`Signed out (the old token now gets ${errorCode(error)})`);
}

/** True when the request reached no server (refused, unknown host, reset): fetch failed, so no HTTP answer came back. */
function isUnreachable(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof TypeError && cause.message === 'fetch failed') return true;
  }
  return false;
}
