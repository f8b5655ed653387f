import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { devQueries, mib, ms, percentile, ROOT, type Row } from './common.js';

const REPLY_TIMEOUT_MS = 180_000;

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

type Final = { type: string; id: string; questionId?: string; kind?: string; options?: Array<{ label: string }>; code?: string };

/** One student: connect, then `rounds` × (ask, quiz, answer the quiz), each waiting for its reply. */
async function student(port: number, index: number, rounds: number, queries: string[], latencies: number[], outcome: { errors: number; lost: number; done: number }): Promise<void> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<string, (frame: Final) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Final;
    if (frame.type === 'token') return;
    waiting.get(frame.id)?.(frame);
    waiting.delete(frame.id);
  });
  let counter = 0;
  const request = (message: Record<string, unknown>): Promise<Final | undefined> => {
    const id = `s${index}-${counter++}`;
    const started = performance.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        outcome.lost++;
        resolve(undefined);
      }, REPLY_TIMEOUT_MS);
      waiting.set(id, (frame) => {
        clearTimeout(timer);
        latencies.push(performance.now() - started);
        if (frame.type === 'error') outcome.errors++;
        else outcome.done++;
        resolve(frame);
      });
      socket.send(JSON.stringify({ ...message, id }));
    });
  };
  for (let round = 0; round < rounds; round++) {
    await request({ type: 'ask', text: queries[(index + round) % queries.length] });
    const question = await request({ type: 'quiz' });
    if (question?.type === 'question' && question.questionId) {
      const text = question.kind === 'mcq' ? (question.options?.[0]?.label ?? 'A') : 'Det handler om å trene modellen på data.';
      await request({ type: 'answer', questionId: question.questionId, text });
    }
  }
  socket.close();
}

export async function benchLoad(clients = 200, rounds = 1): Promise<Row[]> {
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-load-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'serve'], {
    env: { ...process.env, PORT: '0', TUTOR_HOST: '127.0.0.1', TUTOR_INDEX_DIR: indexDir, TUTOR_LOG_LEVEL: 'warn', TUTOR_LLM_BASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serverErrors = '';
  child.stderr.on('data', (d) => (serverErrors += d));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /Tutor ready on http:\/\/localhost:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', () => reject(new Error(`server exited before it was ready: ${serverErrors}`)));
  });
  const idleRss = rssOf(child.pid!);
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(child.pid!))), 200);
  const latencies: number[] = [];
  const outcome = { errors: 0, lost: 0, done: 0 };
  const queries = devQueries();
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, i) => student(port, i, rounds, queries, latencies, outcome)));
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  fs.rmSync(indexDir, { recursive: true, force: true });
  const crashed = /"level":"error"/.test(serverErrors);
  const section = `load: ${clients} ws clients × ${rounds} round(s) of ask + quiz + answer, loopback`;
  const requests = outcome.done + outcome.errors + outcome.lost;
  return [
    { section, metric: 'requests', value: `${requests}` },
    { section, metric: 'throughput', value: `${((outcome.done + outcome.errors) / (wallMs / 1000)).toFixed(1)} replies/s over ${ms(wallMs)}` },
    { section, metric: 'latency p50 / p95 / p99', value: `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))}` },
    { section, metric: 'error replies / lost replies', value: `${outcome.errors} / ${outcome.lost}` },
    { section, metric: 'server errors logged', value: crashed ? 'yes (see server log)' : '0' },
    { section, metric: 'server RSS idle → peak', value: `${mib(idleRss)} → ${mib(peakRss)}` },
  ];
}
