import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchCorpus } from '../src/app/watch.js';
import { ExplanationWarmer } from '../src/app/warmExplanations.js';
import { detectLanguage } from '../src/text/language.js';
import { Client, startTestServer, type Frame, type TestServer } from './helpers/server.js';

/**
 * The class's explanation cache over real servers, the real local model and one real PGlite
 * database: the second student (on this server or another replica of it) gets the first student's
 * explanation at once, marked cached; when the cited notes change, it is dropped and written anew.
 */
const NOTES =
  '# Extra notes\n\nQ: What does zorblax normalisation do?\nA: Zorblax normalisation rescales each zorblax layer so that its activations have unit zorblax variance. It makes training of deep zorblax networks more stable.\n';
const QUESTION = 'What does zorblax normalisation do?';
const QUESTION_NB = 'Hva gjør zorblax-normalisering?';

let first: TestServer;
let replica: TestServer;

beforeAll(async () => {
  first = await startTestServer(
    'explain-cache',
    (corpusDir) => fs.writeFileSync(path.join(corpusDir, 'extra.md'), NOTES),
    (config) => ({ ...config, databaseUrl: `pglite:${path.join(path.dirname(config.indexDir), 'pg')}` }),
  );
  // Another server on the same course and the same database, as a second replica would be.
  replica = await startTestServer('explain-cache-replica', undefined, () => first.config);
}, 300_000);
afterAll(async () => {
  await replica?.server.close();
  await first?.server.close();
});

type Explanation = Frame & { composer: string; text: string; note?: string; cached?: boolean };

async function explained(ctx: TestServer, id: number): Promise<{ explanation: Explanation; tokens: string[] }> {
  const client = await Client.connect(ctx.server);
  client.send({ type: 'ask', id, text: QUESTION, explain: true });
  await client.until((frames) => frames.some((f) => f.type === 'explanation' && f.id === id), 180_000);
  const explanation = client.frames.find((f) => f.type === 'explanation' && f.id === id) as Explanation;
  const tokens = client.frames.filter((f) => f.type === 'token' && f.part === 'explanation').map((f) => String(f.text));
  client.close();
  return { explanation, tokens };
}

describe('the class explanation cache', () => {
  it('serves the explanation to a second student and to another replica; drops it when the cited file changes', async () => {
    const written = await explained(first, 1);
    expect(written.explanation.cached).toBeUndefined();
    // Only checked sentences are streamed: what streamed is what the explanation says.
    if (written.explanation.composer === 'llm') expect(written.tokens.join('')).toBe(written.explanation.text);

    const again = await explained(first, 2);
    expect(again.explanation).toMatchObject({ cached: true, composer: written.explanation.composer, text: written.explanation.text });
    expect(again.explanation.note).toBe(written.explanation.note);
    const elsewhere = await explained(replica, 3);
    expect(elsewhere.explanation).toMatchObject({ cached: true, text: written.explanation.text });

    const watcher = watchCorpus(first.config, first.tutor.knowledge.embedder, (retriever) => first.course.switchTo(retriever), 200);
    try {
      fs.writeFileSync(
        path.join(first.corpusDir, 'extra.md'),
        NOTES.replace('more stable', 'more stable and lets it use larger learning rates'),
      );
      await new Promise((resolve) => setTimeout(resolve, 400));
      await watcher.settled();
    } finally {
      watcher.close();
    }
    const rewritten = await explained(first, 4);
    expect(rewritten.explanation.cached).toBeUndefined();
  }, 600_000);
});

describe('warming the explanation cache', () => {
  it('explains the notes’ own questions while the model is idle, in every language, so the first student asking one gets it from the cache', async () => {
    const small = await startTestServer('explain-warm', (corpusDir) => {
      for (const file of fs.readdirSync(corpusDir)) fs.rmSync(path.join(corpusDir, file), { recursive: true });
      fs.writeFileSync(path.join(corpusDir, 'extra.md'), NOTES);
    });
    try {
      const warmer = new ExplanationWarmer(small.course);
      warmer.start();
      await warmer.settled();
      const client = await Client.connect(small.server);
      client.send({ type: 'ask', id: 1, text: QUESTION, explain: true });
      // Warmed in the other languages too: the same passages asked about in Norwegian.
      client.send({ type: 'ask', id: 2, text: QUESTION_NB, explain: true });
      await client.until((frames) => frames.filter((f) => f.type === 'explanation').length === 2, 60_000);
      const explanations = client.frames.filter((f) => f.type === 'explanation') as Explanation[];
      expect(explanations.map((e) => [e.id, e.cached]).sort()).toEqual([
        [1, true],
        [2, true],
      ]);
      const norwegian = explanations.find((e) => e.id === 2)!;
      if (norwegian.composer === 'llm') expect(detectLanguage(norwegian.text.replace(/\[\d+\]/g, ''))).not.toBe('en');
      client.close();
    } finally {
      await small.server.close();
    }
  }, 300_000);
});
