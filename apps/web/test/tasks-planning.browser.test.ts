import type { TaskchatClient } from '@taskchat/client';
import { useServer } from '@taskchat/server/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webDist } from '../build/build-inputs.ts';
import { focused, launchChromium, screenshot, sessionToken, signIn, waitForLive, watchProblems } from './browser.ts';

/** The zone the browser (and so the account) is in: dates below are Berlin's. */
const ZONE = 'Europe/Berlin';

function dateIn(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

const weekday = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );

/** The titles in a list, in order (`.task-title` holds the ↻ mark too: only the title's own text). */
const titles = (page: Page, list = '.task-view') =>
  page
    .locator(`${list} .task-list > .task > .task-line .task-title`)
    .evaluateAll((nodes) => nodes.map((node) => node.firstChild?.textContent ?? ''));

/** A link of the task navigation (rows have project and label links too). */
const navLink = (page: Page, name: string, exact = false) =>
  page.getByRole('navigation', { name: 'Task lists' }).getByRole('link', { name, exact });

describe('planning tasks in the web app (Chromium, the real server)', () => {
  const server = useServer({ WEB_ROOT: webDist });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: TaskchatClient;
  let watcher: ReturnType<typeof watchProblems>;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1200, height: 800 }, timezoneId: ZONE });
    page = await context.newPage();
    watcher = watchProblems(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  afterEach(() => {
    const problems = [...watcher.problems];
    watcher.reset();
    expect(problems.join('\n')).toBe('');
  });

  it('signs up in the browser’s time zone; Tasks opens the Inbox', async () => {
    await signIn(page, server.origin, 'ada@example.com', 'sign-up');
    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    api = server.client(await sessionToken(page));
    expect((await api.auth.me.query()).timeZone).toBe(ZONE);
    // Browser and profile agree: no offer to change the zone.
    expect(await page.getByRole('region', { name: 'Time zone' }).count()).toBe(0);
    await waitForLive(page);
  });

  it('quick add marks what it recognises as it is typed, and Enter adds the task with those fields', async () => {
    const field = page.getByLabel('New task');
    await field.fill('pay rent tomorrow p1 @bills');
    const chips = page.getByRole('list', { name: 'Recognised' }).getByRole('listitem');
    await expect.poll(() => chips.allTextContents()).toEqual(['Due Tomorrow', 'p1', '@bills']);
    expect(await page.locator('.quick-add-mirror mark').allTextContents()).toEqual(['tomorrow', 'p1', '@bills']);
    expect(await page.locator('.quick-add-mirror mark').evaluateAll((marks) => marks.map((m) => m.className))).toEqual([
      'qa-due',
      'qa-priority',
      'qa-label',
    ]);
    await field.press('Enter');
    const row = page.locator('.task', { hasText: 'pay rent' });
    await row.waitFor();
    expect(await field.inputValue()).toBe('');
    expect(await focused(page)).toBe(await field.getAttribute('id'));
    expect(await row.locator('.due').textContent()).toBe('Tomorrow');
    expect(await row.locator('.chip.priority').textContent()).toBe('P1');
    expect(await row.locator('.chip.label').textContent()).toBe('@bills');

    const [task] = (await api.tasks.list.query({ view: 'inbox' })).items;
    expect(task).toMatchObject({
      title: 'pay rent',
      priority: 1,
      labels: ['bills'],
      due: { date: dateIn(1), time: null },
    });
    // The label is in the navigation, and its view lists the task.
    await navLink(page, '@bills').click();
    await page.getByRole('heading', { name: '@bills' }).waitFor();
    await expect.poll(() => titles(page)).toEqual(['pay rent']);
  });

  it('creates a project from the navigation; quick add in its view puts tasks there', async () => {
    await page.getByLabel('New project').fill('Home');
    await page.getByLabel('New project').press('Enter');
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    expect(page.url()).toMatch(/#\/tasks\/project\/[0-9a-f-]{36}$/);
    const field = page.getByLabel('New task');
    for (const title of ['sweep', 'dust', 'mop']) {
      await field.fill(title);
      await field.press('Enter');
      await page.locator('.task', { hasText: title }).waitFor();
    }
    await expect.poll(() => titles(page)).toEqual(['sweep', 'dust', 'mop']);
    const home = (await api.projects.list.query({})).find((project) => project.name === 'Home');
    expect((await api.tasks.list.query({ projectId: home?.id ?? '' })).items.map((task) => task.title)).toEqual([
      'sweep',
      'dust',
      'mop',
    ]);
  });

  it('reorders from the keyboard (the handle, Space, arrows, Space) and from the menu; the order persists', async () => {
    const handle = page.getByRole('button', { name: 'Reorder mop' });
    await handle.focus();
    // Each step is announced (by title and position): the next key waits for it.
    const announced = (text: string) => page.getByText(text, { exact: true }).waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    await announced('mop is over position 3 of 3.');
    // An arrow key pressed while the list is measured again (a live refetch) can be lost: the
    // step is pressed again until it is announced; a key never moves past the first place.
    const step = async (text: string) => {
      for (let tries = 0; tries < 5; tries++) {
        await page.keyboard.press('ArrowUp');
        const heard = await page
          .getByText(text, { exact: true })
          .waitFor({ state: 'attached', timeout: 2_000 })
          .then(
            () => true,
            () => false,
          );
        if (heard) return;
      }
      throw new Error(`never announced: ${text}`);
    };
    await step('mop is over position 2 of 3.');
    await step('mop is over position 1 of 3.');
    await page.keyboard.press('Space');
    await announced('Dropped mop at position 1 of 3.');
    await expect.poll(() => titles(page)).toEqual(['mop', 'sweep', 'dust']);
    await page.getByLabel('Actions for sweep').click();
    await page.getByRole('menuitem', { name: 'Move down' }).click();
    await expect.poll(() => titles(page)).toEqual(['mop', 'dust', 'sweep']);
    await page.reload();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await expect.poll(() => titles(page)).toEqual(['mop', 'dust', 'sweep']);
  });

  it('groups Today (overdue first, in red) and Upcoming by day', async () => {
    const due = (days: number) => ({ date: dateIn(days) });
    await api.tasks.create.mutate({ title: 'file taxes', due: due(-2) });
    await api.tasks.create.mutate({ title: 'call the bank', due: due(0) });
    await api.tasks.create.mutate({ title: 'book flights', due: due(3) });
    await navLink(page, 'Today', true).click();
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await expect.poll(() => page.locator('.day-heading').allTextContents()).toEqual(['Overdue', 'Today']);
    await expect.poll(() => titles(page)).toEqual(['file taxes', 'call the bank']);
    const overdue = page.locator('.task', { hasText: 'file taxes' }).locator('.due');
    expect(await overdue.getAttribute('class')).toContain('overdue');
    expect(await overdue.evaluate((node) => getComputedStyle(node).color)).toBe('rgb(180, 35, 24)');
    expect(await page.locator('.task', { hasText: 'call the bank' }).locator('.due.overdue').count()).toBe(0);

    await navLink(page, 'Upcoming').click();
    await page.getByRole('heading', { name: 'Upcoming', level: 1 }).waitFor();
    await expect
      .poll(() => page.locator('.day-heading').allTextContents())
      .toEqual(['Overdue', 'Today', 'Tomorrow', weekday(dateIn(3))]);
    await expect.poll(() => titles(page)).toEqual(['file taxes', 'call the bank', 'pay rent', 'book flights']);
    await screenshot(page, 'tasks-upcoming');
  });

  it('edits due date and time, priority, labels, repeat and a reminder in the dialog', async () => {
    await page.getByRole('button', { name: 'Edit book flights' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Due date').fill(dateIn(1));
    await dialog.getByLabel('Time (optional)').fill('15:30');
    await dialog.getByLabel('Priority').selectOption('2');
    await dialog.getByLabel('Labels').fill('travel urgent');
    await dialog.getByLabel('Repeat').selectOption('monthly');
    await dialog.getByLabel('Minutes before due').fill('45');
    await dialog.getByRole('button', { name: 'Add reminder before due' }).click();
    await dialog.getByText('45 min before').waitFor();
    await screenshot(page, 'task-editor');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('Edit book flights');

    const row = page.locator('.task', { hasText: 'book flights' });
    await expect.poll(() => row.locator('.due').textContent()).toBe('Tomorrow 15:30');
    expect(await row.locator('.chip.priority').textContent()).toBe('P2');
    expect(await row.locator('.chip.label').allTextContents()).toEqual(['@travel', '@urgent']);
    expect(await row.locator('.repeat').count()).toBe(1);
    const task = (await api.tasks.list.query({ view: 'upcoming' })).items.find((item) => item.title === 'book flights');
    expect(task).toMatchObject({
      due: { date: dateIn(1), time: '15:30' },
      priority: 2,
      labels: ['travel', 'urgent'],
      recurrence: 'FREQ=MONTHLY',
      reminders: [{ minutesBefore: 45, at: null }],
    });

    // The reminder can be removed again.
    await page.getByRole('button', { name: 'Edit book flights' }).click();
    await dialog.getByRole('button', { name: 'Remove reminder 45 min before' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(
        async () =>
          (await api.tasks.list.query({ view: 'upcoming' })).items.find((i) => i.title === 'book flights')?.reminders,
      )
      .toEqual([]);
  });

  it('adds subtasks under their parent, indented, and folds them', async () => {
    await navLink(page, 'Home').click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await page.getByLabel('Actions for dust').click();
    await page.getByRole('menuitem', { name: 'Add subtask' }).click();
    const field = page.getByLabel('New subtask of dust');
    await field.fill('dust the shelves');
    await field.press('Enter');
    await field.fill('dust the lamps');
    await field.press('Enter');
    const subtasks = page.getByRole('list', { name: 'Subtasks of dust' });
    await expect
      .poll(() => subtasks.locator('.task-title').allTextContents())
      .toEqual(['dust the shelves', 'dust the lamps']);
    // Nested, not beside: the project's own rows are still three.
    expect(await titles(page)).toEqual(['mop', 'dust', 'sweep']);
    await field.press('Escape');
    await page.getByRole('button', { name: 'Subtasks of dust' }).click();
    expect(await subtasks.count()).toBe(0);
    await page.getByRole('button', { name: 'Subtasks of dust' }).click();
    await subtasks.waitFor();
    const parent = (
      await api.tasks.list.query({
        projectId: (await api.projects.list.query({})).find((p) => p.name === 'Home')?.id ?? '',
      })
    ).items;
    const dust = parent.find((task) => task.title === 'dust');
    expect(parent.filter((task) => task.parentId === dust?.id).map((task) => task.title)).toEqual([
      'dust the shelves',
      'dust the lamps',
    ]);
  });

  it('undoes a completion and a deletion from the notice, by keyboard', async () => {
    await page.getByLabel('Done: mop').check();
    const notice = page.getByRole('status').locator('.notice', { hasText: 'Completed “mop”.' });
    await notice.waitFor();
    await expect.poll(() => titles(page)).toEqual(['dust', 'sweep']);
    await notice.getByRole('button', { name: 'Undo' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => titles(page)).toEqual(['mop', 'dust', 'sweep']);
    expect(await page.getByLabel('Done: mop').isChecked()).toBe(false);

    await page.getByLabel('Actions for sweep').click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const deleted = page.getByRole('status').locator('.notice', { hasText: 'Deleted “sweep”.' });
    await deleted.waitFor();
    await expect.poll(() => titles(page)).toEqual(['mop', 'dust']);
    await deleted.getByRole('button', { name: 'Undo' }).press('Enter');
    await expect.poll(() => titles(page)).toEqual(['mop', 'dust', 'sweep']);

    // Ctrl+Z, from wherever the focus is outside a text field, undoes the latest.
    await page.getByLabel('Done: dust', { exact: true }).check();
    await page.getByRole('status').locator('.notice', { hasText: 'Completed “dust”.' }).waitFor();
    await expect.poll(() => titles(page)).toEqual(['mop', 'sweep']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => titles(page)).toEqual(['mop', 'dust', 'sweep']);
    // Completing dust completed its subtasks; undoing brought them back too.
    await expect
      .poll(() => page.getByRole('list', { name: 'Subtasks of dust' }).locator('.task-title').allTextContents())
      .toEqual(['dust the shelves', 'dust the lamps']);
  });

  it('completes a recurring task: it stays, due at its next occurrence; Undo moves the due date back', async () => {
    await navLink(page, 'Inbox', true).click();
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    const field = page.getByLabel('New task');
    await field.fill('water the plants every day');
    const chips = page.getByRole('list', { name: 'Recognised' }).getByRole('listitem');
    await expect.poll(() => chips.allTextContents()).toEqual(['every day']);
    await field.press('Enter');
    const row = page.locator('.task', { hasText: 'water the plants' });
    await row.waitFor();
    expect(await row.locator('.repeat').count()).toBe(1);
    expect(await row.locator('.due').textContent()).toBe('Today');

    await page.getByLabel('Done: water the plants').check();
    const notice = page.getByRole('status').locator('.notice', { hasText: 'Completed “water the plants”.' });
    await notice.waitFor();
    expect(await notice.locator('.notice-text').textContent()).toBe('Completed “water the plants”. Next: Tomorrow.');
    await expect.poll(() => row.locator('.due').textContent()).toBe('Tomorrow');
    await expect.poll(() => page.getByLabel('Done: water the plants').isChecked()).toBe(false);
    await notice.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => row.locator('.due').textContent()).toBe('Today');
  });

  it('renames, recolours, archives and deletes a project from its menu', async () => {
    await page.getByLabel('New project').fill('Garage');
    await page.getByLabel('New project').press('Enter');
    await page.getByRole('heading', { name: 'Garage', level: 1 }).waitFor();
    const act = async (project: string, action: string) => {
      await page.getByLabel(`Actions for project ${project}`).click();
      await page
        .getByRole('menu', { name: `Actions for project ${project}` })
        .getByRole('menuitem', { name: action, exact: true })
        .click();
    };
    await act('Garage', 'Rename');
    await page.getByLabel('New name for Garage').fill('Shed');
    await page.getByLabel('New name for Garage').press('Enter');
    await page.getByRole('heading', { name: 'Shed', level: 1 }).waitFor();
    // Focus is back on the project's link.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('.nav-item')?.textContent))
      .toContain('Shed');
    const shed = async () => (await api.projects.list.query({})).find((project) => project.name === 'Shed');

    await act('Shed', 'Colour');
    await page.getByLabel('Colour of Shed').selectOption('teal');
    await expect.poll(async () => (await shed())?.color).toBe('teal');

    await act('Shed', 'Archive');
    await expect.poll(() => navLink(page, 'Shed').count()).toBe(0);
    await page.getByRole('button', { name: 'Archived projects (1)' }).click();
    await navLink(page, 'Shed').waitFor();
    await act('Shed', 'Unarchive');
    await expect.poll(async () => (await shed())?.archived).toBe(false);

    await act('Shed', 'Delete');
    await page.getByRole('button', { name: 'Delete “Shed”' }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await expect.poll(() => navLink(page, 'Shed').count()).toBe(0);
    expect(await shed()).toBeUndefined();
  });

  it('restores a deleted task from the trash after the undo has gone', async () => {
    await navLink(page, 'Home').click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByLabel('Actions for sweep').click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Dismiss: Deleted “sweep”.' }).click();
    await page.getByRole('link', { name: 'Trash' }).click();
    await page.getByRole('list', { name: 'Deleted tasks' }).getByText('sweep').waitFor();
    await page.getByRole('button', { name: 'Restore task sweep' }).click();
    await page.getByText('No deleted tasks.').waitFor();
    await expect.poll(() => focused(page)).toBe('deleted-tasks-title');
    await page.goBack();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await expect.poll(() => titles(page)).toContain('sweep');
  });

  it('fits a phone screen: the lists fold behind a button, the field stays in view', async () => {
    const phone = await context.newPage();
    const phoneWatcher = watchProblems(phone);
    await phone.setViewportSize({ width: 375, height: 812 });
    await phone.goto(`${server.origin}/#/tasks/upcoming`);
    await phone.getByRole('heading', { name: 'Upcoming', level: 1 }).waitFor();
    await expect.poll(() => titles(phone)).toHaveLength(5);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await phone.getByRole('navigation', { name: 'Task lists' }).isVisible()).toBe(false);
    await phone.getByRole('button', { name: 'Lists' }).click();
    await navLink(phone, 'Home').click();
    await phone.getByRole('heading', { name: 'Home' }).waitFor();
    expect(await phone.getByLabel('New task').isVisible()).toBe(true);
    await screenshot(phone, 'tasks-phone');
    // Scrolled to the end of the list, the field is still on screen.
    await phone.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const box = await phone.getByLabel('New task').boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 812).toBe(true);
    expect(phoneWatcher.problems).toEqual([]);
    await phone.close();
  });
});
