import { databaseOf, resolvePersonalAccessToken } from '@taskchat/api';
import { useServer } from '@taskchat/server/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { webDist } from '../build/build-inputs.ts';
import { placementProblems, problemsOn, screenshot, signIn, useChromium } from './browser.ts';

/** The zone of the browser, and so of the profile sign-up makes: the dates shown are read in it. */
const DEVICE_ZONE = 'Europe/Paris';

describe('the account screen’s access tokens in Chromium, served by the real server', () => {
  const server = useServer({ WEB_ROOT: webDist });
  const chromium = useChromium();
  let page: Page;
  /** The secret the page showed for "Claude Desktop". */
  let secret: string;

  const resolve = (token: string) => resolvePersonalAccessToken(databaseOf(server.db.orm), token);
  const section = () => page.getByRole('region', { name: 'Access tokens' });
  const rows = () => page.getByRole('list', { name: 'Access tokens' }).getByRole('listitem');
  const scope = (words: RegExp) => section().getByRole('checkbox', { name: words });
  /** As the page writes a date: in the profile's zone, to the minute. */
  const shown = (at: Date) =>
    page.evaluate(
      ([iso, timeZone]) =>
        new Date(iso as string).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }),
      [at.toISOString(), DEVICE_ZONE],
    );

  it('sits after Sessions, says what a token is for, and has none to begin with', async () => {
    page = await chromium.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: DEVICE_ZONE });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await signIn(page, server.origin, 'tokens@example.com', 'sign-up');
    await page.getByRole('link', { name: 'Account' }).click();
    const headings = await page.locator('.account-section h2').allTextContents();
    expect(headings.indexOf('Access tokens')).toBe(headings.indexOf('Sessions') + 1);
    await section().getByText('No access tokens yet.').waitFor();
    // Reading tasks is ticked to begin with; each scope says what it allows.
    expect(await scope(/^See your tasks, projects and labels/).isChecked()).toBe(true);
    expect(await scope(/^Add, change, complete, move and delete your tasks/).isChecked()).toBe(false);
    expect(await scope(/^Search and read your conversations/).isChecked()).toBe(false);
    expect(await section().getByRole('combobox', { name: 'Expires' }).inputValue()).toBe('30');
  });

  it('refuses a blank name and no scope beside their fields, focusing the name', async () => {
    problemsOn(page).expect(/HTTP 400 .*auth\.tokens\.create/, /console error: Failed to load resource.*400/);
    await scope(/^See your tasks/).uncheck();
    await section().getByRole('textbox', { name: 'Token name' }).fill('   ');
    await section().getByRole('button', { name: 'Create token' }).click();
    await expect
      .poll(() => section().locator('.field-error').allTextContents())
      .toEqual(['Must not be blank', 'Choose at least one scope']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    expect(await section().locator('fieldset.token-scopes').getAttribute('aria-invalid')).toBe('true');
    expect(await rows().count()).toBe(0);
  });

  it('creates a token and shows its secret once, focused, with Copy; /mcp takes it, /trpc does not', async () => {
    await section().getByRole('textbox', { name: 'Token name' }).fill('Claude Desktop');
    await scope(/^See your tasks/).check();
    await scope(/^Search and read your conversations/).check();
    await section().getByRole('combobox', { name: 'Expires' }).selectOption({ label: '90 days' });
    await section().getByRole('button', { name: 'Create token' }).click();

    const secretBox = section().getByRole('textbox', { name: 'Token', exact: true });
    await secretBox.waitFor();
    secret = await secretBox.inputValue();
    expect(secret).toMatch(/^tc_pat_[A-Za-z0-9_-]{43}$/);
    expect(await secretBox.evaluate((node) => node === document.activeElement)).toBe(true);
    await section().getByText('it is shown only this once').waitFor();
    await section().getByText(`${server.origin}/mcp`).waitFor();
    await section().getByRole('button', { name: 'Copy' }).click();
    await section().getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    // The name field is empty again for the next one.
    expect(await section().getByRole('textbox', { name: 'Token name' }).inputValue()).toBe('');
    await screenshot(page, 'account-tokens');

    // What /mcp will accept: this user, the two scopes ticked. /trpc refuses it.
    const principal = await resolve(secret);
    expect(principal).toMatchObject({ scopes: ['tasks:read', 'conversations:read'], clientName: 'Claude Desktop' });
    const me = await fetch(`${server.origin}/trpc/auth.me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(401);

    // Listed with its scopes; never used yet; expiring 90 days after it was made.
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().locator('.token-name').textContent()).toBe('Claude Desktop');
    expect(await rows().first().locator('.token-scope-names code').allTextContents()).toEqual([
      'tasks:read',
      'conversations:read',
    ]);
    const [listed] = (await server.db.orm.em
      .getConnection()
      .execute('select created_at, expires_at from access_tokens where name = ?', ['Claude Desktop'])) as {
      created_at: string;
      expires_at: string;
    }[];
    const createdAt = new Date(listed?.created_at ?? '');
    expect(new Date(listed?.expires_at ?? '').getTime() - createdAt.getTime()).toBe(90 * 86_400_000);
    const times = await rows().first().locator('.token-times').textContent();
    expect(times).toBe(
      `Created ${await shown(createdAt)} · never used · expires ${await shown(new Date(listed?.expires_at ?? ''))}`,
    );
  });

  it('hides the secret for good with Done: after a reload it is nowhere on the page', async () => {
    await section().getByRole('button', { name: 'Done' }).click();
    expect(await section().getByRole('textbox', { name: 'Token', exact: true }).count()).toBe(0);
    await page.reload();
    await expect.poll(() => rows().count()).toBe(1);
    const everything = await page.evaluate(
      () =>
        document.body.textContent +
        [...document.querySelectorAll('input')].map((input) => input.value).join(' ') +
        JSON.stringify(localStorage),
    );
    expect(everything).not.toContain(secret.slice('tc_pat_'.length));
  });

  it('lists the newest first, "last used" once /mcp took it, "never expires" for one made so', async () => {
    await resolve(secret);
    await section().getByRole('textbox', { name: 'Token name' }).fill('laptop script');
    await scope(/^See your tasks/).uncheck();
    await scope(/^Add, change, complete/).check();
    await section().getByRole('combobox', { name: 'Expires' }).selectOption({ label: 'Never' });
    await section().getByRole('button', { name: 'Create token' }).click();
    await section().getByRole('textbox', { name: 'Token', exact: true }).waitFor();
    await expect
      .poll(() => rows().locator('.token-name').allTextContents())
      .toEqual(['laptop script', 'Claude Desktop']);
    expect(await rows().first().locator('.token-scope-names code').allTextContents()).toEqual(['tasks:write']);
    expect(await rows().first().locator('.token-times').textContent()).toMatch(/ · never used · never expires$/);
    expect(await rows().nth(1).locator('.token-times').textContent()).toMatch(/ · last used \d/);
    await section().getByRole('button', { name: 'Done' }).click();
  });

  it('revokes a token by its name after asking; "Keep it" keeps it; /mcp refuses it from then on', async () => {
    const revoke = page.getByRole('button', { name: /^Revoke Claude Desktop, created / });
    await revoke.click();
    const question = page.getByRole('group', { name: /^Revoke “Claude Desktop”\?/ });
    await question.waitFor();
    // The button that does it has the focus; keeping it changes nothing and focus goes back.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Revoke');
    await question.getByRole('button', { name: 'Keep it' }).click();
    await expect.poll(() => revoke.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await resolve(secret)).not.toBeNull();

    await revoke.click();
    await question.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect.poll(() => rows().locator('.token-name').allTextContents()).toEqual(['laptop script']);
    expect(await resolve(secret)).toBeNull();
  });

  it('fits a phone screen, the secret and the list included', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await section().getByRole('textbox', { name: 'Token name' }).fill('phone');
    await section().getByRole('button', { name: 'Create token' }).click();
    await section().getByRole('textbox', { name: 'Token', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const name of ['Copy', 'Done', 'Create token']) {
      const button = section().getByRole('button', { name, exact: true });
      await button.scrollIntoViewIfNeeded();
      expect(await placementProblems(button)).toEqual([]);
    }
    const revoke = page.getByRole('button', { name: /^Revoke laptop script/ });
    await revoke.scrollIntoViewIfNeeded();
    expect(await placementProblems(revoke)).toEqual([]);
  });
});
