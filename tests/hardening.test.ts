import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadEmbedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { loadIndex } from '../src/index/store.js';
import { watchCorpus } from '../src/app/watch.js';
import type { InfoResponse } from '../src/contracts/http.js';
import { CLI, cliEnv, tempWorkspace } from './helpers/env.js';
import { Client, startTestServer, type TestServer } from './helpers/server.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failing fuzz run can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A frame that no schema accepts: garbage, broken JSON, wrong shapes, wrong types, extra fields. */
function badFrame(next: () => number, i: number): string {
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
  const junk = () =>
    Array.from({ length: 1 + Math.floor(next() * 40) }, () => String.fromCharCode(32 + Math.floor(next() * 0x2fff))).join('');
  const valid = { type: 'ask', id: `f${i}`, text: 'What is SGD?' };
  switch (i % 10) {
    case 0:
      return junk();
    case 1:
      return JSON.stringify(valid).slice(0, Math.floor(next() * 30));
    case 2:
      return JSON.stringify(pick([null, 42, 'ask', [valid], true, [], {}]));
    case 3:
      return JSON.stringify({ ...valid, type: pick(['ASK', 'delete', '', 'constructor', '__proto__', 7, null]) });
    case 4:
      return JSON.stringify({ ...valid, text: pick([42, null, [], {}, '', '   ', 'x'.repeat(4001)]) });
    case 5:
      return JSON.stringify({ ...valid, id: pick([null, {}, [], '', 'x'.repeat(200), 1.5]) });
    case 6:
      return JSON.stringify({ ...valid, extra: junk() });
    case 7:
      return JSON.stringify({ type: 'answer', id: `f${i}`, text: 'A', questionId: pick([42, '', null]) });
    case 8:
      return `{"__proto__":{"polluted":true},"type":"quiz","id":"f${i}","lang":"${pick(['xx', 'EN', ''])}"}`;
    default:
      return '['.repeat(500 + Math.floor(next() * 500)) + ']'.repeat(10);
  }
}

describe('hostile input on the socket', () => {
  let ctx: TestServer;
  beforeAll(async () => {
    ctx = await startTestServer('fuzz');
  });
  afterAll(async () => {
    await ctx?.server.close();
  });

  it('a few thousand generated bad frames each get an error; the server then answers correctly', async () => {
    const next = random(20261123);
    const client = await Client.connect(ctx.server);
    const bystander = await Client.connect(ctx.server);
    const count = 3000;
    for (let i = 0; i < count; i++) {
      if (i % 250 === 0) client.socket.send(Buffer.from([0, 159, 146, 150]), { binary: true });
      client.send(badFrame(next, i));
    }
    await client.until((frames) => frames.length >= count + 12, 120_000);
    expect(client.frames.every((frame) => frame.type === 'error')).toBe(true);
    expect(client.closed).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const reply = await client.request({ type: 'ask', id: 'good', text: 'What is SGD?' });
    expect(reply).toMatchObject({ type: 'answer', grounded: true });
    expect((reply.citations as Array<{ title: string }>).some((c) => /SGD/.test(c.title))).toBe(true);
    const other = await bystander.request({ type: 'ask', id: 'b', text: 'Hva er gradient descent?' });
    expect(other).toMatchObject({ type: 'answer', grounded: true });
    client.close();
    bystander.close();
  });
});

