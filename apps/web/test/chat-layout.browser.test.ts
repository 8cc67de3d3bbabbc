import type { Server } from 'node:http';
import type { TaskchatClient } from '@taskchat/client';
import { TEST_PASSWORD } from '@taskchat/db/testing';
import { useServer } from '@taskchat/server/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webDist } from '../build/build-inputs.ts';
import {
  launchChromium,
  messageWords,
  placementProblems,
  screenshot,
  sessionToken,
  signIn,
  watchProblems,
} from './browser.ts';
import { startPacedModel } from './paced-model.ts';

const EMAIL = 'lin@example.com';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 375, height: 667 };

/** Polls for longer than expect.poll's default second: this machine may be busy. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

/** The page itself never scrolls: only the chat's parts do. */
const pageFits = (page: Page) =>
  page.evaluate(() => (document.scrollingElement?.scrollHeight ?? Number.POSITIVE_INFINITY) <= innerHeight);

/** Whether the last message's bottom is inside the message list's box (and that box inside the viewport). */
const lastInView = (page: Page) =>
  page.evaluate(() => {
    const box = document.querySelector('.messages')?.getBoundingClientRect();
    const last = [...document.querySelectorAll('.messages li.message')].at(-1)?.getBoundingClientRect();
    return !!box && !!last && last.bottom <= box.bottom + 1 && last.bottom > box.top && box.bottom <= innerHeight;
  });

/** The message list's scroll position. */
const listScrollTop = (page: Page) => page.locator('.messages').evaluate((element) => element.scrollTop);

/** Where a message (by its text) is on screen. */
const topOf = (page: Page, text: string) =>
  page
    .locator('.messages li.message', { has: page.locator('.text', { hasText: new RegExp(`^${text}$`) }) })
    .evaluate((element) => element.getBoundingClientRect().top);

/**
 * Records, at every change of the page while an answer is being written, whether the last message
 * is in view, and every position the composer had.
 */
