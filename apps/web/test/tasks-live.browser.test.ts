import type { TaskchatClient } from '@taskchat/client';
import { useServer } from '@taskchat/server/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { webDist } from '../build/build-inputs.ts';
import { screenshot, sessionToken, signIn, useChromium, waitForLive } from './browser.ts';

const EMAIL = 'lin@example.com';

/** Live changes across browsers, reminders that come due, and the time-zone offer. */
describe('tasks live across browsers, reminders and the time zone (Chromium, the real server)', () => {
  const server = useServer({ WEB_ROOT: webDist });
  const chromium = useChromium();
  let api: TaskchatClient;

  /** A browser of its own (its own storage and session), in `timezoneId`. */
  const openBrowser = (timezoneId = 'Europe/Berlin') =>
    chromium.newPage({ viewport: { width: 1200, height: 800 }, timezoneId });

  let first: Page;
  let second: Page;

  it('shows a task added in one browser in another within two seconds', async () => {
    first = await openBrowser();
    await signIn(first, server.origin, EMAIL, 'sign-up');
    api = server.client(await sessionToken(first));
    second = await openBrowser();
    await signIn(second, server.origin, EMAIL, 'sign-in');
    await Promise.all([waitForLive(first), waitForLive(second)]);
    // Signing in lands on the chat: both go to the task list.
    for (const page of [first, second]) await page.getByRole('link', { name: 'Tasks' }).click();
    await second.getByRole('heading', { name: 'Inbox' }).waitFor();

    await first.getByLabel('New task').fill('water the ferns');
    await first.getByLabel('New task').press('Enter');
    await first.locator('.task', { hasText: 'water the ferns' }).waitFor();
    const added = Date.now();
    await second.locator('.task', { hasText: 'water the ferns' }).waitFor({ timeout: 2_000 });
    expect(Date.now() - added).toBeLessThan(2_000);

    // A completion elsewhere (the API, as another device would) shows too.
    const [task] = (await api.tasks.list.query({ view: 'inbox' })).items;
    await api.tasks.complete.mutate({ id: task?.id ?? '' });
    await second.locator('.task', { hasText: 'water the ferns' }).waitFor({ state: 'detached', timeout: 2_000 });
  });

  it('shows a reminder that comes due in the app, once, and not again after a reload', async () => {
    const at = new Date(Date.now() + 2_500);
    await api.tasks.create.mutate({ title: 'take the cake out', reminders: [{ at }] });
    const notice = (page: Page) =>
      page.getByRole('status').locator('.notice.reminder', { hasText: 'take the cake out' });
    await notice(second).waitFor({ timeout: 15_000 });
    await notice(first).waitFor({ timeout: 5_000 });
    expect(await notice(second).getByRole('link', { name: 'Open task' }).getAttribute('href')).toMatch(/^#\/tasks\//);
    await screenshot(second, 'reminder');

    // The start's catch-up must not bring the shown reminder back.
    const caughtUp = second.waitForResponse((response) => response.url().includes('reminders.list'));
    await second.reload();
    await waitForLive(second);
    await caughtUp;
    await second.evaluate(() => new Promise((done) => setTimeout(done, 300)));
    expect(await notice(second).count()).toBe(0);
  });

  it('lists on start a reminder delivered while no tab was open', async () => {
    await second.close();
    const at = new Date(Date.now() + 2_000);
    await api.tasks.create.mutate({ title: 'move the car', reminders: [{ at }] });
    await expect
      .poll(async () => (await api.reminders.list.query({})).items.map((reminder) => reminder.taskTitle), {
        timeout: 15_000,
      })
      .toContain('move the car');
    // `first` heard it live; a new tab of the second browser shows it from reminders.list.
    second = await chromium.newTab(second);
    await second.goto(`${server.origin}/`);
    const notice = second.getByRole('status').locator('.notice.reminder', { hasText: 'move the car' });
    await notice.waitFor();
    expect(await notice.count()).toBe(1);
    expect(await second.locator('.notice.reminder', { hasText: 'take the cake out' }).count()).toBe(0);
  });

  it('shows a browser notification too, once, where the user allowed them', async () => {
    const allowed = await openBrowser();
    // Chromium's notifications need a display; the page's Notification records what it is asked to show.
    await allowed.context().addInitScript(() => {
      const shown: { title: string; body?: string; tag?: string }[] = [];
      Object.assign(window, { shownNotifications: shown });
      class RecordedNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        constructor(title: string, options: NotificationOptions = {}) {
          shown.push({
            title,
            ...(options.body ? { body: options.body } : {}),
            ...(options.tag ? { tag: options.tag } : {}),
          });
        }
      }
      Object.assign(window, { Notification: RecordedNotification });
    });
    await signIn(allowed, server.origin, EMAIL, 'sign-in');
    await waitForLive(allowed);
    // Allowed already: no button asks again.
    expect(await allowed.getByRole('button', { name: 'Enable notifications' }).count()).toBe(0);
    expect(await first.getByRole('button', { name: 'Enable notifications' }).count()).toBe(1);

    await api.tasks.create.mutate({ title: 'feed the cat', reminders: [{ at: new Date(Date.now() + 2_000) }] });
    await allowed
      .getByRole('status')
      .locator('.notice.reminder', { hasText: 'feed the cat' })
      .waitFor({ timeout: 15_000 });
    const shown = () =>
      allowed.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications);
    await expect
      .poll(shown)
      .toEqual([{ title: 'Taskchat reminder', body: 'feed the cat', tag: expect.stringMatching(/^reminder-/) }]);
    // Earlier reminders, delivered before this browser first came, are not brought up.
    expect(await allowed.locator('.notice.reminder').count()).toBe(1);
  });

  it('offers to switch the profile to this browser’s time zone, and does', async () => {
    const traveller = await openBrowser('America/New_York');
    await signIn(traveller, server.origin, EMAIL, 'sign-in');
    const banner = traveller.getByRole('region', { name: 'Time zone' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Europe/Berlin');
    await banner.getByRole('button', { name: 'Use America/New York' }).click();
    await banner.waitFor({ state: 'detached' });
    expect((await api.auth.me.query()).timeZone).toBe('America/New_York');
  });
});
