import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { errorCode, isTaskchatError } from '@taskchat/client';
import { expectErrorCode, TEST_PASSWORD as password } from '@taskchat/db/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { startServer, useServer } from './server-harness.ts';
import { exitCode, listeningOrigin, startServerProcess } from './server-process.ts';

// Refusals are answered at once here (holding them is the API tests' concern), and locks last a
// minute, so no test outruns one on a loaded machine.
const server = useServer({
  SIGN_IN_FAILURES_PER_ACCOUNT: '2',
  SIGN_IN_FAILURES_PER_ADDRESS: '1000',
  SIGN_IN_FIRST_LOCK: '60',
  REFUSAL_DELAY: '0',
});

// Every request here comes from 127.0.0.1: each test starts with that address's failures forgotten.
beforeEach(() => server.db.orm.em.getConnection().execute('delete from sign_in_throttles'));

/** A raw sign-in, for the status and headers a client library would hide. */
function signIn(origin: string, email: string, secret: string, headers: Record<string, string> = {}) {
  return fetch(`${origin}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ json: { email, password: secret } }),
  });
}

async function newAccount(origin = server.origin) {
  const email = `${randomUUID()}@example.com`;
  const response = await fetch(`${origin}/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: { email, password } }),
  });
  expect(response.status).toBe(200);
  return email;
}

describe('sign-in throttling over HTTP', () => {
  it('answers 429 with a Retry-After header and retryAfter in the error, the right password too', async () => {
    const email = await newAccount();
    expect((await signIn(server.origin, email, 'not the password')).status).toBe(401);
    expect((await signIn(server.origin, email, 'not the password')).status).toBe(401);
    for (const secret of ['not the password', password]) {
      const refused = await signIn(server.origin, email, secret);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
      const body = (await refused.json()) as { error: { json: { data: { code: string; retryAfter: number } } } };
      expect(body.error.json.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfter: 60 });
    }
    const viaClient = await server
      .client()
      .auth.signIn.mutate({ email, password })
      .catch((error: unknown) => error);
    expect(errorCode(viaClient)).toBe('TOO_MANY_REQUESTS');
    expect(isTaskchatError(viaClient) && viaClient.data?.retryAfter).toBe(60);
  });

  it('holds across two server processes sharing the database', async () => {
    const env = {
      DATABASE_URL: server.db.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SIGN_IN_FAILURES_PER_ACCOUNT: '2',
      SIGN_IN_FIRST_LOCK: '60',
      REFUSAL_DELAY: '0',
    };
    const processes = [startServerProcess(env), startServerProcess(env)];
    try {
      const [originA, originB] = await Promise.all(processes.map(listeningOrigin));
      const email = await newAccount(originA);
      expect((await signIn(originA as string, email, 'not the password')).status).toBe(401);
      expect((await signIn(originB as string, email, 'not the password')).status).toBe(401);
      expect((await signIn(originA as string, email, password)).status).toBe(429);
      expect((await signIn(originB as string, email, password)).status).toBe(429);
    } finally {
      for (const { child } of processes) child.kill('SIGTERM');
      await Promise.all(processes.map(({ child }) => exitCode(child)));
    }
  });

  it('takes the client address from X-Forwarded-For only from a trusted proxy', async () => {
    const accounts = {
      SIGN_IN_FAILURES_PER_ACCOUNT: '1000',
      SIGN_IN_FAILURES_PER_ADDRESS: '2',
      SIGN_IN_FIRST_LOCK: '60',
      REFUSAL_DELAY: '0',
    };
    const spray = async (origin: string) => {
      const statuses: number[] = [];
      for (let i = 1; i <= 4; i++) {
        const response = await signIn(origin, `${randomUUID()}@example.com`, 'not the password', {
          'x-forwarded-for': `203.0.113.${i}`,
        });
        statuses.push(response.status);
      }
      return statuses;
    };
    const untrusting = await startServer(server.db.orm, accounts);
    const trusting = await startServer(server.db.orm, { ...accounts, TRUST_PROXY: '127.0.0.1' });
    try {
      // Spoofed headers change nothing: every attempt counts against the socket's address, 127.0.0.1.
      expect(await spray(untrusting.origin)).toEqual([401, 401, 429, 429]);
      expect(await spray(trusting.origin)).toEqual([401, 401, 401, 401]);
    } finally {
      await Promise.all([untrusting.app.close(), trusting.app.close()]);
    }
  });

  it('refuses sign-ups from one address past SIGN_UPS_PER_HOUR', async () => {
    const limited = await startServer(server.db.orm, {
      SIGN_UPS_PER_HOUR: '2',
      TRUST_PROXY: 'loopback',
      REFUSAL_DELAY: '0',
    });
    try {
      const signUp = (address: string) =>
        fetch(`${limited.origin}/trpc/auth.signUp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
          body: JSON.stringify({ json: { email: `${randomUUID()}@example.com`, password } }),
        });
      const statuses = [];
      for (const address of ['192.0.2.7', '192.0.2.7', '192.0.2.7', '192.0.2.8']) {
        statuses.push((await signUp(address)).status);
      }
      expect(statuses).toEqual([200, 200, 429, 200]);
    } finally {
      await limited.app.close();
    }
  });
});

describe('a password too easy to guess, over HTTP', () => {
  it('is a 400 naming the field in data.zodError, at sign-up and at a password change, and stores nothing', async () => {
    const email = `${randomUUID()}@example.com`;
    const response = await fetch(`${server.origin}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email, password: 'password' } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { json: { message: string; data: { code: string; zodError: { fieldErrors: object } } } };
    };
    const tooEasy = 'Too easy to guess: this is a heavily used password. Add more words that are less common.';
    expect(body.error.json.message).toBe(tooEasy);
    expect(body.error.json.data.code).toBe('BAD_REQUEST');
    expect(body.error.json.data.zodError).toEqual({ formErrors: [], fieldErrors: { password: [tooEasy] } });
    await expectErrorCode(server.client().auth.signIn.mutate({ email, password: 'password' }), 'UNAUTHORIZED');

    const { token } = await server.client().auth.signUp.mutate({ email, password });
    const refused = await server
      .client(token)
      .auth.changePassword.mutate({ currentPassword: password, newPassword: email })
      .catch((error: unknown) => error);
    expect(errorCode(refused)).toBe('BAD_REQUEST');
    const fieldErrors = isTaskchatError(refused) ? refused.data?.zodError?.fieldErrors : undefined;
    expect(fieldErrors?.newPassword).toEqual([expect.stringMatching(/^Too easy to guess: /)]);
    expect((await server.client().auth.signIn.mutate({ email, password })).user.email).toBe(email);
  });
});

