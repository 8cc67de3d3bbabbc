import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ChatCompletionRequest {
  messages: { role: string; content?: string | null }[];
}

/** What the model does when a user says one sentence: call these tools (one step), then say `text`. */
export interface Script {
  tools?: { name: string; args: object }[];
  text: string;
}

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-scripted', created: 1_700_000_000, model: 'scripted', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/**
 * An OpenAI-compatible model on loopback that follows a script: the test says, before it sends a
 * sentence, which tool calls the sentence gets and what is said after them. A sentence without a
 * script gets "No script for …", so a test that forgot one fails on what it reads.
 */
export async function startScriptedModel(): Promise<{
  baseUrl: string;
  server: Server;
  script: (sentence: string, script: Script) => void;
}> {
  const scripts = new Map<string, Script>();
  const server = createServer(async (request, response) => {
    let raw = '';
    for await (const part of request) raw += part;
    const { messages } = JSON.parse(raw) as ChatCompletionRequest;
    const sentence = messages.findLast((message) => message.role === 'user')?.content ?? '';
    const script = scripts.get(sentence) ?? { text: `No script for “${sentence}”` };
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(chunk({ role: 'assistant', content: '' }));
    // The tools come first, once: after their results (the last message is a tool's) comes the text.
    if (script.tools?.length && messages.at(-1)?.role === 'user') {
      script.tools.forEach(({ name, args }, index) => {
        const call = { index, id: `call_${index}`, type: 'function', function: { name, arguments: '' } };
        response.write(chunk({ tool_calls: [call] }));
        response.write(chunk({ tool_calls: [{ index, function: { arguments: JSON.stringify(args) } }] }));
      });
      response.end(`${chunk({}, 'tool_calls')}data: [DONE]\n\n`);
      return;
    }
    response.write(chunk({ content: script.text }));
    response.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    server,
    script: (sentence, script) => scripts.set(sentence, script),
  };
}
