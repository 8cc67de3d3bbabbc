import type { Server } from 'node:http';
import { CONTRACT_VERSION } from '@taskchat/client';
import { TEST_PASSWORD } from '@taskchat/db/testing';
import { useServer } from '@taskchat/server/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webDist } from '../build/build-inputs.ts';
import { focused, launchChromium, screenshot, signIn, watchProblems } from './browser.ts';
import { startPacedModel } from './paced-model.ts';

const ADA = 'ada@example.com';
const GRACE = 'grace@example.com';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Records, at every change of the page, the text of each answer being written (`.pending`) and
 * where the composer is: the drafts, in order, and every composer position seen.
 */
function recordDrafts(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen = { drafts: [] as string[], composerTops: new Set<number>() };
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver(() => {
      const pending = [...document.querySelectorAll('.message.assistant.pending')];
      const text = pending.map((node) => node.textContent?.replace(/^Assistant:/, '')).join(' | ');
      if (text && seen.drafts.at(-1) !== text) seen.drafts.push(text);
      const composer = document.querySelector('.composer');
      if (composer) seen.composerTops.add(composer.getBoundingClientRect().top);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

const draftsSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { seen: { drafts: string[] } }).seen.drafts);
const composerPositions = (page: Page) =>
  page.evaluate(() => [...(window as unknown as { seen: { composerTops: Set<number> } }).seen.composerTops]);

/** The finished messages on the page, as "role: text" (without the Undo an answer offers once its effects load, or the message's tools). */
async function messages(page: Page): Promise<string[]> {
  const items = page.locator('.messages li.message:not(.pending)');
  return (await items.evaluateAll((nodes) =>
    nodes.map((node) => {
      const copy = node.cloneNode(true) as Element;
      copy.querySelector('.undo-turn')?.remove();
      copy.querySelector('.message-tools')?.remove();
      return `${node.classList.contains('user') ? 'user' : 'assistant'}: ${copy.textContent?.replace(/^(You|Assistant):/, '')}`;
    }),
  )) as string[];
}

describe('the web app in Chromium, served by the real server', () => {
  const env: NodeJS.ProcessEnv = { WEB_ROOT: webDist, CHAT_MODEL: 'paced-model' };
  let model: Server;
  beforeAll(async () => {
    const paced = await startPacedModel();
    model = paced.server;
    env.CHAT_MODEL_BASE_URL = paced.baseUrl;
  });
  const server = useServer(env);
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const watchers: ReturnType<typeof watchProblems>[] = [];
  let ada: Page;
  /** Ada's second browser (another context: its own storage, its own session). */
  let adaElsewhere: ReturnType<typeof watchProblems> & { page: Page };
  let chatUrl: string;

  async function openPage(viewport = { width: 1200, height: 800 }, context?: BrowserContext) {
    const owner = context ?? (await browser.newContext({ viewport }));
    if (!context) contexts.push(owner);
    const page = await owner.newPage();
    await page.setViewportSize(viewport);
    const watcher = watchProblems(page);
    watchers.push(watcher);
    return { page, watcher };
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    model?.close();
  });
  // Every step ends with nothing unexpected on any page: no console error, no failed request.
  afterEach(() => {
    const problems = watchers.flatMap((watcher) => watcher.problems);
    for (const watcher of watchers) watcher.reset();
    expect(problems).toEqual([]);
  });

  it('refuses a bad sign-up with the server’s messages beside the fields, focus on the first', async () => {
    const opened = await openPage();
    ada = opened.page;
    opened.watcher.expect(/HTTP 400 .*auth\.signUp/, /console error: Failed to load resource.*400/);
    await ada.goto(`${server.origin}/`);
    await ada.getByRole('button', { name: 'Create an account' }).click();
    await ada.getByLabel('Email').fill('not an email');
    await ada.getByLabel('Password').fill('short');
    await ada.getByRole('button', { name: 'Sign up' }).click();

    const email = ada.getByLabel('Email');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const errorOf = async (label: string) => {
      const id = (await ada.getByLabel(label).getAttribute('aria-describedby'))?.split(' ')[0];
      return ada.locator(`[id="${id}"]`).textContent();
    };
    expect(await errorOf('Email')).toBe('Must be an email address');
    expect(await errorOf('Password')).toBe('Must be at least 8 characters');
    expect(await ada.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('email');
    await screenshot(ada, 'sign-up-errors');
  });

  it('signs up and lands on a new chat', async () => {
    await ada.getByLabel('Email').fill(ADA);
    await ada.getByLabel('Password').fill(TEST_PASSWORD);
    await ada.getByRole('button', { name: 'Sign up' }).click();
    await ada.getByRole('heading', { name: 'New chat' }).waitFor();
    expect(new URL(ada.url()).hash).toBe('#/chat');
    expect(await ada.getByText(ADA).textContent()).toBe(ADA);
  });

  it('streams the answer to "add buy oat milk" as it is written, and the task list shows the task', async () => {
    await ada.getByRole('link', { name: 'Chat', exact: true }).click();
    const composer = ada.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => ada.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await recordDrafts(ada);

    await composer.fill('add buy oat milk');
    await composer.press('Enter');
    await ada.locator('.message.assistant.pending').waitFor();
    await ada.locator('.message.assistant:not(.pending)').waitFor();
    // The composer stayed put while the answer streamed.
    expect(await composerPositions(ada)).toHaveLength(1);

    const final = 'Added “buy oat milk”I added it to your tasks.';
    expect(await messages(ada)).toEqual(['user: add buy oat milk', `assistant: ${final}`]);
    // Shown word by word: several growing drafts, each the start of the final answer.
    const drafts = await draftsSeen(ada);
    const partial = drafts.filter((text) => text.startsWith('Added “buy oat milk”') && text !== final);
    expect(partial.length).toBeGreaterThanOrEqual(2);
    // One answer at a time (the subscription's copy of this tab's own turn is not shown beside it).
    expect(drafts.every((text) => final.startsWith(text) || text.includes('…'))).toBe(true);

    expect(ada.url()).toMatch(new RegExp(`#/chat/${UUID}$`));
    chatUrl = ada.url();
    expect(await ada.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await ada.getByRole('link', { name: 'add buy oat milk' }).waitFor();
    await screenshot(ada, 'chat');

    const chip = ada.getByRole('link', { name: 'Added “buy oat milk”' });
    expect(await chip.getAttribute('href')).toMatch(new RegExp(`^#/tasks/${UUID}$`));
    await chip.click();
    await ada.getByRole('heading', { name: 'Tasks' }).waitFor();
    expect(await ada.locator('.task.highlighted .task-title').textContent()).toBe('buy oat milk');

    // Back to the conversation (its history cached from before the answer): the answer is there.
    await ada.goBack();
    await expect
      .poll(() => messages(ada))
      .toEqual(['user: add buy oat milk', 'assistant: Added “buy oat milk”I added it to your tasks.']);
  });

  it('keeps the conversation and the task across a reload', async () => {
    await ada.goto(chatUrl);
    await ada.reload();
    await ada.locator('.message.assistant').waitFor();
    expect(await messages(ada)).toEqual([
      'user: add buy oat milk',
      'assistant: Added “buy oat milk”I added it to your tasks.',
    ]);
    await ada.getByRole('link', { name: 'Tasks' }).click();
    await ada.locator('.task-title', { hasText: 'buy oat milk' }).waitFor();
    await screenshot(ada, 'tasks');
  });

  it('shows a turn sent from another browser live, as it streams, once', async () => {
    const other = await openPage();
    adaElsewhere = { ...other.watcher, page: other.page };
    await signIn(other.page, server.origin, ADA, 'sign-in');
    await other.page.goto(chatUrl);
    await other.page.locator('.message.assistant').waitFor();
    await recordDrafts(other.page);

    await ada.goto(chatUrl);
    await ada.locator('.message.assistant').waitFor();
    await ada.getByRole('textbox', { name: 'Message' }).fill('add call mom');
    await ada.getByRole('textbox', { name: 'Message' }).press('Enter');

    const expected = [
      'user: add buy oat milk',
      'assistant: Added “buy oat milk”I added it to your tasks.',
      'user: add call mom',
      'assistant: Added “call mom”I added it to your tasks.',
    ];
    await expect.poll(() => messages(other.page), { timeout: 15_000 }).toEqual(expected);
    expect((await draftsSeen(other.page)).length).toBeGreaterThanOrEqual(2);
    await expect.poll(() => messages(ada)).toEqual(expected);
  });

  it('shows a second user none of it', async () => {
    const { page: grace, watcher } = await openPage();
    await signIn(grace, server.origin, GRACE, 'sign-up');
    await grace.getByRole('link', { name: 'Tasks' }).click();
    await grace.getByText('No tasks here.', { exact: false }).waitFor();
    expect(await grace.locator('.task').count()).toBe(0);

    await grace.getByRole('link', { name: 'Chat', exact: true }).click();
    await grace.getByText('No conversations yet.').waitFor();
    await grace.getByLabel('Search conversations').fill('oat');
    await grace.getByText('No conversation matches.').waitFor();

    // Ada's conversation, by its address: the same answer as one that never existed (its history too).
    watcher.expect(/HTTP 404 .*(conversations\.get|messages\.list)/, /console error: Failed to load resource.*404/);
    await grace.goto(chatUrl);
    await grace.getByText('This conversation was deleted, or never existed.').waitFor();
    expect(await grace.locator('.message').count()).toBe(0);
    // A history request still in flight would otherwise answer its 404 during the next step.
    await grace.close();
  });

  it('loads more conversations as the list scrolls (keyset pages of 30)', async () => {
    const { page } = await openPage();
    await signIn(page, server.origin, 'lin@example.com', 'sign-up');
    const token = await page.evaluate(() => localStorage.getItem('taskchat.session'));
    const client = server.client(token);
    for (let i = 1; i <= 35; i++) await client.conversations.create.mutate({ title: `Conversation ${i}` });
    await page.getByRole('link', { name: 'Chat', exact: true }).click();
    const items = page.locator('.conversation-list .conversation');
    await expect.poll(() => items.count()).toBe(30);
    // The list may render again while it scrolls (its live feed catches up): scroll until the next page is in.
    await expect
      .poll(async () => {
        await items
          .last()
          .scrollIntoViewIfNeeded({ timeout: 1_000 })
          .catch(() => undefined);
        return items.count();
      })
      .toBe(35);
    expect(await page.getByRole('button', { name: 'Load more conversations' }).count()).toBe(0);
  });

  it('adds, edits, completes, filters and deletes a task from the keyboard', async () => {
    await ada.getByRole('link', { name: 'Tasks' }).click();
    const newTask = ada.getByLabel('New task');
    await newTask.fill('water the plants');
    await newTask.press('Enter');
    await ada.locator('.task', { hasText: 'water the plants' }).waitFor();
    expect(await ada.evaluate(() => document.activeElement?.id)).toBe(await newTask.getAttribute('id'));

    const edit = (title: string) => ada.getByRole('button', { name: `Edit ${title}`, exact: true });
    await edit('water the plants').click();
    const title = ada.getByRole('dialog').getByLabel('Title');
    await title.fill('water the ferns');
    await title.press('Enter');
    await edit('water the ferns').waitFor();
    await expect.poll(() => focused(ada)).toBe('Edit water the ferns');

    await ada.getByLabel('Done: water the ferns').check();
    await expect.poll(() => ada.locator('.task-list').getByText('water the ferns').count()).toBe(0);
    // It left the open tasks: focus moves on to the next one (its reorder handle comes first).
    await expect.poll(() => focused(ada)).toMatch(/^Reorder (call mom|buy oat milk)$/);
    await ada.getByRole('navigation', { name: 'Task lists' }).getByRole('link', { name: 'Done', exact: true }).click();
    await ada.locator('.task.done', { hasText: 'water the ferns' }).waitFor();

    await ada.getByLabel('Actions for water the ferns').click();
    await ada.getByRole('menuitem', { name: 'Delete' }).press('Enter');
    await expect.poll(() => ada.locator('.task-list').getByText('water the ferns').count()).toBe(0);
    // The last one shown is gone: focus goes to the list's heading (Done has no new-task field).
    await expect.poll(() => focused(ada)).toBe('tasks-title');
    await ada.getByRole('status').getByRole('button', { name: 'Dismiss: Deleted “water the ferns”.' }).click();
  });

  it('pins, renames, searches, archives, trashes and restores conversations', async () => {
    await ada.getByRole('link', { name: 'Chat', exact: true }).click();
    await ada.getByRole('link', { name: 'New chat' }).click();
    await ada.getByRole('heading', { name: 'New chat' }).waitFor();
    await ada.getByRole('textbox', { name: 'Message' }).fill('hello there');
    await ada.getByRole('textbox', { name: 'Message' }).press('Enter');
    await ada.getByText('Happy to help with your tasks.').waitFor();
    const names = () => ada.locator('.conversation-list .conversation-name').allTextContents();
    await expect.poll(names).toEqual(['hello there', 'add buy oat milk']);

    const act = async (conversation: string, action: string) => {
      await ada.getByLabel(`Actions for ${conversation}`).click();
      await ada
        .getByRole('menu', { name: `Actions for ${conversation}` })
        .getByRole('menuitem', { name: action })
        .click();
    };
    await act('add buy oat milk', 'Pin');
    await expect.poll(names).toEqual(['add buy oat milk', 'hello there']);
    await act('add buy oat milk', 'Rename');
    await ada.getByLabel('New title for add buy oat milk').fill('Groceries');
    await ada.getByLabel('New title for add buy oat milk').press('Enter');
    await expect.poll(names).toEqual(['Groceries', 'hello there']);

    await ada.getByLabel('Search conversations').fill('oat');
    await ada.locator('mark', { hasText: 'oat' }).first().waitFor();
    expect(await ada.locator('.conversation-list .conversation-name').allTextContents()).toEqual(['Groceries']);
    await screenshot(ada, 'search');
    await ada.getByLabel('Search conversations').fill('');

    await act('hello there', 'Archive');
    await expect.poll(names).toEqual(['Groceries']);
    await expect
      .poll(() => ada.evaluate(() => document.activeElement?.closest('.conversation')?.textContent))
      .toContain('Groceries');
    await ada.getByRole('button', { name: 'Archived' }).click();
    await expect.poll(names).toEqual(['hello there']);
    await ada.getByRole('button', { name: 'Chats' }).click();

    await act('Groceries', 'Delete');
    await expect.poll(names).toEqual([]);
    // Its Undo is tested in controls.browser.test.ts; the trash is shown without the notice.
    await ada.getByRole('button', { name: 'Dismiss: Deleted “Groceries”.' }).click();
    await ada.getByRole('link', { name: 'Trash' }).click();
    await ada.getByText('Groceries').waitFor();
    await screenshot(ada, 'trash');
    await ada.getByRole('button', { name: 'Restore Groceries' }).click();
    await ada.getByText('The trash is empty.').waitFor();
    await expect.poll(() => focused(ada)).toBe('trash-title');
    await ada.getByRole('link', { name: 'Chat', exact: true }).click();
    await expect.poll(names).toEqual(['Groceries']);
  });

  it('fits a phone screen', async () => {
    // Each tab on a conversation holds three of Chromium's six connections to the server (its live
    // streams, over HTTP/1.1): with Ada's tab on one too, the phone's requests would wait.
    await ada.getByRole('link', { name: 'New chat' }).click();
    const { page: phone } = await openPage({ width: 390, height: 844 }, ada.context());
    await phone.goto(chatUrl.replace(/#.*/, '#/chat'));
    await phone.getByRole('heading', { name: 'New chat' }).waitFor();
    // The conversations are behind their button at this width.
    await phone.getByRole('button', { name: 'Conversations' }).click();
    await phone.getByRole('link', { name: 'Groceries' }).click();
    await phone.locator('.message.assistant').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await phone.getByRole('textbox', { name: 'Message' }).isVisible()).toBe(true);
    await screenshot(phone, 'phone');
  });

  it('signs out: every tab of this browser, and the session is gone for good', async () => {
    const phone = ada.context().pages().at(-1) as Page;
    await ada.getByRole('button', { name: 'Sign out' }).click();
    await ada.getByRole('heading', { name: 'Sign in' }).waitFor();
    // The other tab hears of it through storage.
    await phone.getByRole('heading', { name: 'Sign in' }).waitFor();
    await ada.reload();
    await ada.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await ada.evaluate(() => localStorage.length)).toBe(0);

    // The next user of this tab sees nothing of the last one's.
    await ada.getByLabel('Email').fill(GRACE);
    await ada.getByLabel('Password').fill(TEST_PASSWORD);
    await ada.getByRole('button', { name: 'Sign in' }).click();
    await ada.getByRole('link', { name: 'Tasks' }).click();
    await ada.getByText('No tasks here.', { exact: false }).waitFor();
    expect(await ada.locator('.task').count()).toBe(0);
    await ada.getByRole('link', { name: 'Chat', exact: true }).click();
    await ada.getByText('No conversations yet.').waitFor();
  });

  it('shows the sign-in screen when a session is ended from elsewhere', async () => {
    const { page } = adaElsewhere;
    const token = await page.evaluate(() => localStorage.getItem('taskchat.session'));
    adaElsewhere.expect(/HTTP 401 /, /console error: Failed to load resource.*401/);
    await server.client(token).auth.signOut.mutate();
    // Its open streams end; reconnecting, they are refused: the page signs out by itself.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => localStorage.getItem('taskchat.session'))).toBeNull();
  });

  it('asks for a reload when the server stops speaking the page’s API (a deploy while the tab is open)', async () => {
    const { page } = await openPage();
    const firstCheck = page.waitForResponse((response) => response.url().includes('version.get'));
    await signIn(page, server.origin, ADA, 'sign-in');
    await firstCheck;
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const banner = page.getByRole('alert').filter({ hasText: 'out of date' });
    expect(await banner.count()).toBe(0);

    // The server is replaced by one of the next major contract: its version.get says so.
    const nextMajor = `${Number(CONTRACT_VERSION.split('.')[0]) + 1}.0.0`;
    const versionCalls = /\/trpc\/[^?]*version\.get/;
    await page.route(versionCalls, async (route) => {
      const response = await route.fetch();
      const procedures = new URL(route.request().url()).pathname.replace('/trpc/', '').split(',');
      const body = await response.json();
      const answers = Array.isArray(body) ? body : [body];
      answers[procedures.indexOf('version.get')].result.data.json.contract = nextMajor;
      await route.fulfill({ response, json: body });
    });
    const returnToTab = () =>
      page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await returnToTab();
    await banner.waitFor();
    expect(await banner.textContent()).toContain(`page API ${CONTRACT_VERSION}, server API ${nextMajor}`);

    // Reloading keeps the session; a page built for the old contract would still be out of date.
    await banner.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await banner.waitFor();

    // A server that speaks the page's contract again (a rollback): the banner goes.
    await page.unroute(versionCalls);
    await returnToTab();
    await banner.waitFor({ state: 'detached' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
});
