import { readFile } from 'node:fs/promises';
import type { TaskchatClient } from '@taskchat/client';
import { useServer } from '@taskchat/server/testing';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { webDist } from '../build/build-inputs.ts';
import { focused, placementProblems, sessionToken, signIn, useChromium } from './browser.ts';

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

/** A title long enough to crowd a narrow list. */
const LONG_TITLE = 'Plans for the garden party next summer, with everyone';

/** The open menu is next to its button (just below or just above it), so it was placed, not left at 0,0. */
function besideItsButton(button: Locator): Promise<boolean> {
  return button.evaluate((trigger) => {
    const menu = document.querySelector('[role="menu"]');
    if (!menu) return false;
    const a = trigger.getBoundingClientRect();
    const m = menu.getBoundingClientRect();
    const gap = Math.min(Math.abs(m.top - a.bottom), Math.abs(a.top - m.bottom));
    return gap <= 12 && m.left < a.right && m.right > a.left;
  });
}

/**
 * Opens the menu of `button` and checks it: the items named `items`, each inside the window and
 * uncovered, the menu beside its button; Escape closes it.
 */
async function expectMenuFits(page: Page, button: Locator, items: string[]): Promise<void> {
  await button.click();
  const menu = page.getByRole('menu', { name: (await button.getAttribute('aria-label')) ?? '' });
  await menu.waitFor();
  expect(await menu.getByRole('menuitem').allTextContents()).toEqual(items);
  await expect.poll(() => besideItsButton(button)).toBe(true);
  expect(await placementProblems(menu.getByRole('menuitem'))).toEqual([]);
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByRole('menu').count()).toBe(0);
}

