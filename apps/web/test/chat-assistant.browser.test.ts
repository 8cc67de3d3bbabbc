import type { Server } from 'node:http';
import { useServer } from '@taskchat/server/testing';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webDist } from '../build/build-inputs.ts';
import { launchChromium, messageWords, screenshot, sessionToken, signIn, watchProblems } from './browser.ts';
import { startScriptedModel } from './scripted-model.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** One signed-up user's page in its own browser context; every step ends with no problem on it. */
function usePage(origin: () => string, email: string) {
  let browser: Browser;
  const opened = {} as { page: Page; watcher: ReturnType<typeof watchProblems> };
  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, timezoneId: 'Europe/Berlin' });
    opened.page = await context.newPage();
    opened.watcher = watchProblems(opened.page);
    await signIn(opened.page, origin(), email, 'sign-up');
  });
  afterAll(() => browser?.close());
  afterEach(() => {
    const problems = [...opened.watcher.problems];
    opened.watcher.reset();
    expect(problems.join('\n')).toBe('');
  });
  return opened;
}

/** Opens an empty chat and waits for its introduction. */
async function newChat(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'New chat' }).click();
  await page.getByRole('heading', { name: 'New chat' }).waitFor();
}

/** The assistant's finished answers, each as its text. */
const answers = (page: Page) => page.locator('.messages li.message.assistant:not(.pending)');

describe('the assistant in the chat, offline (Chromium, the real server)', () => {
  const server = useServer({ WEB_ROOT: webDist });
  const opened = usePage(() => server.origin, 'ada@example.com');
  const api = () => server.client(() => sessionToken(opened.page));

  it('shows what the assistant can do in an empty chat, with three examples', async () => {
    const { page } = opened;
    await page.getByRole('link', { name: 'Chat', exact: true }).click();
    await page.getByRole('heading', { name: 'New chat' }).waitFor();
    // The heading can come before the empty chat's intro.
    await page.locator('.chat-intro li').first().waitFor();
    expect(await page.locator('.chat-intro li').count()).toBeGreaterThanOrEqual(3);
    const examples = page.getByRole('group', { name: 'Try:' }).getByRole('button');
    expect(await examples.allTextContents()).toEqual([
      'add buy milk tomorrow',
      "what's due this week?",
      'what can you do?',
    ]);
    // Under the composer, in small print: which assistant answers.
    expect(await page.locator('.composer + .assistant-line').textContent()).toBe(
      'Offline assistant — set CHAT_MODEL_BASE_URL and CHAT_MODEL for a model',
    );
    await screenshot(page, 'chat-empty');
  });

  it('sends an example when it is clicked; the help comes as a list', async () => {
    const { page } = opened;
    await page.getByRole('button', { name: 'what can you do?' }).click();
    await answers(page).first().waitFor();
    expect(await messageWords(page.locator('.messages li.message.user'))).toBe('You:what can you do?');
    // Focus went where the next message is written (the example left the screen).
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    expect(page.url()).toMatch(new RegExp(`#/chat/${UUID}$`));
    // The help's `- ` lines are a list, not text starting with dashes.
    const items = answers(page).first().locator('ul > li');
    expect(await items.count()).toBeGreaterThanOrEqual(2);
    expect(await answers(page).first().textContent()).not.toMatch(/(^|\n)- /);
    await screenshot(page, 'chat-help');
  });

  it('adds a task from an example: the chip says what changed and links to the task', async () => {
    const { page } = opened;
    await newChat(page);
    await page.getByRole('button', { name: 'add buy milk tomorrow' }).click();
    await answers(page).first().waitFor();
    const chip = answers(page).first().locator('a.chip');
    // "Added “buy milk”, due …" (the day read from the words), or the whole sentence as a title.
    expect(await chip.textContent()).toMatch(/^Added “buy milk/);
    expect(await chip.getAttribute('href')).toMatch(new RegExp(`^#/tasks/${UUID}$`));
    await chip.click();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    expect(await page.locator('.task.highlighted .task-title').textContent()).toMatch(/^buy milk/);
    await page.goBack();
    await answers(page).first().waitFor();
  });

  it('undoes the turn: its chip shows undone, a note says what was reverted, the task is gone', async () => {
    const { page } = opened;
    const answer = answers(page).first();
    await answer.getByRole('button', { name: /^Undo Added “buy milk/ }).click();
    const note = answer.locator('.undone-note');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/^Undone: Removed “buy milk.*”\.$/);
    // The button pressed is gone: focus is on what it did.
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('note undone-note');
    // Struck through, said to a screen reader, and no longer a link (the task it added is gone).
    expect(await answer.locator('.chip.undone').textContent()).toMatch(/^Added “buy milk.* \(undone\)$/);
    expect(await answer.locator('a.chip').count()).toBe(0);
    expect((await api().tasks.list.query({ view: 'all' })).items).toEqual([]);
  });

  it('shows the turn undone after a reload (chat.effects), with no Undo', async () => {
    const { page } = opened;
    await page.reload();
    const answer = answers(page).first();
    await answer.locator('.undone-note').waitFor();
    expect(await answer.locator('.undone-note').textContent()).toBe('Undone.');
    expect(await answer.locator('.chip.undone').count()).toBe(1);
    expect(await answer.getByRole('button', { name: /^Undo/ }).count()).toBe(0);
  });

  it('shows a turn undone elsewhere as undone when its Undo is pressed (CONFLICT), not as an error', async () => {
    const { page, watcher } = opened;
    await newChat(page);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('add call mom');
    await composer.press('Enter');
    const answer = answers(page).first();
    const undo = answer.getByRole('button', { name: /^Undo Added “call mom”/ });
    await undo.waitFor();

    // Another tab undoes it; this one has not heard yet (its refetch of the effects is held back).
    const held: Route[] = [];
    let holding = true;
    await page.route(/chat\.effects/, (route) => (holding ? void held.push(route) : route.continue()));
    const conversationId = new URL(page.url()).hash.split('/').at(-1) ?? '';
    const { items } = await api().messages.list.query({ conversationId, limit: 10 });
    const message = items.find((item) => item.role === 'assistant');
    expect((await api().chat.undo.mutate({ messageId: message?.id ?? '' })).reverted).toHaveLength(1);

    watcher.expect(/HTTP 409 .*chat\.undo/, /console error: Failed to load resource.*409/);
    await undo.click();
    await answer.locator('.undone-note').waitFor();
    expect(await answer.locator('.undone-note').textContent()).toBe('Undone.');
    expect(await answer.getByRole('alert').count()).toBe(0);
    expect(await answer.locator('.chip.undone').count()).toBe(1);

    // Once this tab hears, it still shows the answer undone.
    holding = false;
    for (const route of held) await route.continue();
    await page.unroute(/chat\.effects/);
    expect(held.length).toBeGreaterThan(0);
    await page.reload();
    await answers(page).first().locator('.undone-note').waitFor();
    expect(await answers(page).first().locator('.chip.undone').count()).toBe(1);
  });
});

