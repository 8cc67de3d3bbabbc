import { useServer } from '@taskchat/server/testing';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { webDist } from '../build/build-inputs.ts';
import { problemsOn, screenshot, sessionToken, signIn, useChromium } from './browser.ts';

/** The messages on screen, stored ones only, each as its role and text. */
async function shownMessages(page: Page): Promise<string[]> {
  const items = page.locator('.messages li.message:not(.pending)');
  return await items.evaluateAll((nodes) =>
    nodes.map((node) => {
      const role = node.classList.contains('user') ? 'user' : 'assistant';
      const words = node.querySelector('.text, .markdown')?.textContent ?? '';
      return `${role}: ${words.trim()}`;
    }),
  );
}

const userMessages = (page: Page) => page.locator('.messages li.message.user:not(.pending)');
const answers = (page: Page) => page.locator('.messages li.message.assistant:not(.pending)');

/** Waits until the branch on screen shows these user messages, in order. */
async function waitForQuestions(page: Page, questions: string[]): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      JSON.stringify(
        [...document.querySelectorAll('.messages li.message.user:not(.pending) .text')].map((node) => node.textContent),
      ) === JSON.stringify(expected) &&
      document.querySelectorAll('.messages li.message.assistant:not(.pending)').length === expected.length &&
      document.querySelectorAll('.messages li.message.pending').length === 0,
    questions,
  );
}

