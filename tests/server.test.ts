import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestServer, type TestServer } from './helpers/server.js';
import type { InfoResponse } from '../src/contracts/http.js';
import { expectExactCitations } from './helpers/citations.js';

let ctx: TestServer;
let base: string;

beforeAll(async () => {
  ctx = await startTestServer('server');
  base = `http://127.0.0.1:${ctx.server.port}`;
});

afterAll(async () => {
  await ctx?.server.close();
});

describe('chat protocol over a real WebSocket', () => {
  it('ask: streamed token frames, then one answer with citations', async () => {
    const client = await Client.connect(ctx.server);
    const reply = await client.request({ type: 'ask', id: 'a1', text: 'Hva er dropout?' });
    expect(reply.type).toBe('answer');
    expect(reply.grounded).toBe(true);
    const citations = reply.citations as Array<{ file: string; startLine: number; endLine: number; text: string }>;
    expect(citations.length).toBeGreaterThan(0);
    expectExactCitations(ctx.corpusDir, citations);
    const tokens = client.frames.filter((f) => f.type === 'token' && f.id === 'a1');
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.map((t) => t.text).join('')).toBe(reply.text);
    expect(tokens.every((t) => String(t.text).length > 1)).toBe(true);
    client.close();
  });

  it('follow-up questions use the conversation; reset forgets it', async () => {
    const client = await Client.connect(ctx.server);
    await client.request({ type: 'ask', id: 1, text: 'Hva er gradient descent?' });
    const followUp = await client.request({ type: 'ask', id: 2, text: 'Hvorfor?' });
    expect(followUp.grounded).toBe(true);
    const reset = await client.request({ type: 'reset', id: 3 });
    expect(reset.type).toBe('answer');
    const alone = await client.request({ type: 'ask', id: 4, text: 'Hvorfor?' });
    expect(alone.grounded).toBe(false);
    expect(alone.citations).toEqual([]);
    client.close();
  });

  it('quiz → answer → grade, multiple choice and open', async () => {
    const client = await Client.connect(ctx.server);
    const mcq = await client.request({ type: 'quiz', id: 'q1', kind: 'mcq' });
    expect(mcq).toMatchObject({ type: 'question', kind: 'mcq' });
    const options = mcq.options as Array<{ label: string; text: string }>;
    expect(options.length).toBeGreaterThan(1);
    const question = ctx.tutor.bank.find((q) => q.id === mcq.questionId)!;
    expect(mcq.multiple).toBe(question.correct!.length > 1);
    const right = await client.request({ type: 'answer', id: 'g1', questionId: mcq.questionId, text: question.correct!.join(', ') });
    expect(right).toMatchObject({ type: 'grade', verdict: 'correct', score: 1, questionId: mcq.questionId });
    expect((right.citations as unknown[]).length).toBeGreaterThan(0);

    const open = await client.request({ type: 'quiz', id: 'q2', kind: 'open', lang: 'sv' });
    expect(open).toMatchObject({ type: 'question', kind: 'open', lang: 'sv' });
    expect(open.questionId).not.toBe(mcq.questionId);
    const graded = await client.request({ type: 'answer', id: 'g2', questionId: open.questionId, text: 'Ingen aning, kanske bananer.' });
    expect(graded.type).toBe('grade');
    expect(graded.verdict).not.toBe('correct');
    expect(typeof graded.feedback).toBe('string');

    const brought = await client.request({
      type: 'answer',
      id: 'g3',
      question: 'What is a gradient?',
      text: 'A colour transition in an image',
    });
    expect(brought).toMatchObject({ type: 'grade', verdict: 'incorrect' });
    const unknownId = await client.request({ type: 'answer', id: 'g4', questionId: 'q-nope', text: 'A' });
    expect(unknownId).toMatchObject({ type: 'error', code: 'not_found' });
    client.close();
  });

  it('bad messages get a clear error and the connection goes on', async () => {
    const client = await Client.connect(ctx.server);
    client.send('this is not json');
    client.send({ type: 'ask', id: 'b1' });
    client.send({ type: 'shout', id: 'b2', text: 'hi' });
    client.send({ id: 'b3', text: 'no type' });
    client.send({ type: 'ask', id: 'b4', text: 'x'.repeat(4001) });
    client.send({ type: 'ask', id: 'b5', text: 42 });
    client.send({ type: 'quiz', id: 'b6', lang: 'fr' });
    client.send(['ask']);
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await client.until((frames) => frames.length >= 9);
    const errors = client.frames.filter((f) => f.type === 'error');
    expect(errors).toHaveLength(9);
    expect(errors[0]).toMatchObject({ code: 'bad_json' });
    expect(client.finals('b1')[0]).toMatchObject({ code: 'bad_message' });
    expect(client.finals('b2')[0]).toMatchObject({ code: 'unknown_type' });
    expect(client.finals('b3')[0]).toMatchObject({ code: 'bad_message' });
    expect(client.finals('b4')[0]).toMatchObject({ code: 'too_long' });
    expect(client.finals('b5')[0]).toMatchObject({ code: 'bad_message' });
    expect(client.finals('b6')[0]).toMatchObject({ code: 'bad_message' });
    expect(errors.every((e) => typeof e.message === 'string' && !/\n\s+at /.test(String(e.message)))).toBe(true);
    const good = await client.request({ type: 'ask', id: 'ok', text: 'What is SGD?' });
    expect(good).toMatchObject({ type: 'answer', grounded: true });
    client.close();
  });

  it('an oversized frame closes that socket (1009) while other clients carry on', async () => {
    const big = await Client.connect(ctx.server);
    const other = await Client.connect(ctx.server);
    big.send({ type: 'ask', id: 'huge', text: 'x'.repeat(200 * 1024) });
    await big.until(() => big.closed !== undefined).catch(() => undefined);
    expect(big.closed?.code).toBe(1009);
    const reply = await other.request({ type: 'ask', id: 'still', text: 'What is a batch?' });
    expect(reply).toMatchObject({ type: 'answer', grounded: true });
    other.close();
  });

  it('a burst beyond the rate limit: every message still gets exactly one final reply', async () => {
    const client = await Client.connect(ctx.server);
    const ids = Array.from({ length: 45 }, (_, i) => `r${i}`);
    for (const id of ids) client.send({ type: 'quiz', id });
    await client.until(() => ids.every((id) => client.finals(id).length > 0), 120_000);
    for (const id of ids) expect(client.finals(id)).toHaveLength(1);
    const codes = ids.map((id) => client.finals(id)[0]!).map((f) => (f.type === 'error' ? f.code : f.type));
    expect(codes).toContain('question');
    expect(codes.some((c) => c === 'rate_limited' || c === 'busy')).toBe(true);
    client.close();
  });
});

