import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestServer, type TestServer } from './helpers/server.js';
import { expectExactCitations } from './helpers/citations.js';

/**
 * Honest refusals over a real WebSocket server with the real local language model. Each question
 * here has a word the notes never use, so the model's English reading decides: a course term in
 * another language is answered, a thing the course never covers is refused, in four languages.
 */
let ctx: TestServer;

beforeAll(async () => {
  ctx = await startTestServer('refusal');
  await ctx.tutor.warm();
});
afterAll(async () => {
  await ctx?.server.close();
});

type Answer = { grounded: boolean; text: string; citations: Array<{ file: string; startLine: number; endLine: number; text: string }> };

async function ask(client: Client, id: number, text: string): Promise<Answer> {
  return (await client.request({ type: 'ask', id, text })) as unknown as Answer;
}

describe('honest refusals', () => {
  it('refuses near-misses from computing and everyday questions in four languages, with no citations', async () => {
    const client = await Client.connect(ctx.server);
    const questions = [
      ['How do I set up a Kubernetes ingress?', /course notes do not cover/],
      ['Hva er en rekursiv funksjon i SQL?', /Kursnotatene dekker ikke/],
      ['Hur fungerar en SQL-vy?', /Kursanteckningarna tar inte upp/],
      ['Hvad er en mitokondrie?', /Kursusnoterne dækker ikke/],
      ['Hvordan lager man lapskaus?', /Kursnotatene dekker ikke/],
    ] as const;
    for (const [i, [question, refusal]] of questions.entries()) {
      const answer = await ask(client, i + 1, question);
      expect(answer.grounded, question).toBe(false);
      expect(answer.citations, question).toEqual([]);
      expect(answer.text, question).toMatch(refusal);
    }
    client.close();
  });

  it('answers a course term written in another language than the notes, with exact citations', async () => {
    const client = await Client.connect(ctx.server);
    for (const [i, [question, topic]] of (
      [
        ['Hur kan man undvika överanpassning?', /overfitting|overtilpasning|regulari/i],
        ['Hva er tokenisering?', /tokeni/i],
        ['Hva er en konfusjonsmatrise?', /confusion|forvirringsmatrise/i],
      ] as const
    ).entries()) {
      const answer = await ask(client, i + 1, question);
      expect(answer.grounded, question).toBe(true);
      expectExactCitations(ctx.corpusDir, answer.citations);
      expect(answer.citations.map((c) => c.text).join('\n'), question).toMatch(topic);
    }
    client.close();
  });
});
