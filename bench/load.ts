import WebSocket from 'ws';
import { devQueries, mib, ms, percentile, type Row } from './common.js';
import { memoryOf, startServerProcess } from './server.js';

const REPLY_TIMEOUT_MS = 180_000;

type Final = { type: string; id: string; questionId?: string; kind?: string; options?: Array<{ label: string }>; code?: string };

/** One student: connect, then `rounds` × (ask, quiz, answer the quiz), each waiting for its reply. */
async function student(
  port: number,
  index: number,
  rounds: number,
  queries: string[],
  latencies: number[],
  outcome: { errors: number; lost: number; done: number },
): Promise<void> {
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
  // The local language model answers one document at a time; its latency under a queue is measured by
  // bench/grading.ts. Here the server's own throughput is measured, grading by embeddings and rules.
  const server = await startServerProcess({ TUTOR_LOCAL_LLM: 'off' });
  const { port } = server;
  const idleRss = memoryOf(server.child.pid!).rss;
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryOf(server.child.pid!).rss)), 200);
  const latencies: number[] = [];
  const outcome = { errors: 0, lost: 0, done: 0 };
  const queries = devQueries();
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, i) => student(port, i, rounds, queries, latencies, outcome)));
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  await server.stop();
  const crashed = /"level":"error"/.test(server.log());
  const section = `load: ${clients} ws clients × ${rounds} round(s) of ask + quiz + answer, loopback (local LLM off)`;
  const requests = outcome.done + outcome.errors + outcome.lost;
  return [
    { section, metric: 'requests', value: `${requests}` },
    {
      section,
      metric: 'throughput',
      value: `${((outcome.done + outcome.errors) / (wallMs / 1000)).toFixed(1)} replies/s over ${ms(wallMs)}`,
    },
    {
      section,
      metric: 'latency p50 / p95 / p99',
      value: `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))}`,
    },
    { section, metric: 'error replies / lost replies', value: `${outcome.errors} / ${outcome.lost}` },
    { section, metric: 'server errors logged', value: crashed ? 'yes (see server log)' : '0' },
    { section, metric: 'server RSS idle → peak', value: `${mib(idleRss)} → ${mib(peakRss)}` },
  ];
}