describe('course info API', () => {
  it('lists the quiz languages and the languages the notes are written in, Danish among them', async () => {
    const info = (await (await fetch(`${base}/api/info`)).json()) as InfoResponse;
    expect(info.languages).toEqual(['en', 'nb', 'sv']);
    expect([...info.courseLanguages].sort()).toEqual(['da', 'en', 'nb', 'sv']);
    expect(info.courseLanguages[0]).toBe('nb');
    expect(info.files).toBe(5);
    expect(info.questions).toBeGreaterThan(40);
    expect(info.semanticSearch).toBe(true);
    expect(info.grading).toEqual({ calibrated: true, corpus: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});

describe('source viewer API', () => {
  it('returns the cited lines with context, the cited ones marked', async () => {
    const response = await fetch(`${base}/api/source?file=001_277e09fd6dde2077.txt&start=23&end=23`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { lines: Array<{ n: number; text: string; cited: boolean }> };
    expect(body.lines.find((l) => l.cited)?.text).toMatch(/^\s+3\. Dropout:/);
    expect(body.lines.filter((l) => l.cited).map((l) => l.n)).toEqual([23]);
    expect(body.lines[0]?.n).toBe(20);
  });

  it('refuses anything that is not a course file: traversal, absolute paths, encoded variants', async () => {
    for (const file of [
      '../package.json',
      '/etc/passwd',
      '..%2Fpackage.json',
      '%2e%2e/package.json',
      'seeds/../../package.json',
      'nope.txt',
      '',
    ]) {
      const response = await fetch(`${base}/api/source?file=${file}&start=1&end=1`);
      expect([400, 404]).toContain(response.status);
      expect(await response.text()).not.toMatch(/"name"|root:/);
    }
    expect((await fetch(`${base}/api/source?file=001_277e09fd6dde2077.txt&start=5&end=1`)).status).toBe(400);
    expect((await fetch(`${base}/api/source?file=001_277e09fd6dde2077.txt&start=1&end=99999`)).status).toBe(400);
  });

  it('serves the page with a content-security policy and no framework fingerprint', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect((await fetch(`${base}/api/nothing`)).status).toBe(404);
  });
});
