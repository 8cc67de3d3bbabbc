import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

interface ChatCompletionRequest {
  messages: { role: string; content?: string | null }[];
}

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-paced', created: 1_700_000_000, model: 'paced', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/**
 * An OpenAI-compatible model on loopback that writes its answers a word at a time, `pauseMs`
 * apart, so a browser shows them arriving: asked "add X", it calls `add_tasks` with X, then says
 * it did; asked anything else, it answers in a few words.
 */
export async function startPacedModel(pauseMs = 150): Promise<{ baseUrl: string; server: Server }> {
  const server = createServer(async (request, response) => {
    let raw = '';
    for await (const part of request) raw += part;
    const { messages } = JSON.parse(raw) as ChatCompletionRequest;
    const last = messages.at(-1);
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(chunk({ role: 'assistant', content: '' }));
    const title = last?.role === 'user' ? /^add (.+)$/i.exec(last.content ?? '')?.[1] : undefined;
    if (title) {
      const call = { index: 0, id: 'call_1', type: 'function', function: { name: 'add_tasks', arguments: '' } };
      response.write(chunk({ tool_calls: [call] }));
      response.write(
        chunk({ tool_calls: [{ index: 0, function: { arguments: JSON.stringify({ tasks: [{ title }] }) } }] }),
      );
      response.end(`${chunk({}, 'tool_calls')}data: [DONE]\n\n`);
      return;
    }
    const answer = last?.role === 'tool' ? 'I added it to your tasks.' : 'Happy to help with your tasks.';
    for (const word of answer.split(/(?<= )/)) {
      response.write(chunk({ content: word }));
      await sleep(pauseMs);
    }
    response.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}