describe('branches, votes and share links in the chat (Chromium, the real server)', () => {
  const server = useServer({ WEB_ROOT: webDist });
  const chromium = useChromium();
  let page: Page;
  let shareUrl: string;

  beforeAll(async () => {
    page = await chromium.newPage({ viewport: { width: 1200, height: 800 }, timezoneId: 'Europe/Berlin' });
    await signIn(page, server.origin, 'lin@example.com', 'sign-up');
  });

  it('edits a message into a new branch, keeps the old one, and switches between them with ‹ 1 / 2 ›', async () => {
    await page.getByRole('link', { name: 'New chat' }).click();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('what can you do?');
    await composer.press('Enter');
    await waitForQuestions(page, ['what can you do?']);
    await composer.fill('show my tasks');
    await composer.press('Enter');
    await waitForQuestions(page, ['what can you do?', 'show my tasks']);

    // Edit the second message: its words in place, sent as a new branch.
    await userMessages(page).nth(1).getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('textbox', { name: 'Edit your message' });
    expect(await editor.inputValue()).toBe('show my tasks');
    await editor.fill('what is due today?');
    await page.locator('.message-editor').getByRole('button', { name: 'Send' }).click();
    await waitForQuestions(page, ['what can you do?', 'what is due today?']);
    const switcher = userMessages(page).nth(1).getByRole('navigation', { name: 'version 2 of 2' });
    await switcher.waitFor();
    expect(await switcher.textContent()).toContain('2 / 2');
    await screenshot(page, 'chat-branches');

    // Back to the first version: the old question and its answer, as they were.
    await switcher.getByRole('button', { name: 'Previous version' }).click();
    await waitForQuestions(page, ['what can you do?', 'show my tasks']);
    await userMessages(page).nth(1).getByRole('navigation', { name: 'version 1 of 2' }).waitFor();
    // A reload shows the branch the conversation is on now (the server keeps the leaf).
    await page.reload();
    await waitForQuestions(page, ['what can you do?', 'show my tasks']);
    await userMessages(page)
      .nth(1)
      .getByRole('navigation', { name: 'version 1 of 2' })
      .getByRole('button', { name: 'Next version' })
      .click();
    await waitForQuestions(page, ['what can you do?', 'what is due today?']);
  });

  it('regenerates an answer beside the old one', async () => {
    const before = await shownMessages(page);
    await answers(page).nth(1).getByRole('button', { name: 'Regenerate' }).click();
    const switcher = answers(page).nth(1).getByRole('navigation', { name: 'answer 2 of 2' });
    await switcher.waitFor();
    expect((await shownMessages(page)).slice(0, 3)).toEqual(before.slice(0, 3));
    await switcher.getByRole('button', { name: 'Previous answer' }).click();
    await answers(page).nth(1).getByRole('navigation', { name: 'answer 1 of 2' }).waitFor();
    expect(await shownMessages(page)).toEqual(before);
  });

  it('votes on an answer, with a comment, and takes the vote back', async () => {
    const answer = answers(page).first();
    const good = answer.getByRole('button', { name: 'Good answer' });
    await good.click();
    await answer.getByRole('button', { name: 'Good answer', pressed: true }).waitFor();
    await answer.getByRole('button', { name: 'Add a comment' }).click();
    await answer.getByRole('textbox', { name: 'Comment on this answer' }).fill('clear and short');
    await answer.getByRole('button', { name: 'Save' }).click();
    await answer.getByRole('button', { name: 'Edit comment' }).waitFor();
    const api = server.client(await sessionToken(page));
    const conversationId = /#\/chat\/([0-9a-f-]+)/.exec(page.url())?.[1] ?? '';
    const listed = await api.messages.list.query({ conversationId });
    expect(listed.items[1]?.vote).toEqual({ value: 'up', comment: 'clear and short' });

    await page.reload();
    await answers(page).first().getByRole('button', { name: 'Good answer', pressed: true }).waitFor();
    await answers(page).first().getByRole('button', { name: 'Good answer' }).click();
    await answers(page).first().locator('button[aria-pressed="true"]').waitFor({ state: 'detached' });
    expect((await api.messages.list.query({ conversationId })).items[1]?.vote).toBeNull();
  });

  it('shares the branch by a link anyone can read, signed out, as a page and as Markdown', async () => {
    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByRole('button', { name: 'Create link' }).click();
    const link = page.getByRole('textbox', { name: 'Link' });
    await link.waitFor();
    shareUrl = await link.inputValue();
    expect(shareUrl).toMatch(new RegExp(`^${server.origin}/share/[A-Za-z0-9_-]{43}$`));
    const shown = await shownMessages(page);
    // The conversation goes on: the link still shows it as it was.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('one more thing');
    await composer.press('Enter');
    await waitForQuestions(page, ['what can you do?', 'what is due today?', 'one more thing']);

    const reader = await chromium.newPage({ viewport: { width: 900, height: 800 } });
    const response = await reader.goto(shareUrl);
    expect(response?.headers()['x-robots-tag']).toBe('noindex, nofollow');
    await reader
      .locator('.shared-messages li.message')
      .nth(shown.length - 1)
      .waitFor();
    const sharedTexts = await reader
      .locator('.shared-messages li.message')
      .evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''));
    expect(sharedTexts).toHaveLength(shown.length);
    expect(sharedTexts.join('\n')).not.toContain('one more thing');
    expect(await reader.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex, nofollow');
    // Nothing of the account is on it: no sign-in, no navigation, no tasks.
    expect(await reader.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await reader.getByRole('link', { name: 'Tasks' }).count()).toBe(0);
    await screenshot(reader, 'shared-conversation');
    const markdown = await (await fetch(`${shareUrl}.md`)).text();
    expect(markdown).toContain('**You**');
    expect(markdown).toContain('what is due today?');
    expect(markdown).not.toContain('show my tasks');
  });

  it('lists the link on the account screen, where revoking it ends it at once', async () => {
    await page.getByRole('link', { name: 'Account' }).click();
    const list = page.getByRole('list', { name: 'Shared links' });
    await list.getByRole('listitem').first().waitFor();
    expect(await list.getByRole('listitem').count()).toBe(1);
    await list.getByRole('button', { name: /^Revoke the link/ }).click();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByText('No shared links.').waitFor();

    const reader = await chromium.newPage({ viewport: { width: 900, height: 800 } });
    problemsOn(reader).expect(/HTTP 404 .*conversations\.shared/);
    await reader.goto(shareUrl);
    await reader.getByText('This link was revoked, or never existed.').waitFor();
    expect((await fetch(`${shareUrl}.md`)).status).toBe(404);
  });
});