describe('the assistant’s answers from a scripted model (Chromium, the real server)', () => {
  const env: NodeJS.ProcessEnv = { WEB_ROOT: webDist, CHAT_MODEL: 'scripted-model' };
  let model: Awaited<ReturnType<typeof startScriptedModel>>;
  let modelServer: Server | undefined;
  beforeAll(async () => {
    model = await startScriptedModel();
    modelServer = model.server;
    env.CHAT_MODEL_BASE_URL = model.baseUrl;
  });
  afterAll(() => modelServer?.close());
  const server = useServer(env);
  const opened = usePage(() => server.origin, 'grace@example.com');
  const api = () => server.client(() => sessionToken(opened.page));

  it('renders lists, emphasis, links and code blocks; raw HTML shows as text; unsafe addresses are dropped', async () => {
    const { page } = opened;
    model.script('format it', {
      text: [
        'Here is **what I found**:',
        '1. buy milk',
        '2. call mom',
        '',
        'See [the guide](https://example.com/guide) or [this](javascript:alert(1)).',
        '<b onclick="alert(1)">not bold</b>',
        'line one',
        'line two',
        '',
        '- eggs',
        '- bread',
        '',
        '```',
        'const tag = "<script>alert(1)</script>";',
        '  indented()',
        '```',
      ].join('\n'),
    });
    await page.getByRole('link', { name: 'Chat', exact: true }).click();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('format it');
    await composer.press('Enter');
    const answer = answers(page).first();
    await answer.waitFor();

    expect(await answer.locator('strong').textContent()).toBe('what I found');
    expect(await answer.locator('ol > li').allTextContents()).toEqual(['buy milk', 'call mom']);
    const guide = answer.getByRole('link', { name: 'the guide' });
    expect(await guide.getAttribute('href')).toBe('https://example.com/guide');
    expect(await guide.getAttribute('target')).toBe('_blank');
    expect(await guide.getAttribute('rel')).toContain('noopener');
    // A javascript: address loses its address: its text is no link.
    expect(await answer.locator('a', { hasText: 'this' }).count()).toBe(0);
    expect(await answer.textContent()).toContain('or this.');
    // Raw HTML is the text it is: no element, no handler.
    expect(await answer.locator('b').count()).toBe(0);
    expect(await answer.textContent()).toContain('<b onclick="alert(1)">not bold</b>');
    // A line break in the text is a line break.
    expect(await answer.locator('br').count()).toBeGreaterThanOrEqual(1);
    expect(await answer.locator('ul > li').allTextContents()).toEqual(['eggs', 'bread']);
    // A code block keeps its lines and indentation, its markup as text.
    expect(await answer.locator('pre > code').textContent()).toBe(
      'const tag = "<script>alert(1)</script>";\n  indented()\n',
    );
    expect(await answer.locator('script').count()).toBe(0);
  });

  it('shows one chip per task of a bulk change, in the result’s words; a deleted task’s chip is no link', async () => {
    const { page } = opened;
    model.script('add eggs and bread', {
      tools: [{ name: 'add_tasks', args: { tasks: [{ title: 'eggs' }, { title: 'bread', priority: 1 }] } }],
      text: 'Added 2 tasks.',
    });
    await newChat(page);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('add eggs and bread');
    await composer.press('Enter');
    await answers(page).first().waitFor();
    const added = answers(page).first().locator('.chip');
    expect(await added.allTextContents()).toEqual(['Added “eggs”', 'Added “bread”']);
    expect(await answers(page).first().locator('a.chip').count()).toBe(2);

    const tasks = (await api().tasks.list.query({ view: 'inbox' })).items;
    const eggs = tasks.find((task) => task.title === 'eggs');
    model.script('delete eggs', {
      tools: [{ name: 'delete_tasks', args: { taskIds: [eggs?.id] } }],
      text: 'Deleted it.',
    });
    await composer.fill('delete eggs');
    await composer.press('Enter');
    await answers(page).nth(1).waitFor();
    const deleted = answers(page).nth(1).locator('.chip');
    expect(await deleted.allTextContents()).toEqual(['Deleted “eggs”']);
    expect(await answers(page).nth(1).locator('a').count()).toBe(0);
  });

  it('shows an undo asked in words: its chips, and the turn it reverted as undone, live', async () => {
    const { page } = opened;
    model.script('undo that', { tools: [{ name: 'undo_last_turn', args: {} }], text: 'I put it back.' });
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('undo that');
    await composer.press('Enter');
    const undoTurn = answers(page).nth(2);
    await undoTurn.waitFor();
    // Its chip links to the task it restored once the effects say so; an undo offers no Undo.
    await undoTurn.getByRole('link', { name: 'Restored “eggs”' }).waitFor();
    expect(await undoTurn.getByRole('button', { name: /^Undo/ }).count()).toBe(0);
    // The delete it reverted shows undone, and its chip links again (the task is back).
    const deleteTurn = answers(page).nth(1);
    await deleteTurn.locator('.undone-note').waitFor();
    expect(await deleteTurn.getByRole('link', { name: 'Deleted “eggs” (undone)' }).count()).toBe(1);
    expect(await deleteTurn.getByRole('button', { name: /^Undo/ }).count()).toBe(0);
    // The adds before it were not undone: still offered.
    await answers(page).first().getByRole('button', { name: 'Undo Added “eggs” and 1 more' }).waitFor();
    await screenshot(page, 'chat-undo');
  });

  it('names the model under the composer', async () => {
    expect(await opened.page.locator('.composer + .assistant-line').textContent()).toBe('Model: scripted-model');
  });
});