describe('the account lifecycle through @taskchat/client', () => {
  it('lists and revokes sessions, signs out others, changes the password and deletes the account', async () => {
    const email = `${randomUUID()}@example.com`;
    const { token: first } = await server.client().auth.signUp.mutate({ email, password });
    const { token: second } = await server.client().auth.signIn.mutate({ email, password });
    const { token: third } = await server.client().auth.signIn.mutate({ email, password });
    const client = server.client(first);

    const sessions = await client.auth.sessions.query();
    expect(sessions.items.map((session) => session.current)).toEqual([false, false, true]);
    expect(sessions.items[0]?.lastSeenAt).toBeInstanceOf(Date);
    const [thirdSession] = sessions.items;
    expect(await client.auth.revokeSession.mutate({ id: thirdSession?.id ?? '' })).toEqual({ id: thirdSession?.id });
    await expectErrorCode(server.client(third).auth.me.query(), 'UNAUTHORIZED');

    expect(await client.auth.signOutOthers.mutate()).toEqual({ revokedSessions: 1 });
    await expectErrorCode(server.client(second).auth.me.query(), 'UNAUTHORIZED');

    const newPassword = 'a brand new passphrase';
    await expectErrorCode(
      client.auth.changePassword.mutate({ currentPassword: 'wrong password', newPassword }),
      'FORBIDDEN',
    );
    expect(await client.auth.changePassword.mutate({ currentPassword: password, newPassword })).toEqual({
      revokedSessions: 0,
    });
    await client.tasks.create.mutate({ title: 'to be deleted with me' });
    expect(await client.auth.deleteAccount.mutate({ password: newPassword })).toEqual({ deleted: true });
    await expectErrorCode(client.auth.me.query(), 'UNAUTHORIZED');
    await expectErrorCode(server.client().auth.signIn.mutate({ email, password: newPassword }), 'UNAUTHORIZED');
  });
});

/** A sign-in with no User-Agent header at all (fetch always sends one): its status and token. */
function signInWithoutUserAgent(email: string): Promise<{ status: number; token: string }> {
  const body = JSON.stringify({ json: { email, password } });
  return new Promise((resolve, reject) => {
    const sent = request(
      `${server.origin}/trpc/auth.signIn`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          const parsed = JSON.parse(text) as { result?: { data: { json: { token: string } } } };
          resolve({ status: response.statusCode ?? 0, token: parsed.result?.data.json.token ?? '' });
        });
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

describe('the device a session signed in with, over HTTP', () => {
  it('records the User-Agent header and the address; a 5,000-character one is cut to 512, never refused', async () => {
    const email = await newAccount();
    const agents = {
      firefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
      iPhone:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      long: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 ${'x'.repeat(5_000)}`,
    };
    for (const userAgent of Object.values(agents)) {
      const response = await signIn(server.origin, email, password, { 'user-agent': userAgent });
      expect(response.status, userAgent.slice(0, 40)).toBe(200);
    }
    const bare = await signInWithoutUserAgent(email);
    expect(bare.status).toBe(200);

    // Newest first: no agent, the long Chrome, Safari, Firefox, then the sign-up (fetch's own "node").
    const { items } = await server.client(bare.token).auth.sessions.query();
    expect(items.map(({ device, address, current }) => ({ device, address, current }))).toEqual([
      { device: null, address: '127.0.0.1', current: true },
      { device: 'Chrome on Linux', address: '127.0.0.1', current: false },
      { device: 'Safari on iPhone', address: '127.0.0.1', current: false },
      { device: 'Firefox on Windows', address: '127.0.0.1', current: false },
      { device: null, address: '127.0.0.1', current: false },
    ]);
    const stored = await server.db.orm.em
      .getConnection()
      .execute<{ user_agent: string | null }[]>(
        'select s.user_agent from sessions s join users u on u.id = s.user_id where u.email = ? order by s.created_at desc',
        [email],
      );
    expect(stored.map((row) => row.user_agent)).toEqual([
      null,
      agents.long.slice(0, 512),
      agents.iPhone,
      agents.firefox,
      expect.any(String),
    ]);
  });
});
