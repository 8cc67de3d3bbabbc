import type { Server } from 'node:http';
import { TEST_PASSWORD } from '@taskchat/db/testing';
import { oauthMcpClient, refreshTokens, TestOAuthProvider } from '@taskchat/server/oauth-testing';
import { useServer } from '@taskchat/server/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webDist } from '../build/build-inputs.ts';
import { href } from '../src/routing/route.ts';
import { placementProblems, problemsOn, screenshot, sessionToken, signIn, useChromium } from './browser.ts';
import { authorization, exchangeCode, registerClient, startRedirectTarget } from './oauth-client.ts';

const ADA = 'ada@example.com';
/** The zone of the browser, and so of the profile sign-up makes: the dates shown are read in it. */
const DEVICE_ZONE = 'Europe/Paris';
const GONE =
  'This request has expired, was already answered, or was started in another browser. Start again from your app.';
/** What the page says a refused consent call was: the 404 of `oauth.consent.get` (or `decide`). */
const REFUSED_CONSENT = [/HTTP 404 .*oauth\.consent\./, /console error: Failed to load resource.*404/];

describe('the OAuth consent page and Connected apps in Chromium, served by the real OAuth server', () => {
  // The OAuth issuer is the server's own origin, as an MCP client reaches it.
  const server = useServer({ WEB_ROOT: webDist, PUBLIC_URL: 'self' });
  const chromium = useChromium();
  let target: { uri: string; server: Server };
  beforeAll(async () => {
    target = await startRedirectTarget();
  });
  afterAll(() => new Promise((resolve) => target.server.close(resolve)));

  /** Ada's page, and her session (read while the page is the app's: it leaves for the client's address). */
  let page: Page;
  let session: string;
  /** The consent page Ada's first request opened, left unanswered. */
  let consentUrl: string;
  /** The client Ada allows, the consent page she answered, and the refresh token it got, which Disconnect must end. */
  let allowed: { id: string; redirectUri: string };
  let answeredUrl: string;
  let refreshToken: string;

  /** A client registered under `name`, coming back to the test's loopback page. */
  const client = async (name: string) => ({
    id: await registerClient(server.origin, name, target.uri),
    redirectUri: target.uri,
  });
  const grants = async () => (await server.client(session).oauth.grants.list.query()).items;
  const main = (on: Page) => on.getByRole('main');
  const heading = (on: Page) => main(on).getByRole('heading', { level: 1 });
  const apps = () => page.getByRole('region', { name: 'Connected apps' });
  const rows = () => page.getByRole('list', { name: 'Connected apps' }).getByRole('listitem');
  /** As the page writes a date: in the profile's zone, to the minute. */
  const shown = (at: Date) =>
    page.evaluate(
      ([iso, timeZone]) =>
        new Date(iso as string).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }),
      [at.toISOString(), DEVICE_ZONE],
    );
  /** The page has left for the client's redirect URI; the answer it carries. */
  const answerBack = async (on: Page) => {
    await on.waitForURL((url) => url.href.startsWith(target.uri));
    return new URL(on.url()).searchParams;
  };
  /** Allow and Deny are inside the window and not covered, and nothing scrolls sideways. */
  const fits = async (on: Page, width: number) => {
    expect(await on.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    for (const name of ['Allow', 'Deny']) {
      const button = main(on).getByRole('button', { name, exact: true });
      await button.scrollIntoViewIfNeeded();
      expect(await placementProblems(button)).toEqual([]);
    }
  };

  it('lists no connected app at first, right after Access tokens, and says which apps show there', async () => {
    page = await chromium.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: DEVICE_ZONE });
    await signIn(page, server.origin, ADA, 'sign-up');
    session = (await sessionToken(page)) ?? '';
    await page.getByRole('link', { name: 'Account' }).click();
    const headings = await page.locator('.account-section h2').allTextContents();
    expect(headings.indexOf('Connected apps')).toBe(headings.indexOf('Access tokens') + 1);
    await apps()
      .getByText('No connected apps yet. MCP clients that sign in with Taskchat (OAuth) show here.')
      .waitFor();
  });

  it('says a request it does not know is gone, with no button', async () => {
    problemsOn(page).expect(...REFUSED_CONSENT);
    await page.goto(`${server.origin}/${href.consent('unknown')}`);
    await main(page).getByRole('alert').filter({ hasText: GONE }).waitFor();
    expect(await main(page).getByRole('button').count()).toBe(0);
  });

  it('shows who asks (its own name, unverified), for which account, what in words, and where the answer goes', async () => {
    const claude = await client('Claude Desktop');
    await page.goto(authorization(server.origin, claude, ['tasks:read', 'conversations:read']).url);
    await heading(page).filter({ hasText: 'Claude Desktop wants to use your Taskchat account' }).waitFor();
    consentUrl = page.url();
    expect(new URL(consentUrl).hash).toMatch(/^#\/oauth\/consent\/[A-Za-z0-9_-]+$/);
    await main(page).getByText('is the name the app gave itself: Taskchat has not verified it').waitFor();
    expect(await main(page).getByText('Signed in as').textContent()).toBe(`Signed in as ${ADA}`);
    expect(
      await main(page).getByRole('list', { name: 'It will be able to' }).getByRole('listitem').allTextContents(),
    ).toEqual(['See your tasks, projects and labels', 'Search and read your conversations']);
    await main(page)
      .getByText(`Then you go back to ${new URL(target.uri).host}.`)
      .waitFor();
    await fits(page, 1280);
    await screenshot(page, 'oauth-consent');
  });

  it('answers the same consent opened in another browser, Ada signed in there too, as gone, and grants nothing', async () => {
    const elsewhere = await chromium.newPage({ viewport: { width: 1280, height: 800 } });
    problemsOn(elsewhere).expect(...REFUSED_CONSENT);
    await signIn(elsewhere, server.origin, ADA, 'sign-in');
    await elsewhere.goto(consentUrl);
    await main(elsewhere).getByRole('alert').filter({ hasText: GONE }).waitFor();
    expect(await main(elsewhere).getByRole('button').count()).toBe(0);
    expect(await grants()).toEqual([]);
  });

  it('Allow, both buttons disabled meanwhile, sends the browser back with a code that trades for tokens', async () => {
    // The answer is held until the buttons have been seen disabled.
    const { promise: held, resolve: release } = Promise.withResolvers<void>();
    await page.route(/\/trpc\/oauth\.consent\.decide/, async (route) => {
      await held;
      await route.continue();
    });
    allowed = await client('Claude Code');
    const flow = authorization(server.origin, allowed, ['tasks:read', 'tasks:write']);
    await page.goto(flow.url);
    await heading(page).filter({ hasText: 'Claude Code wants to use' }).waitFor();
    answeredUrl = page.url();
    await main(page).getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => main(page).getByRole('button', { name: 'Allow' }).isDisabled()).toBe(true);
    expect(await main(page).getByRole('button', { name: 'Deny' }).isDisabled()).toBe(true);
    release();
    const back = await answerBack(page);
    await page.unroute(/\/trpc\/oauth\.consent\.decide/);
    expect(back.get('state')).toBe(flow.state);
    const code = back.get('code');
    expect(code).toBeTruthy();

    const tokens = await exchangeCode(server.origin, allowed, code ?? '', flow.verifier);
    expect(tokens).toMatchObject({ status: 200, body: { token_type: 'Bearer', scope: 'tasks:read tasks:write' } });
    refreshToken = String(tokens.body.refresh_token);
    // /mcp serves the access token it got.
    const mcp = await fetch(`${server.origin}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.body.access_token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
      }),
    });
    expect(mcp.status).toBe(200);
  });

  it('an answered request is gone: its page says so', async () => {
    problemsOn(page).expect(...REFUSED_CONSENT);
    await page.goto(answeredUrl);
    await main(page).getByRole('alert').filter({ hasText: GONE }).waitFor();
    expect(await main(page).getByRole('button').count()).toBe(0);
  });

  it('a request a newer one replaced in this browser is gone when answered: the message takes the buttons’ place', async () => {
    problemsOn(page).expect(...REFUSED_CONSENT);
    const flow = authorization(server.origin, await client('Zed'), ['tasks:read']);
    await page.goto(flow.url);
    await heading(page).filter({ hasText: 'Zed wants to use' }).waitFor();
    // Another tab starts another request: this browser's consent cookie is the newer one's now.
    const tab = await chromium.newTab(page);
    await tab.goto(authorization(server.origin, await client('Goose'), ['tasks:read']).url);
    await heading(tab).filter({ hasText: 'Goose wants to use' }).waitFor();
    await main(page).getByRole('button', { name: 'Allow' }).click();
    await main(page).getByRole('alert').filter({ hasText: GONE }).waitFor();
    expect(await main(page).getByRole('button').count()).toBe(0);
    expect((await grants()).map((grant) => grant.clientName)).toEqual(['Claude Code']);
    await tab.close();
  });

  it('lists the connected app with what it may do and since when; Disconnect asks, then ends its tokens', async () => {
    await page.goto(`${server.origin}/${href.account()}`);
    await expect.poll(() => rows().count()).toBe(1);
    const [grant] = await grants();
    expect(await rows().first().locator('.grant-name').textContent()).toBe('Claude Code');
    expect(await rows().first().locator('.grant-scopes').textContent()).toBe(
      'See your tasks, projects and labels · Add, change, complete, move and delete your tasks',
    );
    expect(await rows().first().locator('.grant-times').textContent()).toBe(
      `Connected ${await shown(grant?.createdAt ?? new Date())}`,
    );
    await apps().scrollIntoViewIfNeeded();
    await screenshot(page, 'account-apps');

    const disconnect = page.getByRole('button', { name: /^Disconnect Claude Code, connected / });
    await disconnect.click();
    const question = page.getByRole('group', { name: /^Disconnect “Claude Code”\?/ });
    await question.getByRole('button', { name: 'Keep it' }).click();
    await expect.poll(() => disconnect.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await rows().count()).toBe(1);

    await disconnect.click();
    await question.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await apps().getByText('No connected apps yet.').waitFor();
    expect(await rows().count()).toBe(0);
    expect(await grants()).toEqual([]);
    const refreshed = await refreshTokens(server.origin, allowed.id, refreshToken);
    expect(refreshed.status).toBe(400);
  });

  it('fits a phone: a long name wraps, Allow and Deny on screen; Deny sends access_denied back and connects nothing', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const name = `Assistant${'X'.repeat(60)}`;
    const flow = authorization(server.origin, await client(name), ['conversations:read']);
    await page.goto(flow.url);
    await heading(page)
      .filter({ hasText: `${name} wants to use your Taskchat account` })
      .waitFor();
    await fits(page, 390);
    await screenshot(page, 'oauth-consent-phone');
    await main(page).getByRole('button', { name: 'Deny' }).click();
    const back = await answerBack(page);
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('state')).toBe(flow.state);
    expect(back.get('code')).toBeNull();
    expect(await grants()).toEqual([]);
  });

  it('signed out, the sign-in comes first and then the same consent page', async () => {
    const fresh = await chromium.newPage({ viewport: { width: 1280, height: 800 } });
    const flow = authorization(server.origin, await client('Cursor'), ['tasks:read']);
    await fresh.goto(flow.url);
    await fresh.getByText('An app asks to use your Taskchat account: sign in, or create one, to answer it.').waitFor();
    const hash = new URL(fresh.url()).hash;
    expect(hash).toMatch(/^#\/oauth\/consent\//);
    await fresh.getByLabel('Email').fill(ADA);
    await fresh.getByLabel('Password').fill(TEST_PASSWORD);
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await heading(fresh).filter({ hasText: 'Cursor wants to use your Taskchat account' }).waitFor();
    expect(new URL(fresh.url()).hash).toBe(hash);
    await main(fresh).getByRole('button', { name: 'Allow' }).click();
    expect((await answerBack(fresh)).get('code')).toBeTruthy();
    expect((await grants()).map((grant) => grant.clientName)).toEqual(['Cursor']);
  });

  it('lists the connected app on a phone too, Disconnect on screen', async () => {
    await page.goto(`${server.origin}/${href.account()}`);
    await expect.poll(() => rows().locator('.grant-name').allTextContents()).toEqual(['Cursor']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const disconnect = page.getByRole('button', { name: /^Disconnect Cursor, connected / });
    await disconnect.scrollIntoViewIfNeeded();
    expect(await placementProblems(disconnect)).toEqual([]);
  });
  it('the MCP SDK’s own client connects through this page, refreshes by itself, and Disconnect cuts it off', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await server.client(session).tasks.create.mutate({ title: 'Water the plants' });
    // The SDK discovers the server from the 401, registers, and sends the browser to the consent page.
    const provider = new TestOAuthProvider(target.uri);
    const mcp = await oauthMcpClient('2026-07-28', server.origin, provider, async (url) => {
      await page.goto(url.href);
      await heading(page).filter({ hasText: 'Test Agent wants to use your Taskchat account' }).waitFor();
      await main(page).getByRole('button', { name: 'Allow' }).click();
      await answerBack(page);
      return new URL(page.url());
    });
    const titles = async () => {
      const answer = await mcp.callTool('list_tasks', {});
      return (answer.structuredContent as { tasks: { title: string }[] }).tasks.map((task) => task.title);
    };
    expect(await titles()).toContain('Water the plants');

    // An hour later its access token has expired: the client refreshes it unasked.
    const first = provider.savedTokens;
    await server.db.orm.em
      .getConnection()
      .execute(
        `update oauth_records set expires_at = now() - interval '1 second' where model = 'AccessToken' and id = ?`,
        [first?.access_token],
      );
    expect(await titles()).toContain('Water the plants');
    expect(provider.savedTokens?.access_token).not.toBe(first?.access_token);

    await page.goto(`${server.origin}/${href.account()}`);
    await page.getByRole('button', { name: /^Disconnect Test Agent, connected / }).click();
    await page
      .getByRole('group', { name: /^Disconnect “Test Agent”\?/ })
      .getByRole('button', { name: 'Disconnect', exact: true })
      .click();
    await expect.poll(() => rows().locator('.grant-name').allTextContents()).toEqual(['Cursor']);
    // Its tokens are gone with the grant: the next call is refused, and so is its refresh.
    await expect(titles()).rejects.toThrow();
    await mcp.close();
  });
});
