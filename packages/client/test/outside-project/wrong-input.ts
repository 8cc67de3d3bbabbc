// Must not type-check: `tasks.create` takes `title`, not `titel`. packed-package.test.ts expects
// exactly this error, which shows the packed declarations carry the router's input types.
import { createTaskchatClient } from '@taskchat/client';

const client = createTaskchatClient({ url: 'http://127.0.0.1:1/trpc' });
export const wrong = client.tasks.create.mutate({ titel: 'misspelt' });
