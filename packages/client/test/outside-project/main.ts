// A frontend outside the repository: uses the installed @taskchat/client against a live server
// (its URL the first argument) and prints what it saw as JSON. Copied into the scratch project by
// packed-package.test.ts; type-checked there, with the package's own declarations.
import {
  type ChatEvent,
  type ConversationChange,
  checkCompatibility,
  createTaskchatClient,
  errorCode,
  type RouterOutputs,
} from '@taskchat/client';

const url = process.argv[2];
if (!url) throw new Error('usage: node main.ts <trpc url>');

let token: string | null = null;
const client = createTaskchatClient({ url, token: () => token });

const compatibility = await checkCompatibility(client);
const signedIn = await client.auth.signUp.mutate({
  email: `outside-${Date.now()}@example.com`,
  password: 'correct horse battery staple',
});
token = signedIn.token;

const created: RouterOutputs['tasks']['create'] = await client.tasks.create.mutate({ title: 'Written from outside' });

// A subscription: the conversation created once the stream is open arrives as a change.
const change = await new Promise<ConversationChange>((resolve, reject) => {
  const subscription = client.conversations.onChange.subscribe(undefined, {
    onStarted: () => void client.conversations.create.mutate({ title: 'Outside' }).catch(reject),
    onData: (data) => {
      if (data.type !== 'created') return;
      subscription.unsubscribe();
      resolve(data);
    },
    onError: reject,
  });
});

// Streaming: the offline assistant adds a task and answers, event by event.
const events: ChatEvent['type'][] = [];
for await (const event of await client.chat.send.mutate({
  content: 'add buy oat milk',
  clientId: crypto.randomUUID(),
})) {
  events.push(event.type);
}

const listed = await client.tasks.list.query({ view: 'inbox' });
const missing = await client.tasks.complete.mutate({ id: crypto.randomUUID() }).then(
  () => 'no error',
  (error: unknown) => errorCode(error),
);

console.log(
  JSON.stringify({
    compatibility,
    email: signedIn.user.email.startsWith('outside-'),
    createdTitle: created.title,
    createdAtIsDate: created.createdAt instanceof Date,
    change: { type: change.type, title: change.type === 'created' ? change.conversation.title : null },
    chatEvents: [...new Set(events)],
    listedTitles: listed.items.map((task) => task.title).sort(),
    missingTaskError: missing,
  }),
);
