import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_PASSWORD } from '@taskchat/db/testing';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** Debian's Chromium (`.ci/run` installs the `chromium` package); never a browser a script downloads. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Where the tests' screenshots go: a git-ignored folder, so a test run leaves the checkout as it was.
 * `UPDATE_SCREENSHOTS=1` (`pnpm screenshots`) writes the committed ones the docs show instead.
 */
export const SCREENSHOTS = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOTS === '1' ? '../../../docs/screenshots/' : './screenshots/', import.meta.url),
);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // No sandbox as root (CI); nothing that phones home, which a closed network refuses noisily.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** What `watchProblems` sees on a page. */
export interface ProblemWatch {
  problems: string[];
  expect: (...patterns: RegExp[]) => void;
  reset: () => void;
}

const watches = new WeakMap<Page, ProblemWatch>();

/**
 * What went wrong on a page: console errors, uncaught exceptions, failed requests and error
 * responses. `expect(...)` names the ones a step provokes on purpose (a refused sign-up).
 */
export function watchProblems(page: Page): ProblemWatch {
  const problems: string[] = [];
  const expected: RegExp[] = [];
  const note = (problem: string) => {
    if (!expected.some((pattern) => pattern.test(problem))) problems.push(problem);
  };
  page.on('console', (message) => {
    if (message.type() === 'error') note(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => note(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) note(`HTTP ${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    // Cancelled by the page itself: a query superseded by a newer fetch, a stream closed when it
    // is done or when its page goes away. Every other failure (refused, reset, timed out) counts.
    const error = request.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') note(`request failed: ${request.url()} ${error}`);
  });
  const watch: ProblemWatch = {
    problems,
    expect: (...patterns) => expected.push(...patterns),
    /** Starts over for the next step: nothing seen, nothing expected. */
    reset: () => {
      problems.splice(0);
      expected.splice(0);
    },
  };
  watches.set(page, watch);
  return watch;
}

/** What `watchProblems` watches on `page` (one `useChromium` opened, say): to `expect` what a step provokes there. */
export function problemsOn(page: Page): ProblemWatch {
  const watch = watches.get(page);
  if (!watch) throw new Error('problemsOn(): this page is not watched');
  return watch;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Signs in (or up) through the form and waits for the signed-in frame. */
export async function signIn(page: Page, origin: string, email: string, mode: 'sign-in' | 'sign-up'): Promise<void> {
  await page.goto(`${origin}/`);
  if (mode === 'sign-up') await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: mode === 'sign-up' ? 'Sign up' : 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The page's session token, for driving the API beside the page (`server.client(token)`). */
export function sessionToken(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('taskchat.session'));
}

/** Waits until the page follows `tasks.onChange` (a change made before that would only show on a refetch). */
export async function waitForLive(page: Page): Promise<void> {
  await page.locator('.shell[data-live="on"]').waitFor();
}

/** The accessible name or text of the focused element. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return element?.getAttribute('aria-label') ?? element?.id ?? element?.textContent ?? null;
  });

/**
 * A Chromium for the tests of a describe block: launched before them, closed after them with the
 * contexts it opened. Each test fails on any problem `watchProblems` saw on any of its pages.
 */
export function useChromium() {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const watchers: ReturnType<typeof watchProblems>[] = [];
  const watched = (page: Page) => {
    watchers.push(watchProblems(page));
    return page;
  };
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });
  afterEach(() => {
    const problems = watchers.flatMap((watcher) => watcher.problems);
    for (const watcher of watchers) watcher.reset();
    expect(problems).toEqual([]);
  });
  return {
    /** A watched page in a context of its own (its own storage, so its own session). */
    async newPage(options: BrowserContextOptions = {}): Promise<Page> {
      const context = await browser.newContext(options);
      contexts.push(context);
      return watched(await context.newPage());
    },
    /** Another watched tab of the browser (the context) `page` is in: the same storage and session. */
    async newTab(page: Page): Promise<Page> {
      return watched(await page.context().newPage());
    },
  };
}

/**
 * What is wrong with where each element is: not wholly inside the window (scrollbars excluded),
 * or something else on top at its centre (`document.elementFromPoint` is neither it nor inside it).
 */
export function placementProblems(elements: Locator): Promise<string[]> {
  return elements.evaluateAll((nodes) =>
    nodes.length === 0
      ? ['nothing matches']
      : nodes.flatMap((node) => {
          const name = node.getAttribute('aria-label') ?? node.textContent;
          const box = node.getBoundingClientRect();
          const { clientWidth, clientHeight } = document.documentElement;
          const problems: string[] = [];
          if (box.width === 0 || box.height === 0) problems.push(`${name}: not shown`);
          if (box.left < 0 || box.top < 0 || box.right > clientWidth || box.bottom > clientHeight) {
            problems.push(`${name}: outside the window (${box.left},${box.top} to ${box.right},${box.bottom})`);
          }
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          if (!hit || !node.contains(hit)) problems.push(`${name}: covered by ${hit?.outerHTML.slice(0, 80)}`);
          return problems;
        }),
  );
}

/** A message's words as a screen reader starts it ("You:…"), without its tools (edit, regenerate, votes, branches). */
export function messageWords(message: Locator): Promise<string | null> {
  return message.evaluate((node) => {
    const copy = node.cloneNode(true) as Element;
    copy.querySelector('.message-tools')?.remove();
    return copy.textContent;
  });
}