function recordFollowing(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen = { inView: [] as boolean[], composerTops: new Set<number>() };
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver(() => {
      if (!document.querySelector('.message.assistant.pending')) return;
      const box = document.querySelector('.messages')?.getBoundingClientRect();
      const last = [...document.querySelectorAll('.messages li.message')].at(-1)?.getBoundingClientRect();
      seen.inView.push(!!box && !!last && last.bottom <= box.bottom + 1 && last.bottom > box.top);
      const composer = document.querySelector('.composer');
      if (composer) seen.composerTops.add(composer.getBoundingClientRect().top);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const recorded = (page: Page) =>
  page.evaluate(() => {
    const { seen } = window as unknown as { seen: { inView: boolean[]; composerTops: Set<number> } };
    return { inView: seen.inView, composerTops: [...seen.composerTops] };
  });

/** Sends a message from the composer (its button waits for the turn before to end). */
async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** A conversation of `count` messages ("message 1" … unless `content` says otherwise), stored through the API. */
async function seedConversation(
  api: TaskchatClient,
  title: string,
  count: number,
  content = (index: number) => `message ${index}`,
): Promise<string> {
  const { id } = await api.conversations.create.mutate({ title });
  for (let index = 1; index <= count; index++) {
    await api.messages.append.mutate({ conversationId: id, content: content(index) });
  }
  return id;
}

describe('the chat screen’s layout and navigation in Chromium', () => {
  // Slow words, so a test can scroll while an answer is still being written.
  const env: NodeJS.ProcessEnv = { WEB_ROOT: webDist, CHAT_MODEL: 'paced-model' };
  let model: Server;
  beforeAll(async () => {
    const paced = await startPacedModel(400);
    model = paced.server;
    env.CHAT_MODEL_BASE_URL = paced.baseUrl;
  });
  const server = useServer(env);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const watchers: ReturnType<typeof watchProblems>[] = [];
  let watcher: ReturnType<typeof watchProblems>;
  let api: TaskchatClient;
  let forty: string;
  let long: string;
  const chat = (conversationId: string, messageId?: string) =>
    `${server.origin}/#/chat/${conversationId}${messageId ? `/${messageId}` : ''}`;

  beforeAll(async () => {
    browser = await launchChromium();
    // The browser's zone, for the time-zone banner later (the profile takes it at sign-up).
    context = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Europe/Berlin' });
    page = await context.newPage();
    watcher = watchProblems(page);
    watchers.push(watcher);
  });
  afterAll(async () => {
    await browser?.close();
    model?.close();
  });
  afterEach(() => {
    const problems = watchers.flatMap((each) => each.problems);
    for (const each of watchers) each.reset();
    expect(problems).toEqual([]);
  });

  it('signs up and lands on a new chat; the page itself does not scroll', async () => {
    await signIn(page, server.origin, EMAIL, 'sign-up');
    await page.getByRole('heading', { name: 'New chat' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/chat');
    expect(await pageFits(page)).toBe(true);
    api = server.client(await sessionToken(page));
  });

  it('keeps the composer and the newest of 40 messages in view, the top bar and the list fixed (1280×800)', async () => {
    forty = await seedConversation(api, 'Forty', 40);
    await page.goto(chat(forty));
    await eventually(() => page.locator('.messages li.message').count()).toBe(40);
    await eventually(() => lastInView(page)).toBe(true);
    expect(await messageWords(page.locator('.messages li.message').last())).toBe('You:message 40');
    expect(await placementProblems(page.locator('.composer'))).toEqual([]);
    expect(await placementProblems(page.locator('.composer textarea'))).toEqual([]);
    expect(await pageFits(page)).toBe(true);
    // The list scrolls on its own: wheeling over it moves it, not the page, the top bar or the conversations.
    const topBar = () => page.locator('.topbar').evaluate((element) => element.getBoundingClientRect().top);
    const before = await listScrollTop(page);
    const list = await page.locator('.messages').boundingBox();
    await page.mouse.move((list?.x ?? 0) + 100, (list?.y ?? 0) + 100);
    await page.mouse.wheel(0, -300);
    await eventually(() => listScrollTop(page)).toBeLessThan(before);
    expect(await page.evaluate(() => scrollY)).toBe(0);
    expect(await topBar()).toBe(0);
    expect(await placementProblems(page.locator('.conversation-link[aria-current="page"]'))).toEqual([]);
    await page.getByRole('button', { name: 'Jump to latest' }).click();
    await eventually(() => lastInView(page)).toBe(true);
  });

  it('keeps the composer in view with the time-zone banner and a failed turn’s error above it', async () => {
    await api.auth.updateProfile.mutate({ timeZone: 'Asia/Tokyo' });
    await page.reload();
    await page.getByRole('region', { name: 'Time zone' }).waitFor();
    // The send's connection fails: the error offers to try again.
    watcher.expect(/request failed: .*chat\.send/, /console error: Failed to load resource/);
    await page.route(/chat\.send/, (route) => route.abort('connectionrefused'));
    await send(page, 'hello');
    await page.locator('.turn-error').waitFor();
    for (const selector of ['.zone-banner', '.turn-error', '.composer', '.assistant-line']) {
      expect(await placementProblems(page.locator(selector))).toEqual([]);
    }
    expect(await pageFits(page)).toBe(true);
    await eventually(() => lastInView(page)).toBe(true);

    await page.unroute(/chat\.send/);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.message.assistant:not(.pending)', { hasText: 'Happy to help with your tasks.' }).waitFor();
    await eventually(() => lastInView(page)).toBe(true);
    await page.getByRole('button', { name: 'Keep Asia/Tokyo' }).click();
    await screenshot(page, 'chat-long');
  });

  it('follows the answer as it streams: its last line stays in view, the composer stays put', async () => {
    await recordFollowing(page);
    const answers = page.locator('.message.assistant:not(.pending)');
    const before = await answers.count();
    await send(page, 'how are you');
    await page.locator('.message.assistant.pending').waitFor();
    await eventually(() => answers.count()).toBe(before + 1);
    const { inView, composerTops } = await recorded(page);
    expect(inView.length).toBeGreaterThanOrEqual(3);
    expect(inView.every(Boolean)).toBe(true);
    expect(composerTops).toHaveLength(1);
    expect(await lastInView(page)).toBe(true);
  });

  it('stops following when the reader scrolls up; "Jump to latest" (from the keyboard) brings them back', async () => {
    const answers = page.locator('.message.assistant:not(.pending)');
    const before = await answers.count();
    await send(page, 'tell me more');
    await page.locator('.message.assistant.pending').waitFor();
    const list = await page.locator('.messages').boundingBox();
    await page.mouse.move((list?.x ?? 0) + 100, (list?.y ?? 0) + 100);
    await page.mouse.wheel(0, -400);
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    await jump.waitFor();
    // Scrolled while the answer was still being written…
    expect(await page.locator('.message.assistant.pending').count()).toBe(1);
    const readingAt = await listScrollTop(page);
    await eventually(() => answers.count()).toBe(before + 1);
    // …it was not pulled back down as the answer grew.
    expect(Math.abs((await listScrollTop(page)) - readingAt)).toBeLessThanOrEqual(2);
    expect(await lastInView(page)).toBe(false);
    expect(await placementProblems(page.locator('.jump-to-latest'))).toEqual([]);

    await jump.focus();
    await page.keyboard.press('Enter');
    await eventually(() => lastInView(page)).toBe(true);
    expect(await jump.count()).toBe(0);
    // The button is gone: focus is on the messages it brought into view.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('log');
  });

  it('fits a phone: the conversations behind their button, the composer and the newest message in view (390×844)', async () => {
    const phone = await context.newPage();
    watchers.push(watchProblems(phone));
    await phone.setViewportSize(PHONE);
    await phone.goto(chat(forty));
    await eventually(() => phone.locator('.messages li.message').count()).toBeGreaterThanOrEqual(40);
    await eventually(() => lastInView(phone)).toBe(true);
    expect(await placementProblems(phone.locator('.composer'))).toEqual([]);
    expect(await pageFits(phone)).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await phone.getByRole('link', { name: 'Forty' }).isVisible()).toBe(false);
    await screenshot(phone, 'chat-long-phone');

    const toggle = phone.getByRole('button', { name: 'Conversations' });
    await toggle.click();
    expect(await placementProblems(phone.locator('.conversation-link[aria-current="page"]'))).toEqual([]);
    // The list open does not push the composer off the screen.
    expect(await placementProblems(phone.locator('.composer'))).toEqual([]);
    expect(await pageFits(phone)).toBe(true);
    await phone.getByRole('link', { name: 'New chat' }).click();
    await phone.getByRole('heading', { name: 'New chat' }).waitFor();
    // Choosing folds the list away again.
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await placementProblems(phone.locator('.composer'))).toEqual([]);
    await phone.close();
  });

  it.each([PHONE, SMALL_PHONE])(
    'keeps the composer and an archived notice on screen at $width×$height, with the time-zone banner and the list open',
    async (viewport) => {
      // Another zone than the profile's, in a browser of its own: the banner shows.
      const travelling = await browser.newContext({ viewport, timezoneId: 'America/New_York' });
      const phone = await travelling.newPage();
      watchers.push(watchProblems(phone));
      // Archived before the page signs in: a page that had loaded it already (landing on the chat resumes the
      // newest conversation) would only learn of it live, and its stream may not be open yet.
      await api.conversations.archive.mutate({ id: forty });
      await signIn(phone, server.origin, EMAIL, 'sign-in');
      await phone.goto(chat(forty));
      await phone.getByRole('region', { name: 'Time zone' }).waitFor();
      await phone.getByText('This conversation is archived.').waitFor();
      const unarchive = '.conversation-state button';
      for (const selector of ['.zone-banner', unarchive, '.composer']) {
        expect(await placementProblems(phone.locator(selector))).toEqual([]);
      }
      expect(await pageFits(phone)).toBe(true);

      // The list opened lies over the chat: the composer stays on screen and uncovered.
      const toggle = phone.locator('.conversations-toggle');
      await toggle.click();
      await phone.getByRole('button', { name: 'Archived', exact: true }).click();
      // The archived list loads on its tab's first showing.
      await phone.locator('.conversation-link[aria-current="page"]').waitFor();
      expect(await placementProblems(phone.locator('.conversation-link[aria-current="page"]'))).toEqual([]);
      expect(await placementProblems(phone.locator('.composer'))).toEqual([]);
      expect(await pageFits(phone)).toBe(true);
      // The chat keeps its height under the list: nothing of it is pushed under the composer.
      const noticeAboveComposer = await phone.evaluate(() => {
        const notice = document.querySelector('.conversation-state')?.getBoundingClientRect();
        const composer = document.querySelector('.composer')?.getBoundingClientRect();
        return !!notice && !!composer && notice.bottom <= composer.top;
      });
      expect(noticeAboveComposer).toBe(true);
      await toggle.click();
      expect(await placementProblems(phone.locator(unarchive))).toEqual([]);
      await api.conversations.unarchive.mutate({ id: forty });
      await travelling.close();
    },
  );

  it('opens a long conversation (three pages of history) at its end, after a reload too', async () => {
    long = await seedConversation(api, 'Long', 120, (index) =>
      index === 5 ? 'message 5 about the zebra crossing' : `message ${index}`,
    );
    await page.goto(chat(long));
    await eventually(() => page.locator('.messages li.message').count()).toBe(50);
    await eventually(() => lastInView(page)).toBe(true);
    expect(await messageWords(page.locator('.messages li.message').last())).toBe('You:message 120');
    await page.reload();
    await eventually(() => page.locator('.messages li.message').count()).toBe(50);
    await eventually(() => lastInView(page)).toBe(true);
    expect(await placementProblems(page.locator('.composer'))).toEqual([]);
    expect(await pageFits(page)).toBe(true);
  });

  it('loads the older page when the reader reaches the top, the first message in view staying where it was', async () => {
    await page.locator('.messages').evaluate((element) => {
      element.scrollTop = 0;
    });
    // The first of the newest page, at the top; the older page loads above it.
    const before = await topOf(page, 'message 71');
    await eventually(() => page.locator('.messages li.message').count()).toBe(100);
    expect(Math.abs((await topOf(page, 'message 71')) - before)).toBeLessThanOrEqual(2);
    expect(await listScrollTop(page)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Jump to latest' }).waitFor();
  });

  it('opens a search result at its message, marked, however far back it is', async () => {
    await page.goto(`${server.origin}/#/chat`);
    await page.reload();
    await page.getByLabel('Search conversations').fill('zebra');
    const result = page.getByRole('link', { name: /^Long/ });
    await result.waitFor();
    expect(await result.getAttribute('href')).toMatch(new RegExp(`^#/chat/${long}/${UUID}$`));
    await result.click();
    const marked = page.locator('.messages li.message[aria-current="true"]');
    await marked.waitFor();
    expect(await messageWords(marked)).toBe('You:message 5 about the zebra crossing');
    expect(await page.locator('.messages li.message').count()).toBe(120);
    // In the list's box, highlighted, and the reader is not pulled to the end.
    const { inBox, highlighted } = await marked.evaluate((element) => {
      const box = element.closest('.messages')?.getBoundingClientRect();
      const own = element.getBoundingClientRect();
      return {
        inBox: !!box && own.top >= box.top && own.bottom <= box.bottom,
        highlighted: getComputedStyle(element).boxShadow !== 'none',
      };
    });
    expect({ inBox, highlighted }).toEqual({ inBox: true, highlighted: true });
    await page.getByRole('button', { name: 'Jump to latest' }).waitFor();

    // A message the conversation does not have: said so, and the reader is at the end.
    await page.goto(chat(long, crypto.randomUUID()));
    await page.getByText('The linked message is not on this branch of the conversation', { exact: false }).waitFor();
    await eventually(() => lastInView(page)).toBe(true);
    expect(await page.locator('.messages li.message[aria-current]').count()).toBe(0);
  });

  it('shows an archived conversation as archived, unarchived in one click', async () => {
    await api.conversations.archive.mutate({ id: forty });
    await page.goto(chat(forty));
    const state = page.getByRole('region', { name: 'Conversation state' });
    await state.getByText('This conversation is archived.').waitFor();
    await state.getByRole('button', { name: 'Unarchive' }).click();
    await state.waitFor({ state: 'detached' });
    expect((await api.conversations.get.query({ id: forty })).archived).toBe(false);
    expect(await placementProblems(page.locator('.composer'))).toEqual([]);
  });

  it('shows a conversation opened in the trash as such, restored in one click', async () => {
    const trashed = await seedConversation(api, 'Trashed', 3);
    await api.conversations.delete.mutate({ id: trashed });
    await page.goto(chat(trashed));
    const state = page.getByRole('region', { name: 'Conversation state' });
    await state.getByText('In the trash', { exact: false }).waitFor();
    expect(await page.getByRole('heading', { name: 'Trashed' }).count()).toBe(1);
    expect(await page.locator('.messages li.message').count()).toBe(0);
    await state.getByRole('button', { name: 'Restore' }).click();
    await eventually(() => page.locator('.messages li.message').count()).toBe(3);
    expect(await state.count()).toBe(0);
    expect((await api.conversations.get.query({ id: trashed })).trashedAt).toBeNull();

    // Deleted from elsewhere while it is open: it says so at once, and comes back as before.
    await api.conversations.delete.mutate({ id: trashed });
    await state.getByText('In the trash', { exact: false }).waitFor();
    expect(await page.locator('.messages li.message').count()).toBe(0);
    await state.getByRole('button', { name: 'Restore' }).click();
    await eventually(() => page.locator('.messages li.message').count()).toBe(3);
    await eventually(() => lastInView(page)).toBe(true);
  });

  it('forgets the last conversation once it is deleted for good: the Chat link then opens the first of the list', async () => {
    // The conversation open now (the one restored above) is the last one opened.
    const trashed = new URL(page.url()).hash.split('/')[2] ?? '';
    await api.conversations.delete.mutate({ id: trashed });
    await page
      .getByRole('region', { name: 'Conversation state' })
      .getByText('In the trash', { exact: false })
      .waitFor();
    await page.getByRole('link', { name: 'Trash', exact: true }).click();
    await page.getByRole('button', { name: 'Delete Trashed forever' }).click();
    await page.getByRole('button', { name: 'Delete forever', exact: true }).click();
    const deleted = page.getByRole('list', { name: 'Deleted conversations' });
    await eventually(() => deleted.getByText('Trashed').count()).toBe(0);
    // No question for a conversation that is gone (it would be a 404, which fails the step).
    await page.getByRole('link', { name: 'Chat', exact: true }).click();
    await eventually(() => new URL(page.url()).hash).toMatch(new RegExp(`^#/chat/${UUID}$`));
    expect(new URL(page.url()).hash).not.toContain(trashed);
    expect(await page.evaluate(() => localStorage.getItem('taskchat.last-conversation'))).not.toBe(trashed);
  });

  it('reopens the last conversation from the Chat link (not the newest); "New chat" is a new one', async () => {
    // Forty is not the newest conversation, but the one opened last.
    await page.goto(chat(forty));
    await page.locator('.messages li.message').first().waitFor();
    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.getByRole('link', { name: 'Chat', exact: true }).click();
    await eventually(() => new URL(page.url()).hash).toBe(`#/chat/${forty}`);
    await page.getByRole('link', { name: 'New chat' }).click();
    await page.getByRole('heading', { name: 'New chat' }).waitFor();
    await page.getByRole('link', { name: 'Chat', exact: true }).click();
    await eventually(() => new URL(page.url()).hash).toBe(`#/chat/${forty}`);

    // The last one went to the trash: the Chat link opens the first of the list instead.
    await page.getByRole('link', { name: 'New chat' }).click();
    await api.conversations.delete.mutate({ id: forty });
    const [first] = (await api.conversations.list.query({ limit: 1 })).items;
    expect(first?.id).not.toBe(forty);
    await page.getByRole('link', { name: 'Chat', exact: true }).click();
    await eventually(() => new URL(page.url()).hash).toBe(`#/chat/${first?.id}`);
    await api.conversations.restore.mutate({ id: forty });
  });

  it('signs in again onto the chat: the first of the list, the last one opened forgotten at sign-out', async () => {
    await page.goto(chat(forty));
    await page.locator('.messages li.message').first().waitFor();
    const [first] = (await api.conversations.list.query({ limit: 1 })).items;
    expect(first?.id).not.toBe(forty);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => new URL(page.url()).hash).toBe(`#/chat/${first?.id}`);
    await eventually(() => lastInView(page)).toBe(true);
  });
});