/** Below 700 px the conversation list folds behind its "Conversations" button: opens it there (it must be there). */
async function showConversations(page: Page): Promise<void> {
  if ((page.viewportSize()?.width ?? 0) >= 700) return;
  // Named "Conversations", or "Hide conversations" once open.
  const toggle = page.getByRole('button', { name: /^(Hide c|C)onversations$/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
}

/** The text of the focused element (`focused` gives an element's label first). */
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent);

/** Scrolls the conversation list to its end (all 35 loaded, a page of 30 first) and gives its last item. */
async function endOfConversations(page: Page): Promise<Locator> {
  await showConversations(page);
  const items = page.locator('.conversation');
  await expect.poll(() => items.count()).toBe(30);
  await items.last().scrollIntoViewIfNeeded();
  await expect.poll(() => items.count()).toBe(35);
  await items.last().scrollIntoViewIfNeeded();
  return items.last();
}

const CONVERSATION_ITEMS = ['Rename', 'Pin', 'Archive', 'Download as Markdown', 'Delete'];

describe('menus, inline forms, undo and confirmations in Chromium (the real server)', () => {
  const server = useServer({ WEB_ROOT: webDist });
  // Every step fails on any console error (a refusal by the page's CSP is one) or failed request.
  const chromium = useChromium();

  /** A page of a new user, signed up at `viewport`, and that user's API client. */
  async function newUser(email: string, viewport = VIEWPORTS[0]): Promise<{ page: Page; api: TaskchatClient }> {
    const page = await chromium.newPage({ viewport });
    // A control that never shows fails its step with what was awaited, not with the test's timeout.
    page.setDefaultTimeout(10_000);
    await signIn(page, server.origin, email, 'sign-up');
    return { page, api: server.client(await sessionToken(page)) };
  }

  describe.each(VIEWPORTS)('at $width×$height', (viewport) => {
    let page: Page;
    let api: TaskchatClient;
    beforeAll(async () => {
      ({ page, api } = await newUser(`fits-${viewport.width}@example.com`, viewport));
    });
    /** Below 700 px the task navigation is behind its "Lists" button. */
    const showTaskLists = async () => {
      if (viewport.width < 700) await page.getByRole('button', { name: 'Lists' }).click();
    };

    it('shows a conversation’s menu inside the window, the list short and scrolled to the end of a long one', async () => {
      await api.conversations.create.mutate({ title: LONG_TITLE });
      await page.goto(`${server.origin}/#/chat`);
      await page.reload();
      await showConversations(page);
      await expectMenuFits(page, page.getByRole('button', { name: `Actions for ${LONG_TITLE}` }), CONVERSATION_ITEMS);

      for (let i = 1; i <= 34; i++) await api.conversations.create.mutate({ title: `Conversation ${i}` });
      await page.reload();
      const last = await endOfConversations(page);
      expect(await last.locator('.conversation-name').textContent()).toBe(LONG_TITLE);
      await expectMenuFits(page, last.getByRole('button', { name: `Actions for ${LONG_TITLE}` }), CONVERSATION_ITEMS);
    });

    it('shows the menu of the last task of a long list inside the window', async () => {
      for (let i = 1; i <= 25; i++) await api.tasks.create.mutate({ title: `Task ${i}` });
      await page.goto(`${server.origin}/#/tasks/inbox`);
      const rows = page.locator('.task');
      await expect.poll(() => rows.count()).toBe(25);
      const button = rows.last().getByRole('button', { name: /^Actions for Task \d+$/ });
      await button.scrollIntoViewIfNeeded();
      await expectMenuFits(page, button, ['Add subtask', 'Move up', 'Delete']);
    });

    it('shows a project’s menu inside the window', async () => {
      await api.projects.create.mutate({ name: 'Garden' });
      await page.reload();
      await showTaskLists();
      await expectMenuFits(page, page.getByRole('button', { name: 'Actions for project Garden' }), [
        'Rename',
        'Colour',
        'Archive',
        'Delete',
      ]);
    });

    it('shows the rename form’s field, Save and Cancel inside the window (a conversation, a project)', async () => {
      await page.goto(`${server.origin}/#/chat`);
      await showConversations(page);
      const form = page.locator('form.rename');
      // The first of the list, then the last (the long title) at the end of the scrolled list.
      for (const title of ['Conversation 34', LONG_TITLE]) {
        if (title === LONG_TITLE) await endOfConversations(page);
        await page.getByRole('button', { name: `Actions for ${title}`, exact: true }).click();
        await page.getByRole('menuitem', { name: 'Rename' }).click();
        await form.waitFor();
        expect(await form.locator('input, button').count()).toBe(3);
        expect(await placementProblems(form.locator('input, button'))).toEqual([]);
        await form.getByRole('button', { name: 'Cancel' }).click();
        await expect.poll(() => focusedText(page)).toBe(title);
      }

      await page.goto(`${server.origin}/#/tasks/inbox`);
      await showTaskLists();
      await page.getByRole('button', { name: 'Actions for project Garden' }).click();
      await page.getByRole('menuitem', { name: 'Rename' }).click();
      await form.waitFor();
      expect(await form.locator('input, button').count()).toBe(3);
      expect(await placementProblems(form.locator('input, button'))).toEqual([]);
      await form.getByRole('button', { name: 'Cancel' }).click();
    });
  });

  describe('at 1280×800', () => {
    let page: Page;
    let api: TaskchatClient;
    beforeAll(async () => {
      ({ page, api } = await newUser('ada@example.com'));
    });

    it('moves between a menu’s items with the arrow keys; Escape closes it, the focus back on its button', async () => {
      await api.conversations.create.mutate({ title: 'Groceries' });
      // Loaded afresh: the page may already be on the new chat, where going there again loads nothing.
      await page.goto(`${server.origin}/#/chat`);
      await page.reload();
      const button = page.getByRole('button', { name: 'Actions for Groceries' });
      await button.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => focusedText(page)).toBe('Rename');
      // Up from the first is the last; typing a letter goes to the item it starts.
      for (const [key, item] of [
        ['ArrowDown', 'Pin'],
        ['ArrowDown', 'Archive'],
        ['ArrowUp', 'Pin'],
        ['Home', 'Rename'],
        ['ArrowUp', 'Delete'],
        ['d', 'Download as Markdown'],
      ] as const) {
        await page.keyboard.press(key);
        await expect.poll(() => focusedText(page)).toBe(item);
      }
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('menu').count()).toBe(0);
      await expect.poll(() => focused(page)).toBe('Actions for Groceries');
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      // A click outside closes it too.
      await button.click();
      await page.getByRole('menu').waitFor();
      await page.getByRole('heading', { name: 'New chat' }).click();
      await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    });

    it('deletes the open conversation with Undo: restored, back in the list and open again', async () => {
      await page.goto(`${server.origin}/#/chat`);
      await page.getByRole('textbox', { name: 'Message' }).fill('hello there');
      await page.getByRole('textbox', { name: 'Message' }).press('Enter');
      const answer = page.locator('.message.assistant:not(.pending)');
      await answer.waitFor();
      const address = new URL(page.url()).hash;
      expect(address).toMatch(/^#\/chat\/[0-9a-f-]{36}$/);
      const names = () => page.locator('.conversation .conversation-name').allTextContents();
      await expect.poll(names).toEqual(['hello there', 'Groceries']);

      await page.getByRole('button', { name: 'Actions for hello there' }).click();
      await page.getByRole('menuitem', { name: 'Delete' }).click();
      await expect.poll(names).toEqual(['Groceries']);
      expect(new URL(page.url()).hash).toBe('#/chat');
      const notice = page.getByRole('status').locator('.notice', { hasText: 'Deleted “hello there”.' });
      await notice.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(names).toEqual(['hello there', 'Groceries']);
      await expect.poll(() => new URL(page.url()).hash).toBe(address);
      await answer.waitFor();
      expect((await api.conversations.trash.query({})).items).toEqual([]);

      // One that was not open comes back to the list; the reader stays where they are.
      await page.getByRole('button', { name: 'Actions for Groceries' }).click();
      await page.getByRole('menuitem', { name: 'Delete' }).click();
      await expect.poll(names).toEqual(['hello there']);
      await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
      await expect.poll(names).toEqual(['hello there', 'Groceries']);
      expect(new URL(page.url()).hash).toBe(address);
    });

    it('downloads a conversation as Markdown: the bytes GET /export/conversations/<id>.md answers', async () => {
      const [conversation] = (await api.conversations.list.query({})).items.filter(
        (item) => item.title === 'hello there',
      );
      if (!conversation) throw new Error('the conversation of the step before is missing');
      await page.getByRole('button', { name: 'Actions for hello there' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: 'Download as Markdown' }).click(),
      ]);
      const saved = await readFile(await download.path());
      const answer = await fetch(`${server.origin}/export/conversations/${conversation.id}.md`, {
        headers: { authorization: `Bearer ${await sessionToken(page)}` },
      });
      expect(answer.status).toBe(200);
      const expected = Buffer.from(await answer.arrayBuffer());
      expect(saved.equals(expected)).toBe(true);
      expect(saved.toString()).toContain('hello there');
      expect(download.suggestedFilename()).toBe(`${conversation.id}.md`);
    });

    it('asks before deleting for good from the trash (a conversation, a task); "Keep it" keeps it', async () => {
      const [groceries] = (await api.conversations.list.query({})).items.filter((item) => item.title === 'Groceries');
      if (!groceries) throw new Error('Groceries is missing');
      await api.conversations.delete.mutate({ id: groceries.id });
      const task = await api.tasks.create.mutate({ title: 'sweep' });
      await api.tasks.delete.mutate({ id: task.id });
      await page.goto(`${server.origin}/#/trash`);

      const forever = page.getByRole('button', { name: 'Delete Groceries forever' });
      await forever.click();
      const question = page.getByRole('group', { name: 'Delete “Groceries” forever?' });
      await expect.poll(() => focusedText(page)).toBe('Delete forever');
      await question.getByRole('button', { name: 'Keep it' }).click();
      await expect.poll(() => focused(page)).toBe('Delete Groceries forever');
      expect((await api.conversations.trash.query({})).items.map((item) => item.id)).toEqual([groceries.id]);
      // Escape leaves it too.
      await forever.click();
      await page.keyboard.press('Escape');
      await expect.poll(() => question.count()).toBe(0);
      await forever.click();
      await question.getByRole('button', { name: 'Delete forever' }).click();
      await page.getByText('The trash is empty.').waitFor();
      expect((await api.conversations.trash.query({})).items).toEqual([]);

      await page.getByRole('button', { name: 'Delete task sweep forever' }).click();
      await page
        .getByRole('group', { name: 'Delete “sweep” forever?' })
        .getByRole('button', { name: 'Delete forever' })
        .click();
      await page.getByText('No deleted tasks.').waitFor();
      expect((await api.tasks.trash.query({})).items).toEqual([]);
    });
  });
});
