import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { sendJsonResponsesWhole, trpcCalls } from '../src/whole-json-responses.ts';

/** A reply that records what the hook sets on it. */
function recordingReply() {
  const set = { status: 0, headers: {} as Record<string, string> };
  const reply = {
    code(status: number) {
      set.status = status;
      return reply;
    },
    header(name: string, value: string) {
      set.headers[name] = value;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, set };
}

const request = { method: 'GET', url: '/trpc/a,b?batch=1', log: { warn: () => {} } } as unknown as FastifyRequest;
const refused = { status: 413, body: '[{"error":"too large"}]' };
const hook = sendJsonResponsesWhole({ limitBytes: 100, refusal: () => refused });
const unbounded = sendJsonResponsesWhole({ limitBytes: Infinity, refusal: () => refused });

describe('sendJsonResponsesWhole', () => {
  it('turns a JSON Response into its whole text, keeping status and headers', async () => {
    const { reply, set } = recordingReply();
    const response = new Response('{"ok":true}', { status: 404, headers: { 'content-type': 'application/json' } });
    expect(await unbounded(request, reply, response)).toBe('{"ok":true}');
    expect(set).toEqual({ status: 404, headers: { 'content-type': 'application/json' } });
  });

  it('passes anything else through untouched: other types, no body, plain payloads', async () => {
    const passThrough = [
      new Response('hello', { headers: { 'content-type': 'text/plain' } }),
      new Response('x', { headers: { 'content-type': 'text/plain; charset=application/json' } }),
      new Response(null),
      '{"already":"text"}',
    ];
    for (const payload of passThrough) {
      const { reply, set } = recordingReply();
      expect(await unbounded(request, reply, payload)).toBe(payload);
      expect(set.status).toBe(0);
    }
  });

  it('passes a streamed JSON answer (a batch streamed as JSON lines) through as a stream', async () => {
    const { reply, set } = recordingReply();
    const streamed = new Response('[1]\n[2]\n', {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    const passed = await unbounded(request, reply, streamed);
    expect(passed).toBeInstanceOf(Response);
    expect(await (passed as Response).text()).toBe('[1]\n[2]\n');
    expect((passed as Response).headers.get('transfer-encoding')).toBe('chunked');
    expect(set.status).toBe(0);
  });
});

describe('the bound on one answer (RESPONSE_LIMIT)', () => {
  const json = (body: string) => new Response(body, { headers: { 'content-type': 'application/json' } });

  it('sends an answer of exactly the limit, counted in UTF-8 bytes, and refuses one byte more', async () => {
    const fits = `"${'é'.repeat(49)}"`; // 2 + 49 × 2 bytes
    expect(Buffer.byteLength(fits)).toBe(100);
    expect(await hook(request, recordingReply().reply, json(fits))).toBe(fits);
    const { reply, set } = recordingReply();
    expect(await hook(request, reply, json(`"${'é'.repeat(49)}x"`))).toBe(refused.body);
    expect(set).toEqual({ status: 413, headers: { 'content-type': 'application/json' } });
  });

  it("passes a mutation's answer over the limit: its work is done", async () => {
    const posted = { ...request, method: 'POST' } as FastifyRequest;
    const large = `"${'é'.repeat(49)}x"`;
    expect(await hook(posted, recordingReply().reply, json(large))).toBe(large);
  });

  it('cuts a streamed batch off before the chunk that would pass the limit', async () => {
    const chunks = ['a'.repeat(60), 'b'.repeat(40), 'c'];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const streamed = new Response(body, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    const passed = (await hook(request, recordingReply().reply, streamed)) as Response;
    const reader = (passed.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    const failure = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return null;
        received += new TextDecoder().decode(value);
      }
    })().catch((error: unknown) => error);
    expect(received).toBe('a'.repeat(60) + 'b'.repeat(40));
    expect(String(failure)).toContain('RESPONSE_LIMIT');
  });

  it("reads the calls from tRPC's URL: a batch's paths, or the one path", () => {
    expect(trpcCalls('/trpc/messages.list,tasks.list?batch=1&input=%7B%7D')).toEqual({
      paths: ['messages.list', 'tasks.list'],
      batch: true,
    });
    expect(trpcCalls('/trpc/messages.list?input=%7B%7D')).toEqual({ paths: ['messages.list'], batch: false });
    expect(trpcCalls('/trpc/a%2Cb?batch=1')).toEqual({ paths: ['a', 'b'], batch: true });
  });
});
