import { readIntent } from './src/chat/offline/intents.ts';
import { parseTaskText } from './src/task-text/parse-task-text.ts';
const context = { timeZone: 'Europe/Berlin', now: new Date(), today: '2026-12-02', projects: ['Inbox'], labels: [] } as any;
for (const text of ['add call mom tomorrow at 6pm', 'list', 'add buy milk']) {
  for (let i = 0; i < 50; i++) readIntent(text, context);
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) readIntent(text, context);
  console.log(text, ((performance.now() - t0) / 200).toFixed(3), 'ms per readIntent');
}
const t0 = performance.now();
for (let i = 0; i < 200; i++) parseTaskText('call mom tomorrow at 6pm', { timeZone: 'Europe/Berlin', now: new Date(), projects: [] });
console.log('parseTaskText', ((performance.now() - t0) / 200).toFixed(3));
