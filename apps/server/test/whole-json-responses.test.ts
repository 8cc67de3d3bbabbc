import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { sendJsonResponsesWhole } from '../src/whole-json-responses.ts';

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

const request = {} as FastifyRequest;

describe('sendJsonResponsesWhole', () => {
  it('turns a JSON Response into its whole text, keeping status and headers', async () => {
    const { reply, set } = recordingReply();
    const response = new Response('{"ok":true}', { status: 404, headers: { 'content-type': 'application/json' } });
    expect(await sendJsonResponsesWhole(request, reply, response)).toBe('{"ok":true}');
    expect(set).toEqual({ status: 404, headers: { 'content-type': 'application/json' } });
  });

  it('passes anything else through untouched: other types, streamed bodies, plain payloads', async () => {
    const passThrough = [
      new Response('hello', { headers: { 'content-type': 'text/plain' } }),
      new Response('x', { headers: { 'content-type': 'text/plain; charset=application/json' } }),
      new Response('{}', { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }),
      new Response(null),
      '{"already":"text"}',
    ];
    for (const payload of passThrough) {
      const { reply, set } = recordingReply();
      expect(await sendJsonResponsesWhole(request, reply, payload)).toBe(payload);
      expect(set.status).toBe(0);
    }
  });
});
