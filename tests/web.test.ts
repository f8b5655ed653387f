import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.js';
import { ROOT } from './helpers/env.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

let ctx: TestServer;
let browser: Browser;
let url: string;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'web', 'app.js'))) throw new Error('dist/web is missing: run `npm run build` first');
  fs.mkdirSync(SHOTS, { recursive: true });
  console.log(`screenshots: ${SHOTS}`);
  ctx = await startTestServer('web');
  url = `http://127.0.0.1:${ctx.server.port}/`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await ctx?.server.close();
});

/** A page as a student opens it; `explain: false` switches explanations off first (they keep the model busy). */
async function openPage(viewport = { width: 1100, height: 900 }, { explain = false } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript((on: boolean) => {
    if (!sessionStorage.getItem('test.explain.set')) {
      localStorage.setItem('tutor.explain', on ? 'on' : 'off');
      sessionStorage.setItem('test.explain.set', '1');
    }
  }, explain);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(url);
  await page.waitForSelector('#status[data-state="open"]');
  return page;
}

describe('the chat page in headless Chromium', () => {
  it('an answer appears at once and its explanation streams under it, with a visible state and a Stop button', async () => {
    const page = await openPage(undefined, { explain: true });
    await expect(page.locator('#ask-explain').isChecked()).resolves.toBe(true);
    await expect(page.locator('#explain-toggle').isVisible()).resolves.toBe(true);
    await page.fill('#ask-input', 'How does dropout prevent overfitting?');
    await page.press('#ask-input', 'Enter');
    const bubble = page.locator('.message.tutor').last();
    await bubble.locator('.answer').waitFor();
    // While the explanation is written: the answer's citations are there, the state is visible, Stop is offered.
    const section = bubble.locator('section.explanation');
    await section.waitFor();
    await expect(section.locator('.thinking').textContent()).resolves.toBe('Explaining');
    await expect(section.locator('button.stop').isVisible()).resolves.toBe(true);
    expect(await bubble.locator('.chips button.chip').count()).toBeGreaterThan(0);
    await shot(page, '13-explaining');
    await section.locator('.explanation-body, .explanation-head:not(:has(.thinking))').first().waitFor({ timeout: 120_000 });
    await expect(section.getAttribute('aria-busy')).resolves.toBeNull();
    await expect(section.locator('button.stop').count()).resolves.toBe(0);
    const explained = await section.locator('.explanation-body').count();
    if (explained > 0) {
      // Which sentences pass is the checks' business (explain.test.ts, unit tests); the page shows them with their sources.
      await expect(section.locator('.explanation-body').textContent()).resolves.toMatch(/\S.*\[1\]/s);
      expect(await section.locator('.chips button.chip').count()).toBeGreaterThan(0);
    } else await expect(section.locator('.explanation-head').textContent()).resolves.toMatch(/^No explanation this time/);
    await shot(page, '14-explained');

    // Stop: the next question's explanation is stopped by the student and says so.
    await page.fill('#ask-input', 'What does a convolutional layer learn?');
    await page.press('#ask-input', 'Enter');
    const next = page.locator('.message.tutor').last().locator('section.explanation');
    await next.locator('button.stop').waitFor();
    // Stopped while the model is writing (only checked sentences are streamed, so there may be none yet).
    await page.waitForTimeout(1500);
    await next.locator('button.stop').click();
    await next.locator('.explanation-head:not(:has(.thinking))').waitFor({ timeout: 30_000 });
    await expect(next.locator('.explanation-head').textContent()).resolves.toMatch(/\(stopped\)|^No explanation/);

    // A reload keeps the explanation with the answer.
    await page.reload();
    await page.waitForSelector('#status[data-state="open"]');
    await expect(page.locator('section.explanation').count()).resolves.toBe(2);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('ask → cited answer → source → multiple-choice and open questions graded → score', async () => {
    const page = await openPage();
    await shot(page, '01-start');

    await page.fill('#ask-input', 'Hva er dropout?');
    await page.press('#ask-input', 'Enter');
    const answer = page.locator('.message.tutor .answer').last();
    await answer.waitFor();
    await expect(answer.textContent()).resolves.toMatch(/[Dd]ropout/);
    const chips = page.locator('.message.tutor .chips button.chip');
    expect(await chips.count()).toBeGreaterThan(0);
    expect(await page.locator('.message.tutor .answer button.marker').count()).toBeGreaterThan(0);
    await shot(page, '02-answer-with-citations');

    await chips.first().click();
    const cited = page.locator('#source .source-line.cited');
    await cited.first().waitFor();
    expect(await cited.count()).toBeGreaterThan(0);
    // Chips name the source readably; the viewer keeps the exact file and lines too.
    const chipText = await chips.first().textContent();
    expect(chipText).toMatch(/^\[1\](Glossary|Exam|Deep Learning|10:15)[^·]*, lines? \d+/);
    expect(chipText).not.toMatch(/[0-9a-f]{16}\.txt/);
    await expect(page.locator('#source-title').textContent()).resolves.toMatch(/ — \d{3}_[0-9a-f]{16}\.txt, lines? \d+/);
    await shot(page, '03-source-highlighted');
    await page.keyboard.press('Escape');
    await expect(page.locator('#source').isVisible()).resolves.toBe(false);

    await page.selectOption('#quiz-kind', 'mcq');
    await page.click('#quiz-start');
    const mcqCard = page.locator('.card').last();
    await mcqCard.locator('button.option').first().waitFor();
    const mcqText = await mcqCard.locator('h3').textContent();
    const single = ctx.tutor.bank.find((q) => q.text === mcqText)!.correct!.length === 1;
    // The kind, then the topic the question belongs to.
    await expect(mcqCard.locator('.kind').textContent()).resolves.toMatch(
      new RegExp(`^Multiple choice · ${single ? 'choose one' : 'choose all that apply'} · \\S`),
    );
    if (single) {
      // Choosing another option replaces the first choice.
      await mcqCard.locator('button.option').nth(1).click();
      await mcqCard.locator('button.option').nth(0).click();
      expect(await mcqCard.locator('button.option[aria-pressed="true"]').count()).toBe(1);
    } else await mcqCard.locator('button.option').nth(0).click();
    await expect(mcqCard.locator('button.option').nth(0).getAttribute('aria-pressed')).resolves.toBe('true');
    await mcqCard.locator('.actions button').click();
    await mcqCard.locator('.grade .verdict').waitFor();
    await shot(page, '04-mcq-graded');

    await page.selectOption('#quiz-kind', 'open');
    await page.click('#quiz-start');
    const openCard = page.locator('.card').last();
    await openCard.locator('textarea').waitFor();
    await openCard.locator('textarea').fill('Bananer er gule og smaker best om morgenen.');
    await openCard.locator('.actions button').click();
    await openCard.locator('.grading').waitFor();
    await openCard.locator('.grade .verdict').waitFor();
    await expect(openCard.locator('.grade .verdict').getAttribute('class')).resolves.toBe('verdict incorrect');
    await expect(openCard.locator('.grading').count()).resolves.toBe(0);
    await shot(page, '05-open-graded');

    // The score is the server's count of this student's graded answers.
    await expect.poll(() => page.locator('#score').textContent()).toMatch(/Score: \d of 2 correct/);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.close();
  });

  it('a too-long question is flagged before sending, never cut; rapid questions wait politely instead of flooding errors', async () => {
    const page = await openPage();
    const long = `Hva er dropout?${' Forklar mer, takk.'.repeat(315)}`;
    await page.fill('#ask-input', long);
    await expect(page.locator('#ask-input').inputValue()).resolves.toHaveLength(long.length);
    await expect(page.locator('#ask-hint').textContent()).resolves.toMatch(/is 6000 characters; the tutor reads at most 4000/);
    await expect(page.locator('#ask-send').isDisabled()).resolves.toBe(true);
    await page.press('#ask-input', 'Enter');
    expect(await page.locator('.message.student').count()).toBe(0);
    await shot(page, '08-too-long');

    await page.fill('#ask-input', '');
    // Forty questions within one task, faster than any answer can come back; the page's state is read in that same task.
    const state = await page.evaluate(() => {
      const input = document.getElementById('ask-input') as HTMLTextAreaElement;
      for (let i = 0; i < 40; i++) {
        input.value = `Hva er dropout? (${i})`;
        input.dispatchEvent(new Event('input'));
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      }
      return {
        hint: document.getElementById('ask-hint')!.textContent,
        button: document.getElementById('ask-send')!.textContent,
        sent: document.querySelectorAll('.message.student').length,
        kept: input.value,
      };
    });
    expect(state.hint).toMatch(/still answering your last 3 questions/);
    expect(state.button).toBe('Answering…');
    expect(state.sent).toBe(3);
    expect(state.kept).toBe('Hva er dropout? (39)');
    await shot(page, '09-busy');
    await page.waitForFunction(() => document.querySelectorAll('.message.tutor .answer').length >= 3, undefined, { timeout: 60_000 });
    await page.waitForFunction(() => !(document.getElementById('ask-send') as HTMLButtonElement).disabled);
    expect(await page.locator('.message.tutor.error').count()).toBe(0);
    await expect(page.locator('#ask-hint').textContent()).resolves.toBe('');
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.close();
  });

  it('follows the system dark mode', async () => {
    const page = await openPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.fill('#ask-input', 'Vad är dropout?');
    await page.press('#ask-input', 'Enter');
    await page.locator('.message.tutor .answer').last().waitFor();
    const luminance = (css: string) => {
      const [r, g, b] = (css.match(/\d+/g) ?? []).map(Number);
      return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
    };
    const colours = await page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return { page: style('html').backgroundColor, text: style('.message.tutor').color, panel: style('.message.tutor').backgroundColor };
    });
    expect(luminance(colours.page)).toBeLessThan(0.15);
    expect(luminance(colours.panel)).toBeLessThan(0.2);
    expect(luminance(colours.text)).toBeGreaterThan(0.8);
    await shot(page, '10-dark-mode');
    await page.close();
  });

  it('keeps the conversation across a reload until New conversation, the score for good, and copies an answer with its sources', async () => {
    const context = await browser.newContext({
      viewport: { width: 1100, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('#status[data-state="open"]');
    await page.fill('#ask-input', 'Hva er dropout?');
    await page.press('#ask-input', 'Enter');
    await page.locator('.message.tutor .answer').last().waitFor();
    await page.selectOption('#quiz-kind', 'mcq');
    await page.click('#quiz-start');
    const card = page.locator('.card').last();
    await card.locator('button.option').first().click();
    await card.locator('.actions button').click();
    await card.locator('.grade .verdict').waitFor();
    await expect.poll(() => page.locator('#score').textContent()).toMatch(/Score: \d of 1 correct/);
    const scoreBefore = await page.locator('#score').textContent();

    await page.locator('.message.tutor button.copy').first().click();
    await expect.poll(() => page.locator('.message.tutor button.copy').first().textContent()).toBe('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/[Dd]ropout/);
    expect(copied).toMatch(/^\[1\] .+, \d{3}_[0-9a-f]{16}\.txt:\d+/m);

    await page.reload();
    await page.waitForSelector('#status[data-state="open"]');
    await expect(page.locator('.message.student').first().textContent()).resolves.toBe('Hva er dropout?');
    expect(await page.locator('.message.tutor .answer .chips, .message.tutor .chips').count()).toBeGreaterThan(0);
    await expect(page.locator('.card .grade .verdict').count()).resolves.toBe(1);
    await expect(page.locator('.card button.option:not([disabled])').count()).resolves.toBe(0);
    await expect.poll(() => page.locator('#score').textContent()).toBe(scoreBefore);
    await shot(page, '12-reload-kept');

    await page.click('#reset');
    await page.reload();
    await page.waitForSelector('#status[data-state="open"]');
    expect(await page.locator('.message.student').count()).toBe(0);
    // A new conversation is not a new student: the progress stays.
    await expect.poll(() => page.locator('#score').textContent()).toBe(scoreBefore);
    await context.close();
  });

  it('works with the keyboard alone: ask, open a citation, answer three quiz questions, see the score', async () => {
    const page = await openPage();
    await page.keyboard.type('What is a batch?');
    await page.keyboard.press('Enter');
    await page.locator('.message.tutor .answer').last().waitFor();
    const marker = page.locator('.message.tutor .answer button.marker').first();
    await marker.focus();
    await page.keyboard.press('Enter');
    await page.locator('#source .source-line.cited').first().waitFor();
    await page.keyboard.press('Escape');

    await page.selectOption('#quiz-kind', 'mcq');
    for (let round = 1; round <= 3; round++) {
      const before = await page.locator('.card').count();
      await page.focus('#quiz-start');
      await page.keyboard.press('Enter');
      // Wait for this round's new card, not the one answered before it.
      const card = page.locator('.card').nth(before);
      await card.locator('button.option').first().waitFor();
      await expect(page.evaluate(() => document.activeElement?.classList.contains('option'))).resolves.toBe(true);
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      for (let i = 0; i < 6 && !(await page.evaluate(() => document.activeElement?.textContent === 'Submit answer')); i++) {
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      await card.locator('.grade .verdict').waitFor();
    }
    await expect.poll(() => page.locator('#score').textContent()).toMatch(/of 3 correct$/);
    await shot(page, '06-keyboard-three-questions');
    await page.close();
  });

  it('fits a phone-sized screen without sideways scrolling', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await page.fill('#ask-input', 'Hvad er en gradient?');
    await page.press('#ask-input', 'Enter');
    await page.locator('.message.tutor .answer').last().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, '07-phone');

    // The quiz controls fold into one line, so the conversation keeps the screen; one tap opens them.
    const dock = (await page.locator('#dock').boundingBox())!;
    expect(dock.height / 844).toBeLessThan(0.25);
    await expect(page.locator('#quiz-start').isVisible()).resolves.toBe(false);
    await page.click('#quizfold > summary');
    await expect(page.locator('#quiz-start').isVisible()).resolves.toBe(true);
    // Quiz me folds them again, and the card it creates is in view above the composer, not behind it.
    await page.click('#quiz-start');
    const card = page.locator('.card').last();
    await card.locator('h3').waitFor();
    await page.waitForTimeout(400);
    const cardBox = (await card.locator('h3').boundingBox())!;
    const composerBox = (await page.locator('#ask-form').boundingBox())!;
    expect(cardBox.y).toBeGreaterThanOrEqual(0);
    expect(cardBox.y + cardBox.height).toBeLessThanOrEqual(composerBox.y);
    await shot(page, '11-phone-quiz');
    await page.screenshot({ path: path.join(SHOTS, '11-phone-quiz-viewport.png') });
    await page.close();
  });
});
