import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.js';
import { ROOT } from './helpers/env.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const HOSTILE = [
  '# Quuxification notes',
  '',
  'Q: What is quuxification?',
  'A: Quuxification <script>window.__pwned = "script"</script> rewrites every quux into <img src=x onerror="window.__pwned = \'img\'"> a frobnicated quux, for 0 < p < 1.',
  '',
].join('\n');

let ctx: TestServer;
let browser: Browser;

beforeAll(async () => {
  ctx = await startTestServer('xss', (corpusDir) => fs.writeFileSync(path.join(corpusDir, 'hostile.md'), HOSTILE));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await ctx?.server.close();
});

describe('course notes with HTML in them', () => {
  it('are rendered as text in answers and in the source viewer, never run', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`http://127.0.0.1:${ctx.server.port}/`);
    await page.waitForSelector('#status[data-state="open"]');
    await page.fill('#ask-input', 'What is quuxification?');
    await page.press('#ask-input', 'Enter');
    const answer = page.locator('.message.tutor .answer').last();
    await answer.waitFor();
    const text = (await answer.textContent()) ?? '';
    expect(text).toContain('<script>');
    expect(text).toContain('onerror=');
    expect(await answer.locator('script, img').count()).toBe(0);
    await page.locator('.message.tutor .chips button.chip').first().click();
    await page.locator('#source .source-line.cited').first().waitFor();
    expect(await page.locator('#source-body').textContent()).toContain('<script>window.__pwned');
    expect(await page.locator('#source-body script, #source-body img').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', '08-html-in-notes-as-text.png'), fullPage: true });
    await page.close();
  });
});