describe('faults in the corpus and the index', () => {
  it('a course file that is not UTF-8 is skipped with a reason; the rest is indexed', async () => {
    const ws = tempWorkspace('latin1');
    fs.writeFileSync(path.join(ws.corpusDir, 'latin1.txt'), Buffer.from('Q: Hva er l\xe6ring?\nA: N\xe5r modellen l\xe6rer.\n', 'latin1'));
    const embedder = await loadEmbedder(ws.config);
    const stats = await buildIndex({ config: ws.config, embedder });
    expect(stats.skippedFiles.map((s) => s.file)).toEqual(['latin1.txt']);
    expect(stats.skippedFiles[0]?.reason).toMatch(/not valid UTF-8/);
    expect(stats.files).toBe(5);
    expect(loadIndex(ws.indexDir).chunks.some((c) => c.file === 'latin1.txt')).toBe(false);
  });

  it('a file changed, added or deleted while serving is re-indexed in the background', async () => {
    let watcherClose: () => void = () => undefined;
    const ctx = await startTestServer('watch');
    try {
      const watcher = watchCorpus(ctx.config, ctx.tutor.knowledge.embedder, (retriever) => ctx.course.switchTo(retriever), 200);
      watcherClose = () => watcher.close();
      const client = await Client.connect(ctx.server);
      const before = await client.request({ type: 'ask', id: 1, text: 'What is zorblax normalisation?' });
      expect(before.grounded).toBe(false);

      fs.writeFileSync(
        path.join(ctx.corpusDir, 'extra.md'),
        '# Extra notes\n\nQ: What is zorblax normalisation?\nA: Zorblax normalisation rescales each zorblax layer so that its activations have unit zorblax variance.\n',
      );
      await new Promise((resolve) => setTimeout(resolve, 400));
      await watcher.settled();
      const after = await client.request({ type: 'ask', id: 2, text: 'What is zorblax normalisation?' });
      expect(after.grounded).toBe(true);
      expect((after.citations as Array<{ file: string }>).some((c) => c.file === 'extra.md')).toBe(true);
      const source = await fetch(`http://127.0.0.1:${ctx.server.port}/api/source?file=extra.md&start=3&end=4`);
      expect(source.status).toBe(200);
      // Another course than the one the grader was fitted on: said in /api/info, graded conservatively.
      const info = async () => ((await (await fetch(`http://127.0.0.1:${ctx.server.port}/api/info`)).json()) as InfoResponse).grading;
      expect(await info()).toMatchObject({ calibrated: false });
      const graded = await ctx.tutor.grade({
        question: 'What is zorblax normalisation?',
        answer: 'It rescales each zorblax layer to unit zorblax variance.',
      });
      expect(graded.signals?.by).toBe('rules');

      fs.rmSync(path.join(ctx.corpusDir, 'extra.md'));
      await new Promise((resolve) => setTimeout(resolve, 400));
      await watcher.settled();
      const gone = await client.request({ type: 'ask', id: 3, text: 'What is zorblax normalisation?' });
      expect((gone.citations as Array<{ file: string }>).some((c) => c.file === 'extra.md')).toBe(false);
      expect((await fetch(`http://127.0.0.1:${ctx.server.port}/api/source?file=extra.md&start=3&end=4`)).status).toBe(404);
      expect(await info()).toMatchObject({ calibrated: true });
      client.close();
    } finally {
      watcherClose();
      await ctx.server.close();
    }
  });

  it('two `tutor index` processes at once leave one valid index (the lock)', async () => {
    const ws = tempWorkspace('lock');
    const env = cliEnv(ws);
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'index'], { env });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const results = [a, b].map(
      (r) => JSON.parse(r.out.trim().split('\n').pop()!) as { upToDate: boolean; embeddedChunks: number; chunks: number },
    );
    // One built it; the other waited for the lock and then found it up to date.
    expect(results.filter((r) => r.upToDate)).toHaveLength(1);
    const data = loadIndex(ws.indexDir);
    expect(data.chunks.length).toBe(results[0]!.chunks);
    expect(fs.readdirSync(ws.indexDir).filter((f) => f.startsWith('gen-'))).toHaveLength(1);
    expect(fs.existsSync(path.join(ws.indexDir, '.lock'))).toBe(false);
  });
});

describe('shutdown', () => {
  it('SIGTERM stops accepting, finishes the reply in flight, then exits 0', async () => {
    const ws = tempWorkspace('sigterm');
    const env = cliEnv(ws, { PORT: '0' });
    expect(spawnSync(process.execPath, [CLI, 'index'], { env, encoding: 'utf8' }).status).toBe(0);
    const child = spawn(process.execPath, [CLI, 'serve'], { env });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const match = /Tutor ready on http:\/\/localhost:(\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
    });
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    await new Promise((resolve) => socket.once('open', resolve));
    const reply = new Promise<{ type: string }>((resolve) =>
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { type: string };
        if (frame.type !== 'token') resolve(frame);
      }),
    );
    socket.send(JSON.stringify({ type: 'ask', id: 'inflight', text: 'Explain how a convolutional neural network works' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGTERM');
    expect((await reply).type).toBe('answer');
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  });
});
