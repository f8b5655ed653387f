import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.js';
import { ROOT } from './helpers/env.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** The teacher's page in real Chromium over a real server: refused without the token, the class with it, an override the student sees, student text kept as text. */
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const SCRIPT_NAME = '<img src=x onerror="window.__pwned=1">';
const SCRIPT_ANSWER = '<script>window.__pwned=2</script> Dropout slår av nevroner.';

let ctx: TestServer;
let browser: Browser;
let url: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'web', 'teacher.js'))) throw new Error('dist/web is missing: run `npm run build` first');
  fs.mkdirSync(SHOTS, { recursive: true });
  ctx = await startTestServer('web-teacher');
  url = `http://127.0.0.1:${ctx.server.port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await ctx?.server.close();
});

/** A student in their own browser context who answers one question: a multiple-choice one wrong on purpose, or an open one with `open`. */
async function studentAnswers(name: string, open?: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 900 } });
  await context.addInitScript(() => localStorage.setItem('tutor.explain', 'off'));
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.waitForSelector('#status[data-state="open"]');
  await page.evaluate(
    (value) =>
      fetch('/api/progress/name', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: value }),
      }),
    name,
  );
  await page.selectOption('#quiz-kind', open ? 'open' : 'mcq');
  await page.click('#quiz-start');
  const card = page.locator('.card').last();
  if (open) {
    await card.locator('textarea').fill(open);
    await card.locator('.actions button').click();
    await card.locator('.grade .verdict').waitFor({ timeout: 120_000 });
    return page;
  }
  await card.locator('button.option').first().waitFor();
  const question = await card.locator('h3').textContent();
  const bank = ctx.tutor.bank.find((q) => q.text === question)!;
  const wrong = bank.options!.find((o) => !bank.correct!.includes(o.label))!.label;
  await card
    .locator('button.option', { hasText: new RegExp(`^${wrong}`) })
    .first()
    .click();
  await card.locator('.actions button').click();
  await card.locator('.grade .verdict').waitFor();
  return page;
}

async function teacherPage(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}/teacher`);
  return page;
}

