import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.js';
import { MODELS, ROOT } from './helpers/env.js';
import { closeDatabases } from '../src/app/open.js';
import type { TutorConfig } from '../src/config.js';
import { startLocalPostgres, type LocalPostgres } from '../bench/postgresServer.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/**
 * The student's side in real Chromium over a real server and database: progress that survives a
 * reload and belongs to one browser only, review cards coming due on a moved clock, the page in
 * Swedish and Danish, a student's answer shown as text. Screenshots at desktop and phone width.
 */
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const DAY_MS = 24 * 3600 * 1000;

let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'web', 'app.js'))) throw new Error('dist/web is missing: run `npm run build` first');
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function student(
  url: string,
  locale: string,
  viewport = { width: 1100, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport });
  await context.addInitScript(() => localStorage.setItem('tutor.explain', 'off'));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(url);
  await page.waitForSelector('#status[data-state="open"]');
  return { context, page };
}

/** Draws a multiple-choice question with the button, picks its first option and waits for the grade. */
async function answerOne(page: Page): Promise<void> {
  const before = await page.locator('.card').count();
  await page.selectOption('#quiz-kind', 'mcq');
  await page.click('#quiz-start');
  const card = page.locator('.card').nth(before);
  await card.locator('button.option').first().click();
  await card.locator('.actions button').click();
  await card.locator('.grade .verdict').waitFor();
}

describe.each(['pglite', 'postgres'] as const)("a student's progress in headless Chromium, stored on %s", (engine) => {
  let ctx: TestServer;
  let postgres: LocalPostgres | undefined;
  let url: string;
  let now = Date.now();
  const shot = (name: string) => path.join(SHOTS, `${name}-${engine}.png`);

  beforeAll(async () => {
    if (engine === 'postgres') postgres = await startLocalPostgres(MODELS);
    const configure = (config: TutorConfig): TutorConfig => (postgres ? { ...config, databaseUrl: postgres.url } : config);
    ctx = await startTestServer(`web-progress-${engine}`, undefined, configure, () => new Date(now));
    url = `http://127.0.0.1:${ctx.server.port}/`;
  });

  afterAll(async () => {
    await ctx?.server.close();
    await closeDatabases();
    await postgres?.stop();
  });

  it('the page speaks Swedish, three answers survive a reload, and another browser is another student', async () => {
    const { context, page } = await student(url, 'sv-SE');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('sv');
    await expect(page.locator('#quiz-start').textContent()).resolves.toBe('Ge mig en fråga');
    await expect(page.locator('#ask-send').textContent()).resolves.toBe('Fråga');
    for (let i = 0; i < 3; i++) await answerOne(page);
    await expect(page.locator('.card .grade').first().textContent()).resolves.toMatch(/Rätt|Inte rätt|Delvis rätt/);
    await expect.poll(() => page.locator('#score').textContent()).toMatch(/^Poäng: \d av 3 rätt$/);
    const score = await page.locator('#score').textContent();
    await page.screenshot({ path: shot('20-progress-sv-desktop') });

    await page.reload();
    await page.waitForSelector('#status[data-state="open"]');
    await expect.poll(() => page.locator('#score').textContent()).toBe(score);
    await page.click('#score');
    await page.locator('#progress .history-item').first().waitFor();
    await expect(page.locator('#progress .history-item').count()).resolves.toBe(3);
    await expect(page.locator('#progress .count dd').first().textContent()).resolves.toBe('3');
    const topics = (await ctx.tutor.knowledge.topics()).topics.length;
    await expect(page.locator('#progress .mastery-chart .mastery-bar').count()).resolves.toBe(topics);
    await expect(page.locator('#progress h3').first().textContent()).resolves.toBe('Behärskning per ämne');
    await page.screenshot({ path: shot('21-progress-panel-sv-desktop') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: shot('21-progress-panel-sv-phone') });

    const other = await student(url, 'da-DK', { width: 390, height: 844 });
    await expect(other.page.locator('html').getAttribute('lang')).resolves.toBe('da');
    await expect(other.page.locator('#score').textContent()).resolves.toBe('Point: —');
    await other.page.click('#score');
    // The panel shows "loading" first, and again when the topic names in Danish arrive.
    await expect.poll(() => other.page.locator('#progress').textContent(), { timeout: 30_000 }).toContain('Ingen rettede svar endnu.');
    await expect(other.page.locator('#progress .history-item').count()).resolves.toBe(0);
    await other.page.screenshot({ path: shot('22-progress-panel-da-phone') });
    await other.page.keyboard.press('Escape');
    await other.page.screenshot({ path: shot('23-page-da-phone') });
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await other.context.close();
    await context.close();
  });

  it('the page language can be switched and is remembered', async () => {
    const { context, page } = await student(url, 'da-DK');
    await expect(page.locator('#quiz-start').textContent()).resolves.toBe('Giv mig en opgave');
    await page.screenshot({ path: shot('25-page-da-desktop') });
    await page.selectOption('#ui-lang', 'nb');
    await expect(page.locator('#quiz-start').textContent()).resolves.toBe('Gi meg en oppgave');
    await page.reload();
    await page.waitForSelector('#status[data-state="open"]');
    await expect(page.locator('#quiz-start').textContent()).resolves.toBe('Gi meg en oppgave');
    await expect(page.locator('#status').textContent()).resolves.toBe('Tilkoblet');
    await context.close();
  });

  it('review cards come due when time passes, and the Review button serves them', async () => {
    const { context, page } = await student(url, 'en-GB');
    await page.click('#quiz-review');
    await expect.poll(() => page.locator('.message.tutor').last().textContent()).toContain('Nothing to review yet');
    await answerOne(page);
    await answerOne(page);
    await expect.poll(() => page.locator('#score').textContent()).toMatch(/of 2 correct/);
    await expect(page.locator('#quiz-review').textContent()).resolves.toBe('Review');
    now += 60 * DAY_MS;
    await page.reload();
    await page.waitForSelector('#status[data-state="open"]');
    await expect.poll(() => page.locator('#quiz-review').textContent()).toBe('Review (2 due)');
    // The reloaded page restores the earlier cards: wait for the review card to be added after them.
    const before = await page.locator('.card').count();
    await page.click('#quiz-review');
    await expect.poll(() => page.locator('.card').count()).toBeGreaterThan(before);
    const card = page.locator('.card').last();
    await card.locator('.kind').waitFor();
    await expect(card.locator('.kind').textContent()).resolves.toMatch(/Review/);
    await page.screenshot({ path: shot('24-review-due-en') });
    await context.close();
  });

  it("a student's answer is shown as text in the history", async () => {
    const { context, page } = await student(url, 'en-GB');
    await page.selectOption('#quiz-kind', 'open');
    await page.click('#quiz-start');
    const card = page.locator('.card').last();
    await card.locator('textarea').waitFor();
    const attack = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> dropout';
    await card.locator('textarea').fill(attack);
    await card.locator('.actions button').click();
    await card.locator('.grade .verdict').waitFor({ timeout: 120_000 });
    await page.click('#score');
    await page.locator('#progress .history-answer').first().waitFor();
    await expect(page.locator('#progress .history-answer').first().textContent()).resolves.toBe(`Your answer: ${attack}`);
    await expect(page.locator('#progress .history-answer img, #progress .history-answer script').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await context.close();
  });
});
