import fs from 'node:fs';
import path from 'node:path';
import { mib, ms, p50p95, percentile, ROOT, type Row } from './common.js';
import { connectClient, memoryOf, startServerProcess } from './server.js';

interface GradingCase {
  question: string;
  answer: string;
}

function gradingCases(): GradingCase[] {
  return ['dev-grading.jsonl', 'dev-grading-traps.jsonl'].flatMap((name) =>
    fs
      .readFileSync(path.join(ROOT, 'eval', name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as GradingCase),
  );
}

/**
 * Grading through a real server with both models loaded: each dev answer graded one after another
 * (what a student waits for), then a burst of `burst` students answering at the same moment (the
 * local model reads one answer at a time, so they queue).
 */
export async function benchGrading(burst = 8): Promise<Row[]> {
  const server = await startServerProcess({ TUTOR_LOCAL_LLM: 'auto' });
  const afterStart = memoryOf(server.child.pid!);
  const cases = gradingCases();
  const student = await connectClient(server.port, 'g');
  const sequential: number[] = [];
  const open: number[] = [];
  for (const c of cases) {
    const { reply, ms: took } = await student.request({ type: 'answer', question: c.question, text: c.answer });
    sequential.push(took);
    if (reply?.type === 'grade' && took > 100) open.push(took);
  }
  const clients = await Promise.all(Array.from({ length: burst }, (_, i) => connectClient(server.port, `b${i}`)));
  const started = performance.now();
  const burstResults = await Promise.all(
    clients.map((client, i) =>
      client.request({ type: 'answer', question: cases[i % cases.length]!.question, text: cases[i % cases.length]!.answer }),
    ),
  );
  const burstWall = performance.now() - started;
  const burstMs = burstResults.map((r) => r.ms);
  const memory = memoryOf(server.child.pid!);
  for (const client of [student, ...clients]) client.close();
  await server.stop();
  const section = `grading: ${cases.length} dev answers through ws, local LLM + embeddings (server)`;
  return [
    {
      section,
      metric: 'grade latency p50 / p95 (all answers)',
      value: p50p95(sequential),
    },
    {
      section,
      metric: `grade latency p50 / p95 (${open.length} answers the model read)`,
      value: p50p95(open),
    },
    {
      section,
      metric: `burst of ${burst} students at once: p50 / max, wall`,
      value: `${ms(percentile(burstMs, 50))} / ${ms(Math.max(...burstMs))}, ${ms(burstWall)}`,
    },
    { section, metric: 'server RSS after start (both models loaded) / peak', value: `${mib(afterStart.rss)} / ${mib(memory.peak)}` },
  ];
}