describe("the teacher's page in headless Chromium", () => {
  it('is refused without the right token, shows the class with it, and an override reaches the student', async () => {
    const ada = await studentAnswers('Ada');
    const bo = await studentAnswers(SCRIPT_NAME, SCRIPT_ANSWER);

    const teacher = await teacherPage('en-GB');
    await teacher.locator('#token-form').waitFor({ state: 'visible' });
    await teacher.fill('#token', 'not-the-token');
    await teacher.click('#token-form button');
    await expect.poll(() => teacher.locator('#token-error').textContent()).toBe('That token is not right.');
    await expect(teacher.locator('.heatmap').count()).resolves.toBe(0);

    await teacher.fill('#token', ctx.teacherToken);
    await teacher.click('#token-form button');
    await teacher.locator('.heatmap tbody tr').first().waitFor();
    const rows = await teacher.locator('.heatmap tbody tr').allTextContents();
    expect(rows.some((r) => r.startsWith('Ada'))).toBe(true);
    expect(rows.some((r) => r.startsWith(SCRIPT_NAME))).toBe(true);
    await expect(teacher.locator('.heatmap script, .heatmap img').count()).resolves.toBe(0);
    await expect(teacher.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await teacher.screenshot({ path: path.join(SHOTS, '30-teacher-en-desktop.png'), fullPage: true });

    // Ada's wrong answer, overruled: her page shows the corrected grade.
    const review = teacher.locator('.class-section').filter({ hasText: 'Grades you changed' });
    const grades = await fetch(`${url}/api/teacher/export.csv`, { headers: { authorization: `Bearer ${ctx.teacherToken}` } }).then((r) =>
      r.text(),
    );
    /** The teacher overrules the grade of the CSV row `row` from the page (with its token). */
    const overrule = (row: string, verdict: string) =>
      teacher.evaluate(
        ([id, token, to]) =>
          fetch(`/api/teacher/grades/${id}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ verdict: to }),
          }),
        [row.split(',')[0]!, ctx.teacherToken, verdict] as const,
      );
    const csvRows = grades.split('\r\n');
    await overrule(
      csvRows.find((line) => line.split(',')[2] === 'Ada')!,
      'correct',
    );
    // Bo's answer, with a script in it, overruled too: it is listed as the text it is.
    await overrule(
      csvRows.find((line) => line.includes('window.__pwned=2'))!,
      'partial',
    );
    await teacher.click('#refresh');
    await expect.poll(() => review.locator('tbody tr').count()).toBe(2);
    const changed = await review.locator('tbody tr').allTextContents();
    expect(changed.some((row) => /^Ada.*grader: Not right · you: Correct/.test(row))).toBe(true);
    expect(changed.some((row) => row.includes(SCRIPT_ANSWER))).toBe(true);
    await expect(teacher.locator('.class-section script, .class-section img').count()).resolves.toBe(0);
    await expect(teacher.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();

    await ada.reload();
    await ada.waitForSelector('#status[data-state="open"]');
    await expect.poll(() => ada.locator('#score').textContent()).toBe('Score: 1 of 1 correct');
    await ada.click('#score');
    await ada.locator('#progress .history-item .verdict').first().waitFor();
    await expect(ada.locator('#progress .history-item .verdict').first().textContent()).resolves.toBe('Correct');

    // Topic names in Swedish, once the model has translated them (in the background, first asked for now).
    const english = await teacher.locator('.heatmap th').allTextContents();
    const swedish = await ctx.learners.topicLabelsSettled('sv');
    await teacher.selectOption('#ui-lang', 'sv');
    await expect(teacher.locator('.class-section h2').first().textContent()).resolves.toBe('Klassen per ämne');
    await expect
      .poll(() => teacher.locator('.heatmap th').allTextContents())
      .toEqual(english.map((name) => swedish[name] ?? name).map((n, i) => (i === 0 ? 'Student' : n)));
    expect(Object.keys(swedish).length).toBeGreaterThan(0);
    await teacher.screenshot({ path: path.join(SHOTS, '31-teacher-sv-desktop.png'), fullPage: true });
    await bo.context().close();
    await ada.context().close();
    await teacher.context().close();
  });

  it('a correction made on the page changes what a student is told, in the answer and in its explanation, cited as the teacher’s', async () => {
    const file = '003_3481d4d7558ed6e1.txt';
    const wrong = 'unikke datatyper';
    const right = "A tensor's rank is its number of axes (dimensions): a rank-3 tensor has three axes, like a stack of matrices.";
    const line =
      fs
        .readFileSync(path.join(ctx.corpusDir, file), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(wrong)) + 1;

    const teacher = await teacherPage('en-GB');
    await teacher.fill('#token', ctx.teacherToken);
    await teacher.click('#token-form button');
    const form = teacher.locator('.correction-form');
    await form.waitFor();
    await form.locator('select[name=file]').selectOption(file);
    await form.locator('input[name=startLine]').fill(String(line));
    await form.locator('input[name=endLine]').fill(String(line));
    await form.getByRole('button', { name: 'Show the lines' }).click();
    await expect.poll(() => form.locator('.correction-preview').textContent()).toContain(wrong);
    await form.locator('textarea[name=text]').fill(right);
    await form.locator('input[name=teacher]').fill('Ms Berg');
    await form.getByRole('button', { name: 'Correct the notes' }).click();
    const panel = teacher.locator('.corrections');
    await expect.poll(() => panel.locator('[role=status]').textContent(), { timeout: 60_000 }).toMatch(/^Saved/);
    await expect.poll(() => panel.locator('tbody tr').first().textContent()).toContain('applied');
    await panel.scrollIntoViewIfNeeded();
    await teacher.screenshot({ path: path.join(SHOTS, '32-teacher-correction.png'), fullPage: true });
    await teacher.setViewportSize({ width: 390, height: 844 });
    await teacher.screenshot({ path: path.join(SHOTS, '33-teacher-phone.png'), fullPage: false });

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 900 } });
    await context.addInitScript(() => localStorage.setItem('tutor.explain', 'on'));
    const student = await context.newPage();
    await student.goto(`${url}/`);
    await student.waitForSelector('#status[data-state="open"]');
    await student.fill('#ask-input', 'Hva er rangen til en tensor?');
    await student.press('#ask-input', 'Enter');
    const bubble = student.locator('.message.tutor').last();
    await bubble.locator('.answer').waitFor();
    await expect(bubble.locator('.answer').textContent()).resolves.toContain('number of axes');
    const chip = bubble.locator('.chips button.chip.corrected').first();
    await expect(chip.textContent()).resolves.toContain('corrected by Ms Berg');
    const section = bubble.locator('section.explanation');
    await section.locator('.explanation-body, .explanation-head:not(:has(.thinking))').first().waitFor({ timeout: 180_000 });
    await expect(bubble.textContent()).resolves.not.toContain(wrong);
    if ((await section.locator('.explanation-body').count()) > 0)
      expect(await section.locator('.chips button.chip.corrected').count()).toBeGreaterThan(0);

    await student.screenshot({ path: path.join(SHOTS, '35-student-corrected-explained.png') });
    // The cited lines: the notes' words struck through, the teacher's correction under them.
    await chip.click();
    await student.locator('#source .source-correction').waitFor();
    await expect(student.locator('#source .source-correction').textContent()).resolves.toContain(right);
    await expect(student.locator('#source .source-line.struck').first().textContent()).resolves.toContain(wrong);
    await student.screenshot({ path: path.join(SHOTS, '34-student-corrected-source.png') });
    await context.close();
    await teacher.context().close();
  }, 300_000);
});
