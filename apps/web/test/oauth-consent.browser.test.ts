import { useServer } from '@taskchat/server/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { webDist } from '../build/build-inputs.ts';
import { href } from '../src/routing/route.ts';
import { placementProblems, problemsOn, screenshot, signIn, useChromium } from './browser.ts';

const ADA = 'ada@example.com';

describe('the OAuth consent page and Connected apps in Chromium, served by the real server', () => {
  const server = useServer({ WEB_ROOT: webDist });
  const chromium = useChromium();
  let page: Page;

  const apps = () => page.getByRole('region', { name: 'Connected apps' });

  it('lists no connected app at first, right after Access tokens, and says which apps show there', async () => {
    page = await chromium.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server.origin, ADA, 'sign-up');
    await page.getByRole('link', { name: 'Account' }).click();
    const headings = await page.locator('.account-section h2').allTextContents();
    expect(headings.indexOf('Connected apps')).toBe(headings.indexOf('Access tokens') + 1);
    await apps().getByText('No connected apps yet. MCP clients that sign in with Taskchat (OAuth) show here.').waitFor();
  });

  it('says a request it does not know is gone, with no button', async () => {
    problemsOn(page).expect(/HTTP 404 .*oauth\.consent\.get/, /console error: Failed to load resource.*404/);
    await page.goto(`${server.origin}/${href.consent('unknown')}`);
    await page.getByRole('alert').filter({ hasText: 'This request has expired, was already answered' }).waitFor();
    await screenshot(page, 'oauth-consent-gone');
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'oauth-consent-gone-phone');
    void placementProblems;
  });
});
