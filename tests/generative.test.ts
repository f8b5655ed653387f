import { createRetriever } from '../src/app/open.js';
import { createTutor } from '../src/app/compose.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, type Embedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { loadIndex } from '../src/index/store.js';
import type { Retriever } from '../src/retrieval/search.js';
import type { LlmConfig } from '../src/config.js';
import { validateMarkers } from '../src/tutor/answer/generative.js';
import { tempWorkspace } from './helpers/env.js';
import { expectExactCitations } from './helpers/citations.js';

/** A minimal OpenAI-compatible chat server that streams a scripted reply as server-sent events. */
function scriptedServer(reply: () => string, verdict: (request: { messages: Array<{ content: string }> }) => string) {
  const requests: Array<{ stream: boolean; messages: Array<{ role: string; content: string }>; response_format?: { type: string } }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      const request = JSON.parse(body);
      requests.push(request);
      if (!request.stream) {
        // A structured request (a grading verdict): one JSON reply.
        res.writeHead(200, { 'content-type': 'application/json' });
        const message = { role: 'assistant', content: verdict(request) };
        res.end(
          JSON.stringify({
            id: 'c1',
            object: 'chat.completion',
            created: 0,
            model: 'scripted',
            choices: [{ index: 0, message, finish_reason: 'stop' }],
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const text = reply();
      const pieces = text.match(/.{1,7}/gs) ?? [];
      const frame = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'scripted', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(frame({ role: 'assistant', content: '' }, null));
      for (const piece of pieces) res.write(frame({ content: piece }, null));
      res.write(frame({}, 'stop'));
      res.end('data: [DONE]\n\n');
    });
  });
  return { server, requests };
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const config = (port: number): LlmConfig => ({
  provider: 'openai',
  baseUrl: `http://127.0.0.1:${port}/v1`,
  model: 'scripted',
  apiKey: 'test',
  timeoutMs: 10_000,
});

let retriever: Retriever;
let embedder: Embedder;
let corpusDir: string;
let reply = '';
let verdict: string | ((request: { messages: Array<{ content: string }> }) => string) = '{"relation":"same"}';
const scripted = scriptedServer(
  () => reply,
  (request) => (typeof verdict === 'function' ? verdict(request) : verdict),
);
let port = 0;

beforeAll(async () => {
  const ws = tempWorkspace('generative');
  corpusDir = ws.corpusDir;
  embedder = await loadEmbedder(ws.config);
  await buildIndex({ config: ws.config, embedder });
  retriever = createRetriever(loadIndex(ws.indexDir), embedder);
  port = await listen(scripted.server);
});

afterAll(() => {
  scripted.server.close();
});

describe('generative composer over a real OpenAI-compatible HTTP server', () => {
  it('streams tokens, keeps valid markers, drops a fabricated one, and cites exact lines', async () => {
    reply = 'Dropout slår av en tilfeldig andel nevroner under trening [2]. Det motvirker overtilpasning [1][9].';
    const tutor = createTutor(retriever, embedder, { chat: config(port) });
    const tokens: string[] = [];
    const answer = await tutor.ask('Hva er dropout?', [], { onToken: (t) => tokens.push(t) });
    expect(answer.composer).toBe('generative');
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join('')).toBe(reply);
    expect(answer.answer).not.toContain('[9]');
    // Renumbered in order of first use: the passage cited first becomes [1].
    expect(answer.answer).toBe('Dropout slår av en tilfeldig andel nevroner under trening [1]. Det motvirker overtilpasning [2].');
    expect(answer.citations).toHaveLength(2);
    expectExactCitations(corpusDir, answer.citations);
    const request = scripted.requests.at(-1)!;
    expect(request.stream).toBe(true);
    expect(request.messages[0]?.content).toMatch(/Norwegian/);
    expect(request.messages[0]?.content).toMatch(/\[1\] .*lines \d+-\d+/);
    expect(request.messages.at(-1)?.content).toBe('Hva er dropout?');
  });

  it('an answer whose markers all point nowhere falls back to the extractive composer', async () => {
    reply = 'Dropout is magic [42].';
    const answer = await createTutor(retriever, embedder, { chat: config(port) }).ask('What is dropout?');
    expect(answer.composer).toBe('extractive');
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it('falls back to the extractive composer when the server is down', async () => {
    const down = http.createServer();
    const closedPort = await listen(down);
    await new Promise((resolve) => down.close(resolve));
    const answer = await createTutor(retriever, embedder, { chat: config(closedPort) }).ask('What is dropout?');
    expect(answer.composer).toBe('extractive');
    expect(answer.grounded).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it('never calls the model for a question the notes do not cover', async () => {
    const before = scripted.requests.length;
    const answer = await createTutor(retriever, embedder, { chat: config(port) }).ask('What is the capital of Australia?');
    expect(answer.composer).toBe('refusal');
    expect(scripted.requests.length).toBe(before);
  });
});

describe('explanations through a configured chat model (the same path as the local model)', () => {
  it('streams only the sentences a passage supports, asking the model where the words do not settle it, with valid renumbered markers and exact lines', async () => {
    reply =
      'Dropout setter tilfeldig en andel av inngangsenhetene til 0, slik at nettverket lærer å klare seg uten dem [9]. ' +
      'Nettverket blir mye raskere å trene når man kjøper flere skjermkort og større maskiner [1].';
    // The scripted model says a passage supports the dropout sentence, and nothing else.
    verdict = (request) => `{"supported":${JSON.stringify(request.messages).includes('Dropout setter tilfeldig')}}`;
    const tutor = createTutor(retriever, embedder, { chat: config(port) });
    expect(tutor.explainer).not.toBeNull();
    const answer = await tutor.ask('Hva er dropout?', [], { extractive: true });
    expect(answer.composer).toBe('extractive');
    const tokens: string[] = [];
    const before = scripted.requests.length;
    const explanation = await tutor.explain(answer, { onToken: (t) => tokens.push(t) });
    expect(explanation?.composer).toBe('llm');
    expect(tokens.join('')).toBe(explanation?.text);
    expect(explanation?.text).toMatch(/^Dropout setter tilfeldig .* uten dem\. \[1\]$/);
    expect(explanation?.dropped).toContain('not supported');
    expect(explanation?.citations).toHaveLength(1);
    expectExactCitations(corpusDir, explanation!.citations);
    expect(explanation!.citations[0]!.text.toLowerCase()).toContain('dropout');
    const asked = scripted.requests.slice(before);
    // A chat API is not asked to continue a begun reply: the last message is the student's request.
    const written = asked.find((request) => request.stream)!;
    expect(written.messages.at(-1)?.role).toBe('user');
    expect(written.messages.at(-1)?.content).toMatch(/Question: Hva er dropout\?/);
    // The new words of the first sentence were read by the model, and it said yes; to the claim about hardware it said no.
    const readings = asked.filter((request) => !request.stream);
    expect(readings.some((request) => JSON.stringify(request.messages).includes('Dropout setter tilfeldig'))).toBe(true);
  });
});

describe('reading questions through a configured chat model (the same path as the local model)', () => {
  it('a question with words the notes never use is covered or refused by what the model reads it as', async () => {
    const tutor = createTutor(retriever, embedder, { chat: config(port) });
    reply = 'English: How can one avoid overfitting?\nSubject: overfitting';
    const courseTerm = await tutor.covers(await retriever.search('Hur kan man undvika överanpassning?', { k: 10 }));
    expect(courseTerm).toMatchObject({ covered: true, step: 'reading', reading: { subject: 'overfitting' } });
    expect(scripted.requests.at(-1)!.messages[0]?.content).toMatch(/Translate the student's question into English/);
    reply = 'English: How do you bake cinnamon buns?\nSubject: cinnamon buns';
    const elsewhere = await tutor.covers(await retriever.search('Hur bakar man kanelbullar?', { k: 10 }));
    expect(elsewhere).toMatchObject({ covered: false, step: 'reading' });
    reply = 'I cannot help with that.';
    const unreadable = await tutor.covers(await retriever.search('Hur gör man svensk kladdkaka?', { k: 10 }));
    expect(unreadable).toMatchObject({ covered: false, step: 'no-reading' });
  });
});

describe('grading with a configured chat model (TUTOR_LLM_BASE_URL)', () => {
  it('asks it for one structured verdict and uses it on the same scale as the local model', async () => {
    const tutor = createTutor(retriever, embedder, { chat: config(port) });
    expect(tutor.judge?.kind).toBe('remote');
    const question = 'Hva er en metrikk? Hvordan er dette forskjellig fra en loss funksjon?';
    const before = scripted.requests.length;
    verdict = '{"relation":"contradicts"}';
    const wrong = await tutor.grade({ question, answer: 'Loss brukes til å trene, en metrikk til å vurdere modellen.' });
    expect(wrong.verdict).toBe('incorrect');
    const asked = scripted.requests.slice(before).find((r) => !r.stream)!;
    expect(asked.response_format?.type).toBe('json_schema');
    expect(JSON.stringify(asked.messages)).toContain('Reference answer (course notes)');
    verdict = '{"relation":"same"}';
    const right = await tutor.grade({
      question,
      answer: 'Loss er det vi minimerer under trening, en metrikk brukes for å vurdere og sammenligne modeller.',
    });
    expect(right.verdict).toBe('correct');
    verdict = 'this is not JSON';
    const fallback = await tutor.grade({
      question,
      answer: 'Loss er det vi minimerer under trening, en metrikk brukes for å vurdere og sammenligne modeller.',
    });
    expect(['correct', 'partial']).toContain(fallback.verdict);
  });
});

describe('marker validation', () => {
  const passages = [1, 2, 3].map((n) => ({ file: 'f.txt', startLine: n, endLine: n, title: `t${n}`, text: `line ${n}` }));
  it('removes out-of-range markers, renumbers the rest, and leaves code alone', () => {
    const result = validateMarkers('A [3]. B [0][1]. C [7].\n```\nx = cells[2]\n```', passages);
    expect(result.answer).toBe('A [1]. B [2]. C.\n```\nx = cells[2]\n```');
    expect(result.citations.map((c) => c.startLine)).toEqual([3, 1]);
    expect(result.removedMarkers).toEqual([0, 7]);
  });
});
